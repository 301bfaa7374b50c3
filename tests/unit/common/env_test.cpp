#include "common/env.hpp"

#include <gtest/gtest.h>

namespace dott {
namespace {

TEST(IsUuid, AcceptsCanonicalForm) {
    EXPECT_TRUE(is_uuid("0b6f4a52-3c1e-4d7a-9f10-2a3b4c5d6e7f"));
    EXPECT_TRUE(is_uuid("0B6F4A52-3C1E-4D7A-9F10-2A3B4C5D6E7F"));
}

TEST(IsUuid, RejectsAnythingElse) {
    EXPECT_FALSE(is_uuid(""));
    EXPECT_FALSE(is_uuid("0b6f4a52-3c1e-4d7a-9f10-2a3b4c5d6e7"));
    EXPECT_FALSE(is_uuid("0b6f4a52x3c1e-4d7a-9f10-2a3b4c5d6e7f"));
    EXPECT_FALSE(is_uuid("0b6f4a52-3c1e-4d7a-9f10-2a3b4c5d6e7g"));
    EXPECT_FALSE(is_uuid("'; drop table events; --------------"));
}

TEST(UtcDate, WritesTheUtcCalendarDateOfAnInstant) {
    using namespace std::chrono;
    // 2024-02-29T23:59:59Z, then one second later.
    const system_clock::time_point leap_day_end{seconds(1'709'251'199)};

    EXPECT_EQ(utc_date(leap_day_end), "2024-02-29");
    EXPECT_EQ(utc_date(leap_day_end + seconds(1)), "2024-03-01");
}

}  // namespace
}  // namespace dott
