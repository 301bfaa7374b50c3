#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "common/env.hpp"
#include "crypto/crypto.hpp"

namespace dott::crypto {
namespace {

TEST(RandomBytes, ReturnsRequestedCount) {
    EXPECT_EQ(random_bytes(0).size(), 0u);
    EXPECT_EQ(random_bytes(1).size(), 1u);
    EXPECT_EQ(random_bytes(4096).size(), 4096u);
}

TEST(RandomBytes, DiffersBetweenCalls) { EXPECT_NE(random_bytes(32), random_bytes(32)); }

TEST(RandomBase62, UsesOnlyTheAlphabetAndRequestedLength) {
    for (std::size_t length : {0u, 1u, 32u, 43u, 100u}) {
        const std::string token = random_base62(length);

        EXPECT_EQ(token.size(), length);
        for (char c : token) {
            EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
                << "unexpected character " << static_cast<int>(c);
        }
    }
}

TEST(RandomBase62, NeverRepeatsOverManyDraws) {
    std::set<std::string> seen;

    for (int i = 0; i < 10'000; ++i) seen.insert(random_base62(32));

    EXPECT_EQ(seen.size(), 10'000u);
}

// A biased sampler (byte % 62 without rejection) would make the first eight characters about
// 25 % more likely than the rest; with 620,000 draws each character is expected 10,000 times.
TEST(RandomBase62, DrawsEveryCharacterAboutEquallyOften) {
    std::map<char, int> counts;

    for (char c : random_base62(620'000)) ++counts[c];

    ASSERT_EQ(counts.size(), 62u);
    for (const auto& [c, count] : counts) {
        EXPECT_GT(count, 9'400) << c;
        EXPECT_LT(count, 10'600) << c;
    }
}

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

TEST(RandomUuid, IsCanonicalVersionFourLowerCase) {
    for (int i = 0; i < 1'000; ++i) {
        const std::string uuid = random_uuid();

        ASSERT_EQ(uuid.size(), 36u);
        for (std::size_t at = 0; at < uuid.size(); ++at) {
            if (at == 8 || at == 13 || at == 18 || at == 23) {
                EXPECT_EQ(uuid[at], '-') << uuid;
            } else {
                EXPECT_TRUE(is_lower_hex(uuid[at])) << uuid;
            }
        }
        EXPECT_EQ(uuid[14], '4') << uuid;  // version
        EXPECT_NE(std::string_view("89ab").find(uuid[19]), std::string_view::npos) << uuid;
        EXPECT_TRUE(is_uuid(uuid)) << uuid;
    }
}

TEST(RandomUuid, DiffersBetweenCalls) { EXPECT_NE(random_uuid(), random_uuid()); }

}  // namespace
}  // namespace dott::crypto
