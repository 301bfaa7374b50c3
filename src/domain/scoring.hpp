#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/money.hpp"

namespace dott::domain {

/// An exact non-negative rational number of points, kept in lowest terms so that two equal
/// values compare equal. A criterion's points are exact; only a score is rounded.
struct points {
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;

    friend bool operator==(const points&, const points&) = default;
};

/// Criterion weights of the Pre-Event score. Each is a non-negative integer; a score divides
/// the points earned by the sum of the weights that apply, so weights need not add up to 100.
struct pre_event_weights {
    int goals_set = 15;
    int success_defined = 20;
    int budget_locked = 15;
    int owner_assigned = 10;
    int roles_assigned = 10;
    int efficiency = 30;
};

/// Criterion weights of the Efficiency score.
struct efficiency_weights {
    int milestones_on_time = 25;
    int tasks_on_time = 25;
    int spend_within_budget = 30;
    int tasks_owned = 20;
};

/// Criterion weights of the Post-Event score.
struct post_event_weights {
    int targets_hit = 30;
    int outcomes_captured = 20;
    int proof_documented = 10;
    int recap_on_time = 10;
    int efficiency = 30;
};

/// Criterion weights of the ROX (return on experience) score.
struct rox_weights {
    int attendance_rate = 40;
    int feedback = 40;
    int engagement = 20;
};

/// The thresholds that turn a scorecard into a tier recommendation. A combined score equal to
/// a threshold reaches that tier.
struct tier_thresholds {
    int tier_1_min = 80;
    int tier_2_min = 65;
    int tier_3_min = 50;

    /// A fall of at least this many combined points from the previous edition of the series
    /// turns a repeat into an adjust. Zero switches the rule off.
    int decline_points = 10;

    /// When set, a cost per opportunity above it (or any cost with no opportunity at all)
    /// lowers the tier by one and turns a repeat into an adjust. It must be in the reporting
    /// currency of the scorecard it is applied to.
    std::optional<money> max_cost_per_opportunity;
};

/// One version of the scoring formula as an organization tuned it. A scorecard records the
/// version it was computed with; changing any weight means a new version.
struct scoring_weights {
    int version = 1;
    pre_event_weights pre_event;
    efficiency_weights efficiency;
    post_event_weights post_event;
    rox_weights rox;

    /// Combined = (combined_pre_event × Pre-Event + combined_post_event × Post-Event) / 100;
    /// the two must add up to exactly 100.
    int combined_pre_event = 40;
    int combined_post_event = 60;

    /// Share of an influenced opportunity attributed to the event, in percent (0..100).
    /// Sourced opportunities always count in full.
    int influenced_percent = 50;

    /// Days after the event's last day within which the recap counts as on time.
    int recap_days = 14;

    /// Each percent of overspend costs this many percent of the spend criterion.
    int overspend_penalty = 2;

    tier_thresholds tiers;
};

/// The published default formula, version 1.
[[nodiscard]] scoring_weights default_weights();

/// Checks a formula: a version of at least 1; every weight in 0..1000; no score whose weights
/// are all zero; combined weights adding up to exactly 100; influenced_percent in 0..100;
/// recap_days in 0..366; overspend_penalty in 0..100; tier thresholds in 0..100 with
/// tier_1_min >= tier_2_min >= tier_3_min; decline_points in 0..100; a cost ceiling that is
/// non-negative and in an ISO 4217 currency. The failure names the field.
[[nodiscard]] result<void> check_weights(const scoring_weights& weights);

/// A role an event needs and when someone was assigned to it (empty: nobody yet).
struct role_input {
    std::string role;
    std::optional<std::string> assigned_on;
};

/// A milestone with its due date and the date it was reached. A milestone with no due date
/// cannot be graded and is a missing input.
struct milestone_input {
    std::string name;
    std::optional<std::string> due_on;
    std::optional<std::string> done_on;
};

/// A task with its due date, completion date and whether someone owns it.
struct task_input {
    std::string name;
    std::optional<std::string> due_on;
    std::optional<std::string> done_on;
    bool owned = false;
};

/// How an opportunity is linked to the event.
enum class attribution { sourced, influenced };

/// An opportunity from the CRM linked to the event. An influenced one counts with its own
/// `influenced_percent` (0..100) when the link gives one, else with the formula's.
struct opportunity_input {
    std::string external_id;
    money amount;
    attribution link = attribution::sourced;
    bool won = false;
    std::optional<int> influenced_percent;
};

/// What success means for the event, and when it was written down. An empty target was not
/// defined.
struct success_targets {
    std::optional<money> pipeline;
    std::optional<std::int64_t> meetings;
    std::optional<std::int64_t> leads;
    std::optional<std::int64_t> attendees;
    std::optional<std::string> defined_on;
};

/// Attendee feedback on a 1-to-5 scale, given as the sum of all answers and their count, so
/// that the average stays exact.
struct feedback_input {
    std::int64_t total = 0;
    std::int64_t count = 0;
};

/// Everything the scores of one event need, as plain values. An empty optional (or an empty
/// list where a list is the input) is a missing input: it earns no points and is listed. All
/// dates are YYYY-MM-DD; nothing here reads a clock.
struct scoring_inputs {
    /// The date the scores are computed for, which decides what is due yet.
    std::string today;
    std::string starts_on;
    std::string ends_on;

