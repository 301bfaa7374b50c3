#include "domain/scoring.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

// A fully recorded event, the base of most cases. Hand-computed scores under version 1:
//
// Efficiency
//   milestones_on_time  1 of 2 on time            25 × 1/2   = 12.5
//   tasks_on_time       2 of 4 graded on time     25 × 1/2   = 12.5
//   spend_within_budget 40 000 EUR + 10 000 USD × 0.9 = 49 000 EUR ≤ 50 000 EUR
//                                                 30 × 1     = 30
//   tasks_owned         3 of 4                    20 × 3/4   = 15
//   total 70 of 100 → 70
// Pre-Event
//   goals 15 + success 20 × 4/4 + budget 15 + owner 10 + roles 10 × 2/2
//   + efficiency 30 × 70/100 = 21 → 91 of 100 → 91
// Post-Event
//   attributed pipeline 60 000 EUR sourced + (40 000 USD × 0.9 + 20 000 EUR) × 50 %
//                     = 60 000 + 28 000 = 88 000 EUR
//   targets_hit  pipeline 8800 bp, meetings 25/20 → 10000, leads 150/200 → 7500,
//                attendees 45/50 → 9000; 30 × 35300 / 40000 = 26.475
//   outcomes 20 × 3/3 = 20, proof 10, recap 8 days after the end ≤ 14 → 10,
//   efficiency 30 × 70/100 = 21; total 87.475 → 87
// Combined (40 × 91 + 60 × 87) / 100 = 88.6 → 89
// ROX
//   attendance 45/60 = 7500 bp → 40 × 0.75 = 30
//   feedback total 170 of 40 answers: (170 − 40) / (4 × 40) = 13/16 → 40 × 13/16 = 32.5
//   engagement 30/45 = 6666 bp (rounded down) → 20 × 0.6666 = 13.332
//   total 75.832 → 76
scoring_inputs complete_inputs() {
    scoring_inputs in;
    in.today = "2025-06-30";
    in.starts_on = "2025-06-10";
    in.ends_on = "2025-06-12";
    in.reporting_currency = "EUR";
    in.rates = {{"USD", "EUR", "2025-06-01", 9, 10}};

    in.goals_set_on = "2025-03-01";
    in.targets = {money{10'000'000, "EUR"}, 20, 200, 50, "2025-03-01"};
    in.budget_planned = money{5'000'000, "EUR"};
    in.budget_locked_on = "2025-04-01";
    in.owner_assigned_on = "2025-02-01";
    in.roles = {{"booth lead", "2025-04-01"}, {"speaker manager", "2025-04-02"}};

    in.milestones = {{"venue booked", "2025-04-01", "2025-03-30"},
                     {"materials shipped", "2025-06-01", "2025-06-03"}};
    in.tasks = {{"book hotel", "2025-05-01", "2025-05-01", true},
                {"print flyers", "2025-05-10", "2025-05-09", true},
                {"ship booth", "2025-06-01", "2025-06-05", true},
                {"send follow-ups", "2025-06-20", std::nullopt, false}};
    in.actual_spend = std::vector<money>{{4'000'000, "EUR"}, {1'000'000, "USD"}};

    in.leads = 150;
    in.meetings = 25;
    in.registered = 60;
    in.attended = 45;
    in.no_shows = 15;
    in.engaged = 30;
    in.opportunities = std::vector<opportunity_input>{
        {"opp-a", {6'000'000, "EUR"}, attribution::sourced, true},
        {"opp-b", {4'000'000, "USD"}, attribution::influenced, false},
        {"opp-c", {2'000'000, "EUR"}, attribution::influenced, true}};
    in.proof_count = 3;
    in.recap_done_on = "2025-06-20";
    in.feedback = feedback_input{170, 40};
    return in;
}

const criterion_score& criterion(const score& s, const std::string& name) {
    auto found = std::find_if(s.breakdown.begin(), s.breakdown.end(),
                              [&](const criterion_score& c) { return c.name == name; });
    EXPECT_NE(found, s.breakdown.end()) << name;
    return *found;
}

bool lists(const std::vector<std::string>& missing, const std::string& key) {
    return std::find(missing.begin(), missing.end(), key) != missing.end();
}

