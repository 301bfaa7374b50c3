#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::store {

// Portfolio summaries: what a head of events and finance look at across every event. Amounts
// stay per currency; each also comes converted into the organization's reporting currency with
// the rates it entered, marked `converted` with the rates used, or null with the missing
// rates listed: a total is never made of the parts that happened to have a rate.

/// Which events a summary covers: those starting within the inclusive dates (YYYY-MM-DD,
/// already checked), all when unset.
struct summary_range {
    std::optional<std::string> from;
    std::optional<std::string> to;
};

/// Planned, committed and actual spend by budget category and by calendar quarter of the
/// event's start, per currency: a `cells` list (category × quarter × currency), then
/// `by_category` and `by_quarter` with their per-currency totals and the figures in the
/// reporting currency. Each cell converts with the latest rate dated on or before the last day
/// of its quarter. invalid_argument when a total leaves the exact 64-bit range.
[[nodiscard]] result<nlohmann::json> spend_by_category_and_quarter(db::transaction& tx,
                                                                   const summary_range& range);

/// What a pipeline summary page asks for.
struct pipeline_query {
    summary_range range;
    std::size_t limit = 100;
    std::optional<std::string> cursor;
};

/// Pipeline by event, for events with at least one linked opportunity, in start order: the
/// number of opportunities, sourced, influenced (face value) and won amounts per currency,
/// and the attributed pipeline and won revenue in the reporting currency as the event's stored
/// scorecard computed them (influenced links at their weight). Keyset-paged; a foreign cursor
/// is invalid_argument.
[[nodiscard]] result<nlohmann::json> pipeline_by_event(db::transaction& tx,
                                                       const pipeline_query& query);

/// The distribution of stored scores: the combined score in ten bands (0–9 … 90–100) and, for
/// each of the five scores, its mean; how many events each tier and decision has; how many
/// events have no stored score; the formula versions the scores were computed with.
[[nodiscard]] result<nlohmann::json> score_distribution(db::transaction& tx,
                                                        const summary_range& range);

}  // namespace dott::store
