#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/event.hpp"
#include "domain/scoring.hpp"
#include "domain/tiering.hpp"

namespace dott::store {

// Stored scores. Every event of an organization has one row of event_scores, computed with
// the organization's current formula from everything recorded about the event, and kept
// current inside the transaction of every write of its inputs: the store's writers register
// "score event X again" with db::transaction::before_commit(), so each event is computed once
// per transaction, after all of its writes, and a failure rolls the writes back with it.

/// Registers, for the end of the transaction, computing and storing the scores of the event
/// (nothing when it no longer exists). When its combined score changes, the next edition of
/// its series is scored again too. Nothing is registered while every event is waiting anyway.
void schedule_scores(db::transaction& tx, const std::string& event_id);

/// Registers, for the end of the transaction, computing every event of the organization.
void schedule_all_scores(db::transaction& tx);

/// Registers what a write of an event changes: the event as written (`after`, null when it
/// was deleted) and, when the event was created, deleted or moved (another series or start
/// date), the next edition of its series before and after the write, whose previous edition
/// changed.
void schedule_event_scores(db::transaction& tx, const domain::event* before,
                           const domain::event* after);

/// Registers the scores of every event that an opportunity is linked to, or that a contact is
/// a lead of, as they are now (call it before a delete that cascades to the links).
[[nodiscard]] result<void> schedule_linked_scores(db::transaction& tx, const std::string& table,
                                                  const std::string& id);

/// Gathers everything the scores of one event need from the database, for the date `today`
/// (YYYY-MM-DD); not_found when the event is not the organization's. See docs/SCORING.md for
/// how each input is read.
[[nodiscard]] result<domain::scoring_inputs> gather_scoring_inputs(db::transaction& tx,
                                                                   const std::string& event_id,
                                                                   const std::string& today);

/// Computes and stores the scores of one event now, for the transaction's date; returns
/// whether its combined score changed (true for a first computation). not_found when the event
/// does not exist. Fails with the engine's error (naming the field) when an input or the
/// formula is refused.
[[nodiscard]] result<bool> refresh_scores(db::transaction& tx, const std::string& event_id);

/// Computes and stores the scores of every event of the organization now, in start order, so
/// that each edition of a series sees the fresh score of the one before. Returns how many.
[[nodiscard]] result<std::size_t> refresh_all_scores(db::transaction& tx);

/// The organization's current formula: its latest version, or domain::default_weights().
[[nodiscard]] result<domain::scoring_weights> current_formula(db::transaction& tx);

/// Stores `weights` as the next version of the organization's formula (version 2 and up),
/// makes it current, records it in the audit log, and registers computing every event with
/// it. The weights' own version is ignored. Writers of one organization's formula take turns
/// (the organization's row is locked), so each gets its own version. Weights equal to the
/// current formula's change nothing: the current formula is returned, no version is added
/// and nothing is scored again. Fails with invalid_argument, naming the field, when
/// domain::check_weights() refuses them or the cost ceiling is not in the reporting currency.
/// Returns the weights with their version.
[[nodiscard]] result<domain::scoring_weights> set_formula(db::transaction& tx,
                                                          domain::scoring_weights weights);

/// A formula as JSON, in the shape PUT /scoring-formula takes (without its version).
[[nodiscard]] nlohmann::json formula_to_json(const domain::scoring_weights& weights);

/// A formula from JSON that passed the scoring_formula schema: a field left out takes the
/// published default.
[[nodiscard]] domain::scoring_weights formula_from_json(const nlohmann::json& body);

/// An amount in the reporting currency as the API shows it: amount_minor, currency,
/// `converted` and the rates used; null when it could not be computed.
[[nodiscard]] nlohmann::json reported_json(const std::optional<domain::reported_money>& m);

/// The organization's reporting currency.
[[nodiscard]] std::string reporting_currency(db::transaction& tx);

/// Every exchange rate the organization entered, by pair and date.
[[nodiscard]] std::vector<domain::exchange_rate> load_exchange_rates(db::transaction& tx);

/// A scorecard and a recommendation as stored in event_scores and shown by the API.
[[nodiscard]] nlohmann::json to_json(const domain::scorecard& card);
[[nodiscard]] nlohmann::json to_json(const domain::tier_recommendation& rec);

/// The stored scores of an event: the five scores with their breakdowns, missing inputs, ROI,
/// the recommendation, the formula version and the date they were computed for. not_found when
/// the event is not the organization's or has no scores yet.
[[nodiscard]] result<nlohmann::json> get_event_scores(db::transaction& tx,
                                                      const std::string& event_id);

/// What a list of tier recommendations asks for.
struct recommendation_filter {
    std::optional<std::string> tier;      ///< tier_1, tier_2, tier_3 or cut.
    std::optional<std::string> decision;  ///< repeat, adjust or cut.
    std::size_t limit = 50;
    std::optional<std::string> cursor;
};

/// One page of recommendations, best combined score first, and the cursor of the next.
struct recommendation_page {
    std::vector<nlohmann::json> recommendations;
    std::optional<std::string> next_cursor;
};

/// The organization's stored tier recommendations, each with its event, rationale, combined
/// score, year-over-year change and cost per opportunity. A foreign cursor is invalid_argument.
[[nodiscard]] result<recommendation_page> list_tier_recommendations(
    db::transaction& tx, const recommendation_filter& filter);

}  // namespace dott::store