scorecard score_or_die(const scoring_inputs& in, const scoring_weights& w = default_weights()) {
    auto card = score_event(in, w);
    EXPECT_TRUE(card.has_value()) << (card ? "" : card.error().field + ": " + card.error().message);
    return card ? *card : scorecard{};
}

TEST(DefaultWeights, PassTheirOwnValidation) {
    scoring_weights w = default_weights();

    EXPECT_TRUE(check_weights(w).has_value());
    EXPECT_EQ(w.version, 1);
    EXPECT_EQ(w.combined_pre_event, 40);
    EXPECT_EQ(w.combined_post_event, 60);
}

TEST(CheckWeights, RefusesANegativeWeight) {
    scoring_weights w = default_weights();
    w.pre_event.goals_set = -1;

    auto checked = check_weights(w);

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().field, "pre_event.goals_set");
}

TEST(CheckWeights, RefusesAGroupOfZeros) {
    scoring_weights w = default_weights();
    w.rox = {0, 0, 0};

    auto checked = check_weights(w);

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().field, "rox");
}

TEST(CheckWeights, RefusesCombinedWeightsThatDoNotAddUpToOneHundred) {
    scoring_weights w = default_weights();
    w.combined_post_event = 50;

    auto checked = check_weights(w);

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().field, "combined_pre_event");
}

TEST(CheckWeights, RefusesThresholdsOutOfOrderAndAVersionBelowOne) {
    scoring_weights out_of_order = default_weights();
    out_of_order.tiers.tier_2_min = 85;
    scoring_weights unversioned = default_weights();
    unversioned.version = 0;
    scoring_weights bad_ceiling = default_weights();
    bad_ceiling.tiers.max_cost_per_opportunity = money{-1, "EUR"};

    EXPECT_EQ(check_weights(out_of_order).error().field, "tiers");
    EXPECT_EQ(check_weights(unversioned).error().field, "version");
    EXPECT_EQ(check_weights(bad_ceiling).error().field, "tiers.max_cost_per_opportunity");
}

TEST(ScoreEvent, RefusesInvalidWeights) {
    scoring_weights w = default_weights();
    w.efficiency.tasks_owned = 1001;

    auto card = score_event(complete_inputs(), w);

    ASSERT_FALSE(card.has_value());
    EXPECT_EQ(card.error().field, "efficiency.tasks_owned");
}

TEST(ScoreEvent, ScoresACompleteEventAsComputedByHand) {
    scorecard card = score_or_die(complete_inputs());

    EXPECT_EQ(card.efficiency.value, 70);
    EXPECT_EQ(card.pre_event.value, 91);
    EXPECT_EQ(card.post_event.value, 87);
    EXPECT_EQ(card.combined.value, 89);
    EXPECT_EQ(card.rox.value, 76);
    EXPECT_TRUE(card.missing.empty());
}

TEST(ScoreEvent, BreaksEachScoreDownByCriterionWithExactPoints) {
    scorecard card = score_or_die(complete_inputs());

    // 25 × 1/2 = 25/2; 20 × 3/4 = 15.
    EXPECT_EQ(criterion(card.efficiency, "milestones_on_time").earned, (points{25, 2}));
    EXPECT_EQ(criterion(card.efficiency, "tasks_owned").earned, (points{15, 1}));
    EXPECT_EQ(criterion(card.efficiency, "tasks_owned").max_points, 20);

    // 30 × 35300 / 40000 = 1059/40 = 26.475.
    EXPECT_EQ(criterion(card.post_event, "targets_hit").earned, (points{1059, 40}));

    // The efficiency component of Pre-Event: 30 × 70/100 = 21.
    EXPECT_EQ(criterion(card.pre_event, "efficiency").earned, (points{21, 1}));

    // 40 × 13/16 = 65/2; 20 × 6666/10000 = 3333/250.
    EXPECT_EQ(criterion(card.rox, "feedback").earned, (points{65, 2}));
    EXPECT_EQ(criterion(card.rox, "engagement").earned, (points{3333, 250}));
}

