#include "domain/money.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

TEST(CurrencyCode, KnowsActiveCodesOnly) {
    EXPECT_TRUE(is_currency_code("EUR"));
    EXPECT_TRUE(is_currency_code("JPY"));
    EXPECT_FALSE(is_currency_code("eur"));
    EXPECT_FALSE(is_currency_code("XXX"));
    EXPECT_FALSE(is_currency_code("EURO"));
}

TEST(CurrencyTotals, KeepsCurrenciesApart) {
    currency_totals totals;

    ASSERT_TRUE(totals.add("EUR", 150).has_value());
    ASSERT_TRUE(totals.add("USD", 200).has_value());
    ASSERT_TRUE(totals.add("EUR", -50).has_value());

    EXPECT_EQ(totals.by_currency().at("EUR"), 100);
    EXPECT_EQ(totals.by_currency().at("USD"), 200);
}

TEST(CurrencyTotals, RefusesOverflowInsteadOfWrapping) {
    currency_totals totals;
    ASSERT_TRUE(totals.add("EUR", std::numeric_limits<std::int64_t>::max()).has_value());

    auto added = totals.add("EUR", 1);

    EXPECT_FALSE(added.has_value());
    EXPECT_EQ(totals.by_currency().at("EUR"), std::numeric_limits<std::int64_t>::max());
}

TEST(FormatMinorUnits, UsesTheDigitsOfTheCurrency) {
    EXPECT_EQ(format_minor_units(123450, "EUR"), "1234.50");
    EXPECT_EQ(format_minor_units(5, "EUR"), "0.05");
    EXPECT_EQ(format_minor_units(-5, "USD"), "-0.05");
    EXPECT_EQ(format_minor_units(1500, "JPY"), "1500");
    EXPECT_EQ(format_minor_units(1500, "KWD"), "1.500");
    EXPECT_EQ(format_minor_units(std::numeric_limits<std::int64_t>::min(), "EUR"),
              "-92233720368547758.08");
}

}  // namespace
}  // namespace dott::domain
