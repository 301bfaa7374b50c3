#include "domain/tiering.hpp"

#include <string>

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

// A scorecard reduced to what a recommendation reads: the combined score, the cost per
// opportunity and the missing inputs.
scorecard card_with(int combined, std::int64_t cost_minor = 500'000,
                    std::optional<std::int64_t> opportunities = 4) {
    scorecard card;
    card.formula_version = 1;
    card.reporting_currency = "EUR";
    card.combined.value = combined;
    card.roi.actual_cost = reported_money{{cost_minor, "EUR"}, {}};
    if (!opportunities) {
        card.roi.missing.push_back("opportunities");
        return card;
    }
    if (*opportunities > 0) {
        card.roi.cost_per_opportunity = reported_money{{cost_minor / *opportunities, "EUR"}, {}};
    }
    return card;
}

scoring_weights with_ceiling(std::int64_t minor) {
    scoring_weights w = default_weights();
    w.tiers.max_cost_per_opportunity = money{minor, "EUR"};
    return w;
}

tier_recommendation recommend(const scorecard& card, std::optional<int> previous = std::nullopt,
                              const scoring_weights& w = default_weights()) {
    auto rec = recommend_tier(card, previous, w);
    EXPECT_TRUE(rec.has_value()) << (rec ? "" : rec.error().message);
    return rec ? *rec : tier_recommendation{};
}

bool mentions(const tier_recommendation& rec, const std::string& text) {
    return rec.rationale.find(text) != std::string::npos;
}

TEST(TierToString, NamesEveryTierAndDecision) {
    EXPECT_EQ(to_string(tier_level::tier_1), "tier_1");
    EXPECT_EQ(to_string(tier_level::tier_2), "tier_2");
    EXPECT_EQ(to_string(tier_level::tier_3), "tier_3");
    EXPECT_EQ(to_string(tier_level::cut), "cut");
    EXPECT_EQ(to_string(tier_decision::repeat), "repeat");
    EXPECT_EQ(to_string(tier_decision::adjust), "adjust");
    EXPECT_EQ(to_string(tier_decision::cut), "cut");
}

// Default thresholds 80 / 65 / 50: a score equal to a threshold reaches that tier.
TEST(RecommendTier, PlacesScoresOnEachSideOfEveryThreshold) {
    struct expectation {
        int combined;
        tier_level tier;
        tier_decision decision;
    };
    for (auto [combined, tier, decision] :
         {expectation{100, tier_level::tier_1, tier_decision::repeat},
          expectation{80, tier_level::tier_1, tier_decision::repeat},
          expectation{79, tier_level::tier_2, tier_decision::repeat},
          expectation{65, tier_level::tier_2, tier_decision::repeat},
          expectation{64, tier_level::tier_3, tier_decision::adjust},
          expectation{50, tier_level::tier_3, tier_decision::adjust},
          expectation{49, tier_level::cut, tier_decision::cut},
          expectation{0, tier_level::cut, tier_decision::cut}}) {
        tier_recommendation rec = recommend(card_with(combined));

        EXPECT_EQ(rec.tier, tier) << combined;
        EXPECT_EQ(rec.decision, decision) << combined;
        EXPECT_EQ(rec.combined_score, combined);
    }
}