TEST(ScoreEvent, FeedsEfficiencyIntoPreAndPostEvent) {
    scoring_inputs in = complete_inputs();
    in.tasks[3].owned = true;

    scorecard card = score_or_die(in);

    // tasks_owned 20 × 4/4 = 20: Efficiency 75. Pre-Event 70 + 30 × 0.75 = 92.5 → 93.
    // Post-Event 66.475 + 22.5 = 88.975 → 89. Combined (40 × 93 + 60 × 89) / 100 = 90.6 → 91.
    EXPECT_EQ(card.efficiency.value, 75);
    EXPECT_EQ(card.pre_event.value, 93);
    EXPECT_EQ(card.post_event.value, 89);
    EXPECT_EQ(card.combined.value, 91);
}

TEST(ScoreEvent, CarriesTheFormulaVersionAndItsWeights) {
    scoring_weights w = default_weights();
    w.version = 3;
    w.combined_pre_event = 50;
    w.combined_post_event = 50;

    scorecard card = score_or_die(complete_inputs(), w);

    // (50 × 91 + 50 × 87) / 100 = 89.
    EXPECT_EQ(card.formula_version, 3);
    EXPECT_EQ(card.combined.value, 89);
    EXPECT_EQ(criterion(card.combined, "pre_event").weight, 50);
}

TEST(ScoreEvent, ListsEveryInputOfAnEmptyEventAsMissing) {
    scoring_inputs in;
    in.today = "2025-06-30";
    in.starts_on = "2025-06-10";
    in.ends_on = "2025-06-12";
    in.reporting_currency = "EUR";

    scorecard card = score_or_die(in);

    EXPECT_EQ(card.pre_event.value, 0);
    EXPECT_EQ(card.efficiency.value, 0);
    EXPECT_EQ(card.post_event.value, 0);
    EXPECT_EQ(card.combined.value, 0);
    EXPECT_EQ(card.rox.value, 0);
    for (const char* key :
         {"goals", "success_targets.pipeline", "success_targets.meetings", "success_targets.leads",
          "success_targets.attendees", "budget.locked_on", "owner", "roles", "milestones", "tasks",
          "budget.planned", "actual_spend"}) {
        EXPECT_TRUE(lists(card.pre_event.missing, key)) << key;
    }
    for (const char* key : {"success_targets", "leads", "meetings", "opportunities", "proof",
                            "recap", "actual_spend"}) {
        EXPECT_TRUE(lists(card.post_event.missing, key)) << key;
    }
    for (const char* key : {"attended", "registered", "feedback", "engaged"}) {
        EXPECT_TRUE(lists(card.rox.missing, key)) << key;
    }
    EXPECT_TRUE(lists(card.missing, "feedback"));
    EXPECT_TRUE(lists(card.roi.missing, "actual_spend"));
    EXPECT_TRUE(criterion(card.pre_event, "goals_set").missing);
}

TEST(ScoreEvent, LowersTheScoreAndListsTheInputWhenProofAndRecapAreMissing) {
    scoring_inputs in = complete_inputs();
    in.proof_count = 0;
    in.recap_done_on.reset();

    scorecard card = score_or_die(in);

    // Post-Event 87.475 − 10 − 10 = 67.475 → 67; Combined (3640 + 60 × 67) / 100 = 76.6 → 77.
    EXPECT_EQ(card.post_event.value, 67);
    EXPECT_EQ(card.combined.value, 77);
    EXPECT_EQ(card.post_event.missing, (std::vector<std::string>{"proof", "recap"}));
    EXPECT_EQ(card.combined.missing, (std::vector<std::string>{"proof", "recap"}));
    EXPECT_TRUE(criterion(card.post_event, "recap_on_time").missing);
    EXPECT_EQ(criterion(card.post_event, "recap_on_time").earned, (points{0, 1}));
}

TEST(ScoreEvent, GivesNoPlanningPointsForStepsTakenOnOrAfterTheStart) {
    scoring_inputs in = complete_inputs();
    in.goals_set_on = "2025-06-10";
    in.roles[1].assigned_on = "2025-06-11";

    scorecard card = score_or_die(in);

    // Pre-Event 91 − 15 (goals) − 10 × 1/2 (one role late) = 71. Late is not missing.
    EXPECT_EQ(card.pre_event.value, 71);
    EXPECT_FALSE(criterion(card.pre_event, "goals_set").missing);
    EXPECT_TRUE(card.pre_event.missing.empty());
}

