#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "db/transaction.hpp"

namespace dott::db::detail {
namespace {

TEST(Params, StringsAndNumbersBindAsTheirText) {
    EXPECT_EQ(to_param(std::string("a'b")), "a'b");
    EXPECT_EQ(to_param(std::string_view("view")), "view");
    EXPECT_EQ(to_param("literal"), "literal");
    EXPECT_EQ(to_param(42), "42");
    EXPECT_EQ(to_param(std::int64_t{-9000000000}), "-9000000000");
    EXPECT_EQ(to_param(0.1), "0.1");
    EXPECT_EQ(to_param(true), "true");
    EXPECT_EQ(to_param(false), "false");
}

TEST(Params, EmptyOptionalsAndNullsBindNull) {
    EXPECT_EQ(to_param(std::optional<std::string>()), std::nullopt);
    EXPECT_EQ(to_param(std::nullopt), std::nullopt);
    EXPECT_EQ(to_param(nullptr), std::nullopt);
    EXPECT_EQ(to_param(static_cast<const char*>(nullptr)), std::nullopt);
    EXPECT_EQ(to_param(std::optional<int>(5)), "5");
}

TEST(Params, BytesBindAsByteaHex) {
    EXPECT_EQ(to_param(bytes{std::string_view("\x00\x7f\xff", 3)}), "\\x007fff");
}

}  // namespace
}  // namespace dott::db::detail
