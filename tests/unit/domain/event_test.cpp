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

}  // namespace
}  // namespace dott::domain