TEST(RecommendTier, CitesTheScoreTheCostAndTheTrendInTheRationale) {
    tier_recommendation rec = recommend(card_with(72, 500'000, 4), 64);

    // 5 000.00 EUR / 4 = 1 250.00 EUR; 72 − 64 = +8.
    EXPECT_EQ(rec.year_over_year_change, 8);
    EXPECT_EQ(rec.decision, tier_decision::repeat);
    EXPECT_TRUE(mentions(rec, "Combined score 72 is at or above the tier 2 threshold of 65"));
    EXPECT_TRUE(mentions(rec, "Cost per opportunity 1250.00 EUR, with no ceiling set."));
    EXPECT_TRUE(mentions(rec, "Combined score rose 8 points from 64 in the previous edition."));
    EXPECT_TRUE(mentions(rec, "Recommendation: tier 2 (core); decision: repeat."));
}

TEST(RecommendTier, SaysSoWhenTheSeriesHasNoPreviousEdition) {
    tier_recommendation rec = recommend(card_with(85));

    EXPECT_FALSE(rec.year_over_year_change.has_value());
    EXPECT_TRUE(mentions(rec, "No previous edition in the series"));
}

TEST(RecommendTier, AdjustsAfterAFallOfTheDeclineThresholdOrMore) {
    // 80 − 90 = −10 reaches the default decline of 10; 80 − 89 = −9 does not.
    tier_recommendation fell = recommend(card_with(80), 90);
    tier_recommendation dipped = recommend(card_with(80), 89);

    EXPECT_EQ(fell.tier, tier_level::tier_1);
    EXPECT_EQ(fell.decision, tier_decision::adjust);
    EXPECT_TRUE(mentions(fell, "fell 10 points from 90"));
    EXPECT_EQ(dipped.decision, tier_decision::repeat);
    EXPECT_TRUE(mentions(dipped, "fell 9 points from 89"));
}

TEST(RecommendTier, IgnoresTheTrendWhenTheDeclineRuleIsOff) {
    scoring_weights w = default_weights();
    w.tiers.decline_points = 0;

    tier_recommendation rec = recommend(card_with(85), 100, w);

    EXPECT_EQ(rec.decision, tier_decision::repeat);
}

TEST(RecommendTier, KeepsTheTierWhenTheCostEqualsTheCeiling) {
    // 5 000.00 EUR / 4 = 1 250.00 EUR, exactly the ceiling.
    tier_recommendation rec =
        recommend(card_with(85, 500'000, 4), std::nullopt, with_ceiling(125'000));

    EXPECT_FALSE(rec.over_cost_ceiling);
    EXPECT_EQ(rec.tier, tier_level::tier_1);
    EXPECT_EQ(rec.decision, tier_decision::repeat);
    EXPECT_TRUE(mentions(rec, "is within the ceiling of 1250.00 EUR"));
}

TEST(RecommendTier, LowersTheTierOneStepWhenTheCostIsAboveTheCeiling) {
    tier_recommendation rec =
        recommend(card_with(85, 500'000, 4), std::nullopt, with_ceiling(124'999));

    EXPECT_TRUE(rec.over_cost_ceiling);
    EXPECT_EQ(rec.tier, tier_level::tier_2);
    EXPECT_EQ(rec.decision, tier_decision::adjust);
    EXPECT_TRUE(mentions(rec, "is above the ceiling of 1249.99 EUR"));
    EXPECT_TRUE(mentions(rec, "one tier below tier 1 (flagship) for the cost"));
}

TEST(RecommendTier, CutsATierThreeEventThatIsAlsoOverTheCeiling) {
    tier_recommendation rec =
        recommend(card_with(55, 500'000, 1), std::nullopt, with_ceiling(100'000));

    EXPECT_EQ(rec.tier, tier_level::cut);
    EXPECT_EQ(rec.decision, tier_decision::cut);
}

TEST(RecommendTier, TreatsSpendWithNoOpportunityAsOverTheCeiling) {
    tier_recommendation rec =
        recommend(card_with(85, 500'000, 0), std::nullopt, with_ceiling(100'000));

    EXPECT_TRUE(rec.over_cost_ceiling);
    EXPECT_EQ(rec.tier, tier_level::tier_2);
    EXPECT_TRUE(mentions(rec, "No opportunity came from 5000.00 EUR spent"));
}

TEST(RecommendTier, DoesNotJudgeTheCostWhenOpportunitiesAreMissing) {
    scorecard card = card_with(85, 500'000, std::nullopt);
    card.missing = {"opportunities"};

    tier_recommendation rec = recommend(card, std::nullopt, with_ceiling(100'000));

    EXPECT_FALSE(rec.over_cost_ceiling);
    EXPECT_EQ(rec.tier, tier_level::tier_1);
    EXPECT_TRUE(mentions(rec, "no opportunities are recorded"));
    EXPECT_TRUE(mentions(rec, "1 missing input lowered the scores: opportunities."));
}

TEST(RecommendTier, SaysWhichRateConvertedTheCost) {
    scorecard card = card_with(85);
    card.roi.cost_per_opportunity->rates_used = {{"USD", "EUR", "2025-06-01", 9, 10}};

    tier_recommendation rec = recommend(card);

    EXPECT_TRUE(mentions(rec, "(converted at USD to EUR 0.9 dated 2025-06-01)"));
}

TEST(RecommendTier, CarriesTheFormulaVersion) {
    scoring_weights w = default_weights();
    w.version = 2;
    scorecard card = card_with(85);
    card.formula_version = 2;

    tier_recommendation rec = recommend(card, std::nullopt, w);

    EXPECT_EQ(rec.formula_version, 2);
}

TEST(RecommendTier, RefusesAVersionMismatchAForeignCeilingAndABadPreviousScore) {
    scoring_weights newer = default_weights();
    newer.version = 2;
    scoring_weights dollars = default_weights();
    dollars.tiers.max_cost_per_opportunity = money{100, "USD"};

    EXPECT_EQ(recommend_tier(card_with(85), std::nullopt, newer).error().field, "version");
    EXPECT_EQ(recommend_tier(card_with(85), std::nullopt, dollars).error().field,
              "tiers.max_cost_per_opportunity");
    EXPECT_EQ(recommend_tier(card_with(85), 101, default_weights()).error().field,
              "previous_combined_score");
}

TEST(RecommendTier, FollowsCustomThresholds) {
    scoring_weights w = default_weights();
    w.tiers.tier_1_min = 90;
    w.tiers.tier_2_min = 90;
    w.tiers.tier_3_min = 30;

    EXPECT_EQ(recommend(card_with(90), std::nullopt, w).tier, tier_level::tier_1);
    EXPECT_EQ(recommend(card_with(89), std::nullopt, w).tier, tier_level::tier_3);
    EXPECT_EQ(recommend(card_with(30), std::nullopt, w).tier, tier_level::tier_3);
    EXPECT_EQ(recommend(card_with(29), std::nullopt, w).tier, tier_level::cut);
}

}  // namespace
}  // namespace dott::domain
