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

}  // namespace
}  // namespace dott
