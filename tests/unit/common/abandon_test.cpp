#include "common/abandon.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace dott {
namespace {

TEST(WorkAbandoned, IsFalseOnAThreadNoOneWatches) { EXPECT_FALSE(work_abandoned()); }

TEST(WorkAbandoned, ReadsTheWatchedFlagOnItsThreadOnlyUntilTheWatchEnds) {
    std::atomic<bool> given_up{false};
    bool elsewhere = true;
    {
        abandon_watch watch(given_up);
        EXPECT_FALSE(work_abandoned());

        given_up = true;
        std::thread other([&] { elsewhere = work_abandoned(); });
        other.join();

        EXPECT_TRUE(work_abandoned());
    }

    EXPECT_FALSE(elsewhere);
    EXPECT_FALSE(work_abandoned());
}

TEST(WorkAbandoned, NestedWatchesGiveTheOuterFlagBack) {
    std::atomic<bool> outer{true};
    std::atomic<bool> inner{false};
    abandon_watch first(outer);
    {
        abandon_watch second(inner);
        EXPECT_FALSE(work_abandoned());
    }

    EXPECT_TRUE(work_abandoned());
}

}  // namespace
}  // namespace dott
