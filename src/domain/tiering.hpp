#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/scoring.hpp"

namespace dott::domain {

/// The tiers of the portfolio: flagship, core, opportunistic, or not worth running again.
enum class tier_level { tier_1, tier_2, tier_3, cut };

/// What to do with the next edition.
enum class tier_decision { repeat, adjust, cut };

/// A recommendation for one event, with the numbers it rests on and a rationale that cites them.
struct tier_recommendation {
    int formula_version = 0;
    tier_level tier = tier_level::cut;
    tier_decision decision = tier_decision::cut;
    int combined_score = 0;
    std::optional<int> previous_combined_score;

    /// Combined score minus the previous edition's, when the series has one.
    std::optional<int> year_over_year_change;
    std::optional<reported_money> cost_per_opportunity;
    bool over_cost_ceiling = false;
    std::string rationale;
};

/// "tier_1", "tier_2", "tier_3" or "cut".
[[nodiscard]] std::string_view to_string(tier_level tier) noexcept;

/// "repeat", "adjust" or "cut".
[[nodiscard]] std::string_view to_string(tier_decision decision) noexcept;

/// Recommends a tier and a decision for the event of `card`, given the combined score of the
/// previous edition of its series (if any), under the thresholds of `weights`:
/// 1. the combined score picks the tier (a score equal to a threshold reaches it);
/// 2. a cost per opportunity above the ceiling, or a cost with no opportunity, lowers it by one;
/// 3. cut means cut; otherwise a tier 3, a cost over the ceiling, or a fall of at least
///    decline_points since the previous edition means adjust; anything else means repeat.
/// Fails with invalid_argument when the weights fail check_weights(), their version differs
/// from the card's, the ceiling is in another currency than the card's reporting currency, or
/// the previous score is outside 0..100.
[[nodiscard]] result<tier_recommendation> recommend_tier(const scorecard& card,
                                                         std::optional<int> previous_combined_score,
                                                         const scoring_weights& weights);

}  // namespace dott::domain
