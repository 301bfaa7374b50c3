#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.hpp"

namespace dott::crypto {
namespace {

// RFC 4648 section 10 vectors, without padding.
TEST(Base64url, EncodesKnownVectorsWithoutPadding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64url, UsesUrlSafeDigits) { EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8"); }

TEST(Base64url, RoundTripsRandomBytesOfEveryShortLength) {
    for (std::size_t length = 0; length < 70; ++length) {
        const std::string bytes = random_bytes(length);

        const auto decoded = base64url_decode(base64url_encode(bytes));

        ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
        EXPECT_EQ(*decoded, bytes);
    }
}

TEST(Base64url, RejectsInvalidCharacters) {
    for (const char* text : {"Zm9v+g", "Zm9v/g", "Zm9v Yg", "Zm9vYg==", "Zm=v", "Zm9\n"}) {
        const auto decoded = base64url_decode(text);

        ASSERT_FALSE(decoded.has_value()) << text;
        EXPECT_EQ(decoded.error().code, errc::malformed);
    }
}

TEST(Base64url, RejectsImpossibleLength) {
    EXPECT_FALSE(base64url_decode("Zm9vY").has_value());
    EXPECT_FALSE(base64url_decode("A").has_value());
}

// "Zh" and "Zg" would both decode to "f" if the unused low bits were ignored.
TEST(Base64url, RejectsNonCanonicalTrailingBits) {
    EXPECT_TRUE(base64url_decode("Zg").has_value());
    EXPECT_FALSE(base64url_decode("Zh").has_value());
    EXPECT_FALSE(base64url_decode("Zm9").has_value());
}

}  // namespace
}  // namespace dott::crypto
