#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.hpp"

namespace dott::crypto {
namespace {

TEST(Password, VerifiesTheRightPasswordOnly) {
    const auto hash = hash_password("correct horse battery staple");
    ASSERT_TRUE(hash.has_value()) << hash.error().message;

    EXPECT_TRUE(verify_password("correct horse battery staple", *hash));
    EXPECT_FALSE(verify_password("correct horse battery stapler", *hash));
    EXPECT_FALSE(verify_password("", *hash));
}

// The stored string is what an attacker gets from a leaked database; its parameters must show
// Argon2id with at least 19 MiB (19456 KiB) and two passes.
TEST(Password, StoredHashShowsArgon2idAndMinimumCost) {
    const auto hash = hash_password("pw");
    ASSERT_TRUE(hash.has_value());

    unsigned long memory_kib = 0;
    unsigned long passes = 0;
    unsigned long lanes = 0;
    const int fields = std::sscanf(hash->c_str(), "$argon2id$v=19$m=%lu,t=%lu,p=%lu$", &memory_kib,
                                   &passes, &lanes);

    ASSERT_EQ(fields, 3) << *hash;
    EXPECT_GE(memory_kib, 19456u);
    EXPECT_GE(passes, 2u);
}

TEST(Password, SaltsEveryHash) {
    const auto first = hash_password("same");
    const auto second = hash_password("same");
    ASSERT_TRUE(first.has_value() && second.has_value());

    EXPECT_NE(*first, *second);
    EXPECT_TRUE(verify_password("same", *first));
    EXPECT_TRUE(verify_password("same", *second));
}

TEST(Password, VerifyIsFalseWhenHashIsMalformed) {
    const auto hash = hash_password("pw");
    ASSERT_TRUE(hash.has_value());
    const std::string cut = hash->substr(0, hash->size() - 5);
    const std::string with_nul = *hash + std::string(1, '\0') + "junk";

    EXPECT_FALSE(verify_password("pw", ""));
    EXPECT_FALSE(verify_password("pw", "not a hash"));
    EXPECT_FALSE(verify_password("pw", "$argon2id$v=19$m=19456,t=2,p=1$garbage"));
    EXPECT_FALSE(verify_password("pw", cut));
    EXPECT_FALSE(verify_password("pw", with_nul));
    EXPECT_FALSE(verify_password("pw", std::string(1000, '$')));
}

TEST(Password, HashesEmbeddedNulBytesAsPartOfThePassword) {
    const std::string password("a\0b", 3);
    const auto hash = hash_password(password);
    ASSERT_TRUE(hash.has_value());

    EXPECT_TRUE(verify_password(password, *hash));
    EXPECT_FALSE(verify_password("a", *hash));
}

TEST(Password, RefusesPasswordsLongerThan1024Bytes) {
    const auto longest = hash_password(std::string(1024, 'x'));
    const auto too_long = hash_password(std::string(1025, 'x'));

    EXPECT_TRUE(longest.has_value());
    ASSERT_FALSE(too_long.has_value());
    EXPECT_EQ(too_long.error().code, errc::invalid_argument);
    EXPECT_EQ(too_long.error().field, "password");
    EXPECT_FALSE(verify_password(std::string(1025, 'x'), *longest));
}

TEST(Password, HashesFromSeveralThreadsAtOnce) {
    std::vector<std::thread> threads;
    std::vector<int> verified(2, 0);

    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([i, &verified] {
            const std::string password = "thread " + std::to_string(i);
            const auto hash = hash_password(password);
            verified[i] = hash.has_value() && verify_password(password, *hash);
        });
    }
    for (auto& thread : threads) thread.join();

    EXPECT_EQ(verified, (std::vector<int>{1, 1}));
}

}  // namespace
}  // namespace dott::crypto
