#include "domain/event.hpp"

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

event valid_event() {
    event e;
    e.name = "PGConf India";
    e.starts_on = "2025-03-05";
    e.ends_on = "2025-03-07";
    e.time_zone = "Asia/Kolkata";
    return e;
}

TEST(CheckEvent, AcceptsAValidEvent) { EXPECT_TRUE(check_event(valid_event()).has_value()); }

TEST(CheckEvent, NamesTheFieldWhenEndIsBeforeStart) {
    event e = valid_event();
    e.ends_on = "2025-03-04";

    auto checked = check_event(e);

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().field, "ends_on");
}

TEST(CheckEvent, RefusesUnknownTypeStatusAndTier) {
    event e = valid_event();
    e.type = "party";
    EXPECT_EQ(check_event(e).error().field, "type");

    e = valid_event();
    e.status = "done";
    EXPECT_EQ(check_event(e).error().field, "status");

    e = valid_event();
    e.tier = 4;
    EXPECT_EQ(check_event(e).error().field, "tier");
}

TEST(CheckEvent, RefusesABlankName) {
    event e = valid_event();
    e.name = "  \t ";

    EXPECT_EQ(check_event(e).error().field, "name");
}

TEST(CheckLineItem, RefusesUnknownCurrency) {
    line_item item;
    item.category = "booth";
    item.currency = "EURO";

    EXPECT_EQ(check_line_item(item).error().field, "currency");

    item.currency = "EUR";
    EXPECT_TRUE(check_line_item(item).has_value());
}

TEST(CheckEvent, RefusesTimesNotWrittenHoursAndMinutes) {
    for (const char* bad : {"9:00", "24:00", "12:60", "12:00:00", "noon"}) {
        event e = valid_event();
        e.start_time = bad;

        auto checked = check_event(e);

        ASSERT_FALSE(checked.has_value()) << bad;
        EXPECT_EQ(checked.error().field, "start_time");
    }
}

// Over several days the end time may be earlier in the day than the start time.
TEST(CheckEvent, RefusesAnEndTimeBeforeTheStartTimeOnlyOnAOneDayEvent) {
    event several_days = valid_event();
    several_days.start_time = "18:00";
    several_days.end_time = "09:00";
    event one_day = several_days;
    one_day.ends_on = one_day.starts_on;

    EXPECT_TRUE(check_event(several_days).has_value());
    ASSERT_FALSE(check_event(one_day).has_value());
    EXPECT_EQ(check_event(one_day).error().field, "end_time");
}

TEST(CheckEvent, RefusesAPipelineTargetWithoutItsCurrency) {
    event amount_only = valid_event();
    amount_only.targets.pipeline_minor = 100;
    event bad_currency = valid_event();
    bad_currency.targets.pipeline_minor = 100;
    bad_currency.targets.pipeline_currency = "EURO";

    EXPECT_EQ(check_event(amount_only).error().field, "target_pipeline_currency");
    EXPECT_EQ(check_event(bad_currency).error().field, "target_pipeline_currency");
}

TEST(DatePlanSteps, DatesStepsTakenTodayUnlessGivenAndClearsStepsUndone) {
    event e = valid_event();
    e.goals = "Meet 20 accounts";
    e.targets.meetings = 20;
    e.targets.defined_on = "2025-01-10";
    e.owner_assigned_on = "2025-01-01";

    date_plan_steps(e, "2025-02-01");

    EXPECT_EQ(e.goals_set_on, "2025-02-01");
    EXPECT_EQ(e.targets.defined_on, "2025-01-10");
    EXPECT_FALSE(e.owner_assigned_on.has_value());
}

line_item approved_line() {
    line_item item;
    item.category = "Booth";
    item.currency = "EUR";
    item.planned_minor = 1000;
    item.approval = "approved";
    return item;
}

// An editor who changes the figures of an approved line asks for a new decision; the line does
// not stay approved on figures nobody approved.
TEST(SettleApproval, AnEditorsNewFiguresSendADecidedLineBackToSubmitted) {
    for (const char* decided : {"approved", "rejected"}) {
        line_item before = approved_line();
        before.approval = decided;
        for (auto change : {+[](line_item& l) { l.planned_minor = 999999; },
                            +[](line_item& l) { l.committed_minor = 5; },
                            +[](line_item& l) { l.actual_minor = 5; },
                            +[](line_item& l) { l.currency = "USD"; }}) {
            line_item changed = before;
            change(changed);

            ASSERT_TRUE(settle_approval(before, changed, false).has_value()) << decided;

            EXPECT_EQ(changed.approval, "submitted") << decided;
        }
    }
}

TEST(SettleApproval, OwnersAndAdminsKeepTheirDecisionWhenTheyChangeTheFigures) {
    line_item before = approved_line();
    line_item changed = before;
    changed.planned_minor = 2000;

    ASSERT_TRUE(settle_approval(before, changed, true).has_value());

    EXPECT_EQ(changed.approval, "approved");
}

TEST(SettleApproval, OnlyDecidersMoveALineIntoOrOutOfADecision) {
    line_item draft;
    draft.category = "Booth";
    draft.currency = "EUR";
    line_item approving = draft;
    approving.approval = "approved";
    line_item back_to_draft = approved_line();
    back_to_draft.approval = "draft";
    line_item resubmitted = approved_line();
    resubmitted.approval = "submitted";
    line_item submitting = draft;
    submitting.approval = "submitted";

    EXPECT_EQ(settle_approval(draft, approving, false).error().code, errc::forbidden);
    EXPECT_EQ(settle_approval(approved_line(), back_to_draft, false).error().field, "approval");
    EXPECT_EQ(settle_approval(approved_line(), resubmitted, false).error().code, errc::forbidden);
    EXPECT_TRUE(settle_approval(draft, submitting, false).has_value());
    EXPECT_TRUE(settle_approval(approved_line(), back_to_draft, true).has_value());
    EXPECT_EQ(back_to_draft.approval, "draft");
}

TEST(SettleApproval, OtherChangesKeepTheDecisionAndNewFiguresCannotGoToDraft) {
    line_item before = approved_line();
    line_item described = before;
    described.description = "Corner booth";
    described.vendor = "Expo GmbH";
    line_item drafted = before;
    drafted.planned_minor = 1;
    drafted.approval = "draft";

    ASSERT_TRUE(settle_approval(before, described, false).has_value());

    EXPECT_EQ(described.approval, "approved");
    EXPECT_EQ(settle_approval(before, drafted, false).error().code, errc::forbidden);
}

}  // namespace
}  // namespace dott::domain