TEST(ScoreEvent, ListsTheDateWhenTargetsHaveNoDefinitionDate) {
    scoring_inputs in = complete_inputs();
    in.targets.defined_on.reset();
    in.targets.attendees.reset();

    scorecard card = score_or_die(in);

    // success_defined earns 0: Pre-Event 91 − 20 = 71. Post-Event targets over 3 defined:
    // 30 × (8800 + 10000 + 7500) / 30000 = 26.3; 26.3 + 61 = 87.3 → 87.
    EXPECT_EQ(card.pre_event.value, 71);
    EXPECT_TRUE(lists(card.pre_event.missing, "success_targets.defined_on"));
    EXPECT_TRUE(lists(card.pre_event.missing, "success_targets.attendees"));
    EXPECT_EQ(card.post_event.value, 87);
}

TEST(ScoreEvent, LeavesOutMilestonesThatAreNotDueYet) {
    scoring_inputs in = complete_inputs();
    in.milestones = {{"post-event survey", "2025-07-15", std::nullopt}};

    scorecard card = score_or_die(in);

    // Efficiency (12.5 + 30 + 15) / 75 = 76.67 → 77; the criterion has max 0 and is not missing.
    EXPECT_EQ(card.efficiency.value, 77);
    EXPECT_EQ(criterion(card.efficiency, "milestones_on_time").max_points, 0);
    EXPECT_FALSE(criterion(card.efficiency, "milestones_on_time").missing);
}

TEST(ScoreEvent, CountsAMilestoneWithoutADueDateAsLateAndListsIt) {
    scoring_inputs in = complete_inputs();
    in.milestones.push_back({"badges printed", std::nullopt, "2025-06-01"});

    scorecard card = score_or_die(in);

    // 1 of 3 on time: 25 / 3 = 8.33; Efficiency 8.33 + 12.5 + 30 + 15 = 65.83 → 66.
    EXPECT_EQ(card.efficiency.value, 66);
    EXPECT_TRUE(lists(card.efficiency.missing, "milestones.badges printed.due_on"));
    EXPECT_TRUE(criterion(card.efficiency, "milestones_on_time").missing);
}

TEST(ScoreEvent, TakesPointsOffForOverspendInProportion) {
    scoring_inputs in = complete_inputs();
    in.actual_spend = std::vector<money>{{5'500'000, "EUR"}};

    scorecard card = score_or_die(in);

    // 10 % over a 50 000 EUR budget at penalty 2 keeps 80 %: 30 × 0.8 = 24.
    // Efficiency 12.5 + 12.5 + 24 + 15 = 64.
    EXPECT_EQ(criterion(card.efficiency, "spend_within_budget").earned, (points{24, 1}));
    EXPECT_EQ(card.efficiency.value, 64);
    EXPECT_NE(criterion(card.efficiency, "spend_within_budget").explanation.find("10.00% over"),
              std::string::npos);
}

TEST(ScoreEvent, GivesNoSpendPointsForOverspendOfHalfTheBudgetOrMore) {
    scoring_inputs in = complete_inputs();
    in.actual_spend = std::vector<money>{{8'000'000, "EUR"}};

    scorecard card = score_or_die(in);

    // 60 % over: 1 − 2 × 0.6 < 0, so zero. Efficiency 12.5 + 12.5 + 0 + 15 = 40.
    EXPECT_EQ(criterion(card.efficiency, "spend_within_budget").earned, (points{0, 1}));
    EXPECT_EQ(card.efficiency.value, 40);
}

