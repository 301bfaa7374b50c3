#include "domain/tiering.hpp"

#include <algorithm>
#include <utility>

namespace dott::domain {
namespace {

tier_level tier_for(int combined, const tier_thresholds& t) {
    if (combined >= t.tier_1_min) {
        return tier_level::tier_1;
    }
    if (combined >= t.tier_2_min) {
        return tier_level::tier_2;
    }
    if (combined >= t.tier_3_min) {
        return tier_level::tier_3;
    }
    return tier_level::cut;
}

tier_level lower(tier_level tier) {
    switch (tier) {
        case tier_level::tier_1:
            return tier_level::tier_2;
        case tier_level::tier_2:
            return tier_level::tier_3;
        default:
            return tier_level::cut;
    }
}

std::string tier_name(tier_level tier) {
    switch (tier) {
        case tier_level::tier_1:
            return "tier 1 (flagship)";
        case tier_level::tier_2:
            return "tier 2 (core)";
        case tier_level::tier_3:
            return "tier 3 (opportunistic)";
        default:
            return "cut";
    }
}

std::string amount_text(const money& m) {
    return format_minor_units(m.minor, m.currency) + " " + m.currency;
}

std::string score_sentence(int combined, tier_level tier, const tier_thresholds& t) {
    std::string text = "Combined score " + std::to_string(combined);
    switch (tier) {
        case tier_level::tier_1:
            return text + " is at or above the tier 1 threshold of " +
                   std::to_string(t.tier_1_min) + ".";
        case tier_level::tier_2:
            return text + " is at or above the tier 2 threshold of " +
                   std::to_string(t.tier_2_min) + " and below tier 1 at " +
                   std::to_string(t.tier_1_min) + ".";
        case tier_level::tier_3:
            return text + " is at or above the tier 3 threshold of " +
                   std::to_string(t.tier_3_min) + " and below tier 2 at " +
                   std::to_string(t.tier_2_min) + ".";
        default:
            return text + " is below the tier 3 threshold of " + std::to_string(t.tier_3_min) + ".";
    }
}

std::string rates_clause(const reported_money& amount) {
    if (!amount.is_converted()) {
        return "";
    }
    std::string text = " (converted at";
    for (std::size_t i = 0; i < amount.rates_used.size(); ++i) {
        const exchange_rate& rate = amount.rates_used[i];
        text += (i == 0 ? " " : ", ") + rate.from + " to " + rate.to + " " +
                format_exchange_rate(rate) + " dated " + rate.on;
    }
    return text + ")";
}

// Judges the cost per opportunity against the ceiling; returns the sentence and whether the
// event is over the ceiling.
std::pair<std::string, bool> cost_sentence(const scorecard& card, const tier_thresholds& t) {
    const roi_report& roi = card.roi;
    if (!roi.actual_cost) {
        return {"Cost per opportunity is unknown: the actual cost is missing.", false};
    }
    if (!roi.cost_per_opportunity) {
        if (std::find(roi.missing.begin(), roi.missing.end(), "opportunities") !=
            roi.missing.end()) {
            return {"Cost per opportunity is unknown: no opportunities are recorded.", false};
        }
        if (roi.actual_cost->amount.minor <= 0) {
            return {"Cost per opportunity is undefined: nothing was spent.", false};
        }
        std::string text = "No opportunity came from " + amount_text(roi.actual_cost->amount) +
                           rates_clause(*roi.actual_cost) + " spent";
        if (t.max_cost_per_opportunity) {
            return {text + ", so the cost per opportunity is over any ceiling.", true};
        }
        return {text + ".", false};
    }

    const reported_money& cost = *roi.cost_per_opportunity;
    std::string text = "Cost per opportunity " + amount_text(cost.amount) + rates_clause(cost);
    if (!t.max_cost_per_opportunity) {
        return {text + ", with no ceiling set.", false};
    }
    const money& ceiling = *t.max_cost_per_opportunity;
    if (cost.amount.minor > ceiling.minor) {
        return {text + " is above the ceiling of " + amount_text(ceiling) + ".", true};
    }
    return {text + " is within the ceiling of " + amount_text(ceiling) + ".", false};
}

std::string trend_sentence(std::optional<int> previous, std::optional<int> change) {
    if (!previous || !change) {
        return "No previous edition in the series to compare with.";
    }
    if (*change == 0) {
        return "Combined score unchanged from " + std::to_string(*previous) +
               " in the previous edition.";
    }
    std::string direction = *change > 0 ? "rose" : "fell";
    int size = *change > 0 ? *change : -*change;
    return "Combined score " + direction + " " + std::to_string(size) + " point" +
           (size == 1 ? "" : "s") + " from " + std::to_string(*previous) +
           " in the previous edition.";
}

std::string missing_sentence(const std::vector<std::string>& missing) {
    if (missing.empty()) {
        return "";
    }
    std::string text = " " + std::to_string(missing.size()) + " missing input" +
                       (missing.size() == 1 ? "" : "s") + " lowered the scores: ";
    for (std::size_t i = 0; i < missing.size(); ++i) {
        text += (i == 0 ? "" : ", ") + missing[i];
    }
    return text + ".";
}

}  // namespace

std::string_view to_string(tier_level tier) noexcept {
    switch (tier) {
        case tier_level::tier_1:
            return "tier_1";
        case tier_level::tier_2:
            return "tier_2";
        case tier_level::tier_3:
            return "tier_3";
        case tier_level::cut:
            return "cut";
    }
    return "cut";
}

std::string_view to_string(tier_decision decision) noexcept {
    switch (decision) {
        case tier_decision::repeat:
            return "repeat";
        case tier_decision::adjust:
            return "adjust";
        case tier_decision::cut:
            return "cut";
    }
    return "cut";
}

result<tier_recommendation> recommend_tier(const scorecard& card,
                                           std::optional<int> previous_combined_score,
                                           const scoring_weights& weights) {
    if (auto checked = check_weights(weights); !checked) {
        return std::unexpected(checked.error());
    }
    if (weights.version != card.formula_version) {
        return fail(errc::invalid_argument,
                    "the scorecard was computed with formula version " +
                        std::to_string(card.formula_version) + ", not " +
                        std::to_string(weights.version),
                    "version");
    }
    const tier_thresholds& t = weights.tiers;
    if (t.max_cost_per_opportunity &&
        t.max_cost_per_opportunity->currency != card.reporting_currency) {
        return fail(errc::invalid_argument,
                    "the cost ceiling must be in the reporting currency " + card.reporting_currency,
                    "tiers.max_cost_per_opportunity");
    }
    if (previous_combined_score &&
        (*previous_combined_score < 0 || *previous_combined_score > 100)) {
        return fail(errc::invalid_argument, "a combined score is in 0..100",
                    "previous_combined_score");
    }

    tier_recommendation rec;
    rec.formula_version = card.formula_version;
    rec.combined_score = card.combined.value;
    rec.previous_combined_score = previous_combined_score;
    rec.cost_per_opportunity = card.roi.cost_per_opportunity;
    if (previous_combined_score) {
        rec.year_over_year_change = card.combined.value - *previous_combined_score;
    }

    // The score sets the tier; cost and trend can only hold it back.
    tier_level by_score = tier_for(card.combined.value, t);
    auto [cost_text, over_cost] = cost_sentence(card, t);
    rec.over_cost_ceiling = over_cost;
    rec.tier = over_cost ? lower(by_score) : by_score;
    bool declining = t.decline_points > 0 && rec.year_over_year_change &&
                     *rec.year_over_year_change <= -t.decline_points;

    if (rec.tier == tier_level::cut) {
        rec.decision = tier_decision::cut;
    } else if (rec.tier == tier_level::tier_3 || over_cost || declining) {
        rec.decision = tier_decision::adjust;
    } else {
        rec.decision = tier_decision::repeat;
    }

    std::string verdict = " Recommendation: " + tier_name(rec.tier);
    if (over_cost && by_score != rec.tier) {
        verdict += ", one tier below " + tier_name(by_score) + " for the cost";
    }
    if (declining) {
        verdict += ", after a fall of at least " + std::to_string(t.decline_points) + " points";
    }
    verdict += "; decision: " + std::string(to_string(rec.decision)) + ".";
    rec.rationale = score_sentence(card.combined.value, by_score, t) + " " + cost_text + " " +
                    trend_sentence(previous_combined_score, rec.year_over_year_change) + verdict +
                    missing_sentence(card.missing);
    return rec;
}

}  // namespace dott::domain