    /// Every amount is converted into this currency with `rates`, using the latest rate dated
    /// on or before `rates_as_of` (the event's last day when empty).
    std::string reporting_currency;
    std::vector<exchange_rate> rates;
    std::optional<std::string> rates_as_of;

    std::optional<std::string> goals_set_on;
    success_targets targets;
    std::optional<money> budget_planned;
    std::optional<std::string> budget_locked_on;
    std::optional<std::string> owner_assigned_on;
    std::vector<role_input> roles;

    std::vector<milestone_input> milestones;
    std::vector<task_input> tasks;

    /// Actual spend, one amount per currency. Empty optional: not recorded; {0 EUR}: nothing
    /// was spent.
    std::optional<std::vector<money>> actual_spend;

    std::optional<std::int64_t> leads;
    std::optional<std::int64_t> meetings;
    std::optional<std::int64_t> registered;
    std::optional<std::int64_t> attended;
    std::optional<std::int64_t> no_shows;
    std::optional<std::int64_t> engaged;
    std::optional<std::vector<opportunity_input>> opportunities;
    std::int64_t proof_count = 0;
    std::optional<std::string> recap_done_on;
    std::optional<feedback_input> feedback;
};

/// One line of a score's breakdown. `max_points` is the criterion's weight, or zero when
/// there was nothing to grade yet (then the criterion leaves the score out entirely).
struct criterion_score {
    std::string name;
    int weight = 0;
    points earned;
    int max_points = 0;
    bool missing = false;
    std::string explanation;
};

/// One score, 0..100, with its breakdown and the inputs whose absence lowered it.
struct score {
    int value = 0;
    std::vector<criterion_score> breakdown;
    std::vector<std::string> missing;
};

/// An amount in the reporting currency with the rates that produced it; `rates_used` is empty
/// when every part was already in the reporting currency.
struct reported_money {
    money amount;
    std::vector<exchange_rate> rates_used;

    [[nodiscard]] bool is_converted() const noexcept { return !rates_used.empty(); }
};

/// An amount and the date whose exchange rate converts it (YYYY-MM-DD).
struct dated_money {
    money amount;
    std::string as_of;
};

/// Converts each amount into `to` with the latest rate the organization dated on or before the
/// amount's own date, and adds the results exactly. Empty when any rate is missing: a total is
/// never made of some parts only; each missing pair is added once to `missing`
/// ("exchange_rate.USD_EUR"). Fails with invalid_argument on overflow.
[[nodiscard]] result<std::optional<reported_money>> report_total(
    std::span<const dated_money> amounts, std::string_view to, std::span<const exchange_rate> rates,
    std::vector<std::string>& missing);

/// Return on investment. A figure is empty when it is undefined (zero cost, zero count) or
/// its inputs are missing; `notes` says which and why. Percentages are whole numbers rounded
/// half away from zero.
struct roi_report {
    std::vector<money> actual_cost_by_currency;
    std::optional<reported_money> actual_cost;
    std::optional<reported_money> attributed_pipeline;
    std::optional<reported_money> won_revenue;

    /// attributed pipeline × 100 / actual cost (300 means three times the cost).
    std::optional<std::int64_t> pipeline_to_cost_percent;

    /// (won revenue − actual cost) × 100 / actual cost.
    std::optional<std::int64_t> roi_percent;

    std::optional<reported_money> cost_per_lead;
    std::optional<reported_money> cost_per_meeting;
    std::optional<reported_money> cost_per_attendee;
    std::optional<reported_money> cost_per_opportunity;
    std::vector<std::string> notes;
    std::vector<std::string> missing;
};

/// All scores of one event under one formula version.
struct scorecard {
    int formula_version = 0;
    std::string reporting_currency;
    score pre_event;
    score efficiency;
    score post_event;
    score combined;
    score rox;
    roi_report roi;

    /// Every missing input of every score and of the ROI, once each, in first-seen order.
    std::vector<std::string> missing;
};

/// Computes every score of an event. Pure: the result depends on the arguments only.
/// Fails with invalid_argument (naming the field) when the weights fail check_weights(), a
/// date is not YYYY-MM-DD, a currency is not ISO 4217, a count is negative, the feedback
/// average lies outside 1..5, or an amount overflows. Missing inputs and missing exchange
/// rates are not failures: they are listed.
[[nodiscard]] result<scorecard> score_event(const scoring_inputs& inputs,
                                            const scoring_weights& weights);

}  // namespace dott::domain