TEST(ScoreEvent, ReportsRoiAsComputedByHand) {
    scorecard card = score_or_die(complete_inputs());
    const roi_report& roi = card.roi;

    // Cost 40 000 EUR + 10 000 USD × 0.9 = 49 000 EUR.
    ASSERT_TRUE(roi.actual_cost.has_value());
    EXPECT_EQ(roi.actual_cost->amount, (money{4'900'000, "EUR"}));
    EXPECT_TRUE(roi.actual_cost->is_converted());
    EXPECT_EQ(roi.actual_cost->rates_used.front().on, "2025-06-01");
    EXPECT_EQ(roi.actual_cost_by_currency,
              (std::vector<money>{{4'000'000, "EUR"}, {1'000'000, "USD"}}));

    // Pipeline 88 000 EUR; won 60 000 + 20 000 × 50 % = 70 000 EUR.
    EXPECT_EQ(roi.attributed_pipeline->amount, (money{8'800'000, "EUR"}));
    EXPECT_TRUE(roi.attributed_pipeline->is_converted());
    EXPECT_EQ(roi.won_revenue->amount, (money{7'000'000, "EUR"}));
    EXPECT_FALSE(roi.won_revenue->is_converted());

    // 88 000 × 100 / 49 000 = 179.59 → 180; (70 000 − 49 000) × 100 / 49 000 = 42.86 → 43.
    EXPECT_EQ(roi.pipeline_to_cost_percent, 180);
    EXPECT_EQ(roi.roi_percent, 43);

    // 4 900 000 / 150 = 32 666.67 → 32 667; / 25 = 196 000; / 45 = 108 888.89 → 108 889;
    // / 3 opportunities = 1 633 333.33 → 1 633 333.
    EXPECT_EQ(roi.cost_per_lead->amount.minor, 32'667);
    EXPECT_EQ(roi.cost_per_meeting->amount.minor, 196'000);
    EXPECT_EQ(roi.cost_per_attendee->amount.minor, 108'889);
    EXPECT_EQ(roi.cost_per_opportunity->amount.minor, 1'633'333);
    EXPECT_TRUE(roi.cost_per_lead->is_converted());
    EXPECT_TRUE(roi.notes.empty());
}

// A link's own percent overrides the formula's for that opportunity only; the influenced
// shares are added exactly and rounded once.
TEST(ScoreEvent, CountsAnInfluencedLinkWithItsOwnPercentWhenItHasOne) {
    scoring_inputs in = complete_inputs();
    (*in.opportunities)[1].influenced_percent = 25;
    (*in.opportunities)[2].influenced_percent = 0;
    in.opportunities->push_back({"opp-d", {333, "EUR"}, attribution::influenced, false, 10});
    in.opportunities->push_back({"opp-e", {333, "EUR"}, attribution::influenced, false, 10});

    scorecard card = score_or_die(in);

    // 60 000 EUR + 36 000 EUR × 25 % + 20 000 EUR × 0 % + 6.66 EUR × 10 % = 69 000.666 EUR,
    // one rounding: 6 900 067 cents. Won: 60 000 EUR + 0.
    EXPECT_EQ(card.roi.attributed_pipeline->amount, (money{6'900'067, "EUR"}));
    EXPECT_EQ(card.roi.won_revenue->amount, (money{6'000'000, "EUR"}));
}

TEST(ScoreEvent, RefusesAnInfluencedPercentOutsideZeroToOneHundred) {
    scoring_inputs in = complete_inputs();
    (*in.opportunities)[1].influenced_percent = 101;

    auto card = score_event(in, default_weights());

    ASSERT_FALSE(card.has_value());
    EXPECT_EQ(card.error().field, "opportunities.influenced_percent");
}

TEST(ScoreEvent, ReportsRoiAsUndefinedWhenNothingWasSpent) {
    scoring_inputs in = complete_inputs();
    in.actual_spend = std::vector<money>{{0, "EUR"}};

    scorecard card = score_or_die(in);

    EXPECT_EQ(card.roi.actual_cost->amount, (money{0, "EUR"}));
    EXPECT_FALSE(card.roi.roi_percent.has_value());
    EXPECT_FALSE(card.roi.pipeline_to_cost_percent.has_value());
    ASSERT_FALSE(card.roi.notes.empty());
    EXPECT_EQ(card.roi.notes.front(), "ROI is undefined: the actual cost is zero");
    EXPECT_EQ(card.roi.cost_per_lead->amount.minor, 0);
    EXPECT_EQ(criterion(card.efficiency, "spend_within_budget").earned, (points{30, 1}));
}

TEST(ScoreEvent, ReportsCostPerUnitAsUndefinedForAZeroCount) {
    scoring_inputs in = complete_inputs();
    in.leads = 0;
    in.opportunities = std::vector<opportunity_input>{};

    scorecard card = score_or_die(in);

    EXPECT_FALSE(card.roi.cost_per_lead.has_value());
    EXPECT_FALSE(card.roi.cost_per_opportunity.has_value());
    EXPECT_EQ(card.roi.attributed_pipeline->amount.minor, 0);
    EXPECT_EQ(card.roi.roi_percent, -100);
    EXPECT_EQ(card.roi.notes.size(), 2U);
}

TEST(ScoreEvent, ListsAMissingExchangeRateInsteadOfAssumingParity) {
    scoring_inputs in = complete_inputs();
    in.rates.clear();

    scorecard card = score_or_die(in);

    // Spend cannot be compared: 0 of 30. Efficiency 12.5 + 12.5 + 15 = 40.
    // Pre-Event 70 + 30 × 0.4 = 82. Post-Event targets without the pipeline:
    // 30 × (0 + 10000 + 7500 + 9000) / 40000 = 19.875; 19.875 + 40 + 30 × 0.4 = 71.875 → 72.
    EXPECT_EQ(card.efficiency.value, 40);
    EXPECT_EQ(card.pre_event.value, 82);
    EXPECT_EQ(card.post_event.value, 72);
    EXPECT_TRUE(lists(card.efficiency.missing, "exchange_rate.USD_EUR"));
    EXPECT_TRUE(lists(card.post_event.missing, "exchange_rate.USD_EUR"));
    EXPECT_TRUE(lists(card.roi.missing, "exchange_rate.USD_EUR"));
    EXPECT_FALSE(card.roi.actual_cost.has_value());
    EXPECT_FALSE(card.roi.attributed_pipeline.has_value());
    EXPECT_FALSE(card.roi.roi_percent.has_value());

    // The won opportunities are all in euros, so won revenue needs no rate.
    EXPECT_EQ(card.roi.won_revenue->amount, (money{7'000'000, "EUR"}));
}

TEST(ScoreEvent, UsesOnlyRatesDatedOnOrBeforeTheEventEnd) {
    scoring_inputs in = complete_inputs();
    in.rates = {{"USD", "EUR", "2025-06-20", 9, 10}};

    scorecard late = score_or_die(in);
    in.rates_as_of = "2025-06-30";
    scorecard as_of_today = score_or_die(in);

    EXPECT_TRUE(lists(late.missing, "exchange_rate.USD_EUR"));
    EXPECT_TRUE(as_of_today.missing.empty());
    EXPECT_EQ(as_of_today.efficiency.value, 70);
}

TEST(ScoreEvent, ConvertsAPipelineTargetInAnotherCurrency) {
    scoring_inputs in = complete_inputs();
    in.targets.pipeline = money{11'000'000, "USD"};

    scorecard card = score_or_die(in);

    // 110 000 USD × 0.9 = 99 000 EUR; 88 000 / 99 000 = 8888 bp (rounded down).
    // 30 × (8888 + 10000 + 7500 + 9000) / 40000 = 26.541; 26.541 + 61 = 87.541 → 88.
    EXPECT_EQ(criterion(card.post_event, "targets_hit").earned, (points{26541, 1000}));
    EXPECT_EQ(card.post_event.value, 88);
}

TEST(ScoreEvent, DerivesAttendanceFromRegistrationsAndNoShows) {
    scoring_inputs in = complete_inputs();
    in.attended.reset();

    scorecard card = score_or_die(in);

    // 60 registered − 15 no-shows = 45, as recorded directly in the base case.
    EXPECT_EQ(card.rox.value, 76);
    EXPECT_EQ(card.roi.cost_per_attendee->amount.minor, 108'889);
}

TEST(ScoreEvent, GradesARecapPastTheAllowedDaysAsLateNotMissing) {
    scoring_inputs in = complete_inputs();
    in.recap_done_on = "2025-06-27";

    scorecard card = score_or_die(in);

    // 15 days after 2025-06-12 with 14 allowed: 0 of 10. 77.475 → 77.
    EXPECT_EQ(card.post_event.value, 77);
    EXPECT_FALSE(criterion(card.post_event, "recap_on_time").missing);

    // Exactly 14 days is on time.
    in.recap_done_on = "2025-06-26";
    EXPECT_EQ(score_or_die(in).post_event.value, 87);
}

TEST(ScoreEvent, RoundsHalfUp) {
    scoring_inputs in = complete_inputs();
    in.feedback = feedback_input{174, 40};

    scorecard card = score_or_die(in);

    // feedback (174 − 40) / 160 = 0.8375 → 40 × 0.8375 = 33.5; ROX 30 + 33.5 + 13.332 =
    // 76.832 → 77. Then an exact half: engagement 0 of 45 and feedback 33.5 → 30 + 33.5 =
    // 63.5 → 64.
    EXPECT_EQ(card.rox.value, 77);
    in.engaged = 0;
    EXPECT_EQ(score_or_die(in).rox.value, 64);
}

TEST(ScoreEvent, RefusesMalformedInputsNamingTheField) {
    scoring_inputs bad_date = complete_inputs();
    bad_date.recap_done_on = "2025-13-01";
    scoring_inputs bad_currency = complete_inputs();
    bad_currency.reporting_currency = "EURO";
    scoring_inputs negative = complete_inputs();
    negative.leads = -1;
    scoring_inputs bad_feedback = complete_inputs();
    bad_feedback.feedback = feedback_input{300, 40};
    scoring_inputs reversed = complete_inputs();
    reversed.ends_on = "2025-06-01";

    EXPECT_EQ(score_event(bad_date, default_weights()).error().field, "recap_done_on");
    EXPECT_EQ(score_event(bad_currency, default_weights()).error().field, "reporting_currency");
    EXPECT_EQ(score_event(negative, default_weights()).error().field, "leads");
    EXPECT_EQ(score_event(bad_feedback, default_weights()).error().field, "feedback");
    EXPECT_EQ(score_event(reversed, default_weights()).error().field, "ends_on");
}

TEST(ScoreEvent, RefusesAnAttributedPipelineThatOverflows) {
    scoring_inputs in = complete_inputs();
    in.opportunities = std::vector<opportunity_input>{
        {"huge-1", {9'000'000'000'000'000'000, "EUR"}, attribution::sourced, false},
        {"huge-2", {9'000'000'000'000'000'000, "EUR"}, attribution::sourced, false}};

    auto card = score_event(in, default_weights());

    EXPECT_FALSE(card.has_value());
}

// A total converts each part at its own date and says which rates it used; a zero needs no
// rate, while any other amount without one empties the total and names the pair.
TEST(ReportTotal, ConvertsEachPartAtItsDateAndNeedsNoRateForZero) {
    std::vector<exchange_rate> rates = {{"USD", "EUR", "2025-01-01", 9, 10},
                                        {"USD", "EUR", "2025-04-01", 92, 100}};
    std::vector<dated_money> parts = {{{100'00, "USD"}, "2025-03-31"},
                                      {{100'00, "USD"}, "2025-06-30"},
                                      {{50'00, "EUR"}, "2025-06-30"},
                                      {{0, "BHD"}, "2025-06-30"}};
    std::vector<std::string> missing;

    auto total = report_total(parts, "EUR", rates, missing);
    ASSERT_TRUE(total && *total);
    EXPECT_EQ((*total)->amount, (money{90'00 + 92'00 + 50'00, "EUR"}));
    EXPECT_EQ((*total)->rates_used.size(), 2u);
    EXPECT_TRUE(missing.empty());

    parts.push_back({{1, "BHD"}, "2025-06-30"});
    auto without_rate = report_total(parts, "EUR", rates, missing);
    ASSERT_TRUE(without_rate);
    EXPECT_FALSE(*without_rate);
    EXPECT_EQ(missing, std::vector<std::string>{"exchange_rate.BHD_EUR"});
}

}  // namespace
}  // namespace dott::domain
