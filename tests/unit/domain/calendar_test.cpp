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
