#include "domain/calendar.hpp"

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

TEST(CalendarDate, AcceptsRealDatesIncludingLeapDays) {
    EXPECT_TRUE(is_calendar_date("2025-01-31"));
    EXPECT_TRUE(is_calendar_date("2024-02-29"));
    EXPECT_TRUE(is_calendar_date("2000-02-29"));
}

TEST(CalendarDate, RejectsImpossibleOrMisshapenDates) {
    EXPECT_FALSE(is_calendar_date("2025-02-29"));
    EXPECT_FALSE(is_calendar_date("1900-02-29"));
    EXPECT_FALSE(is_calendar_date("2025-04-31"));
    EXPECT_FALSE(is_calendar_date("2025-13-01"));
    EXPECT_FALSE(is_calendar_date("2025-00-10"));
    EXPECT_FALSE(is_calendar_date("2025-1-10"));
    EXPECT_FALSE(is_calendar_date("2025-01-1a"));
    EXPECT_FALSE(is_calendar_date("+025-01-10"));
    EXPECT_FALSE(is_calendar_date(""));
}

TEST(CheckEventDate, SaysWhetherTheShapeTheDayOrTheYearIsWrong) {
    auto misshapen = check_event_date("2025-2-3", "starts_on");
    auto no_such_day = check_event_date("2025-02-30", "starts_on");
    auto far_future = check_event_date("9999-12-31", "ends_on");
    auto too_early = check_event_date("1899-12-31", "ends_on");

    EXPECT_NE(misshapen.error().message.find("written YYYY-MM-DD"), std::string::npos);
    EXPECT_EQ(no_such_day.error().message, "starts_on 2025-02-30 is not a real calendar date");
    EXPECT_EQ(no_such_day.error().field, "starts_on");
    EXPECT_EQ(far_future.error().message, "ends_on must be between 1900-01-01 and 2200-12-31");
    EXPECT_EQ(too_early.error().field, "ends_on");
    EXPECT_TRUE(check_event_date("2200-12-31", "ends_on").has_value());
    EXPECT_TRUE(check_event_date("1900-01-01", "starts_on").has_value());
    EXPECT_TRUE(check_event_date("2024-02-29", "starts_on").has_value());
}

TEST(TimeZoneName, AcceptsIanaShapes) {
    EXPECT_TRUE(is_time_zone_name("UTC"));
    EXPECT_TRUE(is_time_zone_name("Europe/Berlin"));
    EXPECT_TRUE(is_time_zone_name("America/Argentina/Buenos_Aires"));
    EXPECT_TRUE(is_time_zone_name("Etc/GMT+5"));
}

TEST(TimeZoneName, RejectsPathTricksAndJunk) {
    EXPECT_FALSE(is_time_zone_name(""));
    EXPECT_FALSE(is_time_zone_name("/etc/passwd"));
    EXPECT_FALSE(is_time_zone_name("Europe/../../etc"));
    EXPECT_FALSE(is_time_zone_name("Europe//Berlin"));
    EXPECT_FALSE(is_time_zone_name("Europe/Berlin "));
}

}  // namespace
}  // namespace dott::domain
