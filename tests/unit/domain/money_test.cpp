#include "domain/money.hpp"

#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

TEST(CurrencyCode, KnowsActiveCodesOnly) {
    EXPECT_TRUE(is_currency_code("EUR"));
    EXPECT_TRUE(is_currency_code("JPY"));
    EXPECT_FALSE(is_currency_code("eur"));
    EXPECT_FALSE(is_currency_code("XTS"));  // ISO 4217 reserves it for testing.
    EXPECT_FALSE(is_currency_code("ABC"));
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

exchange_rate rate(std::string from, std::string to, std::string on, std::int64_t numerator,
                   std::int64_t denominator) {
    return exchange_rate{std::move(from), std::move(to), std::move(on), numerator, denominator};
}

std::int64_t sum_of(const std::vector<money>& parts) {
    std::int64_t sum = 0;
    for (const money& part : parts) {
        sum += part.minor;
    }
    return sum;
}

TEST(ParseExchangeRate, ReadsADecimalExactlyAsEntered) {
    auto parsed = parse_exchange_rate("USD", "EUR", "2025-06-01", "1.0845");

    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->numerator, 10845);
    EXPECT_EQ(parsed->denominator, 10000);
    EXPECT_EQ(format_exchange_rate(*parsed), "1.0845");
}

TEST(ParseExchangeRate, ReadsSmallRatesWithLeadingZeros) {
    auto parsed = parse_exchange_rate("JPY", "EUR", "2025-06-01", "0.0061");

    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->numerator, 61);
    EXPECT_EQ(parsed->denominator, 10000);
    EXPECT_EQ(format_exchange_rate(*parsed), "0.0061");
}

TEST(ParseExchangeRate, RefusesTextThatIsNotAPlainDecimal) {
    for (const char* text :
         {"", ".", "1.", ".5", "-1", "1e5", "1,5", "abc", "1.2.3", "1234567890123456"}) {
        auto parsed = parse_exchange_rate("USD", "EUR", "2025-06-01", text);

        ASSERT_FALSE(parsed.has_value()) << text;
        EXPECT_EQ(parsed.error().code, errc::malformed) << text;
    }
}

TEST(ParseExchangeRate, RefusesZeroUnknownCurrenciesAndBadDates) {
    EXPECT_EQ(parse_exchange_rate("USD", "EUR", "2025-06-01", "0.000").error().field, "numerator");
    EXPECT_EQ(parse_exchange_rate("USD", "USD", "2025-06-01", "1").error().field, "to");
    EXPECT_EQ(parse_exchange_rate("ABC", "EUR", "2025-06-01", "1").error().field, "from");
    EXPECT_EQ(parse_exchange_rate("USD", "EUR", "2025-02-30", "1").error().field, "on");
}

TEST(FormatExchangeRate, WritesAFractionWhenTheDenominatorIsNotAPowerOfTen) {
    EXPECT_EQ(format_exchange_rate(rate("EUR", "USD", "2025-06-01", 10, 3)), "10/3");
    EXPECT_EQ(format_exchange_rate(rate("EUR", "USD", "2025-06-01", 2, 1)), "2");
}

TEST(FindExchangeRate, TakesTheLatestRateOnOrBeforeTheDate) {
    std::vector<exchange_rate> rates = {
        rate("USD", "EUR", "2025-05-01", 91, 100), rate("USD", "EUR", "2025-06-01", 90, 100),
        rate("USD", "EUR", "2025-07-01", 89, 100), rate("GBP", "EUR", "2025-06-15", 118, 100)};

    auto found = find_exchange_rate(rates, "USD", "EUR", "2025-06-30");

    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->on, "2025-06-01");
    EXPECT_EQ(find_exchange_rate(rates, "USD", "EUR", "2025-06-01")->on, "2025-06-01");
    EXPECT_FALSE(find_exchange_rate(rates, "USD", "EUR", "2025-04-30").has_value());
}

TEST(FindExchangeRate, NeverDerivesTheInverse) {
    std::vector<exchange_rate> rates = {rate("EUR", "USD", "2025-06-01", 11, 10)};

    EXPECT_FALSE(find_exchange_rate(rates, "USD", "EUR", "2025-06-30").has_value());
}

TEST(ConvertWithRate, ConvertsExactlyBetweenTwoDecimalCurrencies) {
    // 10.00 USD × 0.9 = 9.00 EUR.
    auto converted = convert_with_rate({1000, "USD"}, rate("USD", "EUR", "2025-06-01", 9, 10));

    ASSERT_TRUE(converted.has_value());
    EXPECT_EQ(*converted, (money{900, "EUR"}));
}

TEST(ConvertWithRate, AccountsForTheMinorDigitsOfEachCurrency) {
    // 1000 JPY × 0.0061 = 6.10 EUR: 1000 × 61 × 10^2 / (10000 × 10^0) = 610.
    EXPECT_EQ(*convert_with_rate({1000, "JPY"}, rate("JPY", "EUR", "2025-06-01", 61, 10000)),
              (money{610, "EUR"}));

    // 1.23 EUR × 161.5 = 198.645 JPY: 123 × 1615 × 10^0 / (10 × 10^2) = 198.645, rounds to 199.
    EXPECT_EQ(*convert_with_rate({123, "EUR"}, rate("EUR", "JPY", "2025-06-01", 1615, 10)),
              (money{199, "JPY"}));

    // 1.00 USD × 0.307 = 0.307 KWD: 100 × 307 × 10^3 / (1000 × 10^2) = 307.
    EXPECT_EQ(*convert_with_rate({100, "USD"}, rate("USD", "KWD", "2025-06-01", 307, 1000)),
              (money{307, "KWD"}));
}

TEST(ConvertWithRate, RoundsHalfAwayFromZero) {
    auto half = rate("USD", "EUR", "2025-06-01", 1, 2);

    // 0.01 × 0.5 = 0.005 → 0.01; 0.03 × 0.5 = 0.015 → 0.02; negatives mirror.
    EXPECT_EQ(convert_with_rate({1, "USD"}, half)->minor, 1);
    EXPECT_EQ(convert_with_rate({3, "USD"}, half)->minor, 2);
    EXPECT_EQ(convert_with_rate({-1, "USD"}, half)->minor, -1);
    EXPECT_EQ(convert_with_rate({-3, "USD"}, half)->minor, -2);

    // 0.01 × 1/3 = 0.00333 → 0.00.
    EXPECT_EQ(convert_with_rate({1, "USD"}, rate("USD", "EUR", "2025-06-01", 1, 3))->minor, 0);
}

TEST(ConvertWithRate, RefusesOverflowAndAMismatchedCurrency) {
    auto twice = rate("USD", "EUR", "2025-06-01", 2, 1);

    auto overflow = convert_with_rate({std::numeric_limits<std::int64_t>::max(), "USD"}, twice);
    auto mismatch = convert_with_rate({100, "GBP"}, twice);

    EXPECT_FALSE(overflow.has_value());
    ASSERT_FALSE(mismatch.has_value());
    EXPECT_EQ(mismatch.error().field, "currency");
}

TEST(Convert, SaysWhichRateConvertedTheAmount) {
    std::vector<exchange_rate> rates = {rate("USD", "EUR", "2025-06-01", 9, 10)};

    auto converted = convert({1000, "USD"}, "EUR", rates, "2025-06-12");

    ASSERT_TRUE(converted.has_value());
    EXPECT_TRUE(converted->is_converted());
    EXPECT_EQ(converted->amount, (money{900, "EUR"}));
    EXPECT_EQ(converted->original, (money{1000, "USD"}));
    EXPECT_EQ(converted->rate->on, "2025-06-01");
}

TEST(Convert, LeavesAnAmountInTheTargetCurrencyUnconverted) {
    auto converted = convert({1000, "EUR"}, "EUR", {}, "2025-06-12");

    ASSERT_TRUE(converted.has_value());
    EXPECT_FALSE(converted->is_converted());
    EXPECT_EQ(converted->amount, (money{1000, "EUR"}));
}

TEST(Convert, FailsWithTheMissingPairInsteadOfAssumingParity) {
    std::vector<exchange_rate> rates = {rate("USD", "EUR", "2025-07-01", 9, 10)};

    auto converted = convert({1000, "USD"}, "EUR", rates, "2025-06-12");

    ASSERT_FALSE(converted.has_value());
    EXPECT_EQ(converted.error().code, errc::not_found);
    EXPECT_EQ(converted.error().field, "exchange_rate.USD_EUR");
}

TEST(SplitEvenly, GivesTheExtraUnitsToTheEarlierParts) {
    auto parts = split_evenly({100, "EUR"}, 3);

    // 100 / 3 = 33 remainder 1: the first part takes the extra cent.
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(*parts, (std::vector<money>{{34, "EUR"}, {33, "EUR"}, {33, "EUR"}}));
}

TEST(SplitEvenly, SplitsNegativeAmountsLikeTheirMagnitude) {
    auto parts = split_evenly({-101, "EUR"}, 4);

    // 101 / 4 = 25 remainder 1 → 26, 25, 25, 25, negated.
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(*parts, (std::vector<money>{{-26, "EUR"}, {-25, "EUR"}, {-25, "EUR"}, {-25, "EUR"}}));
}

TEST(SplitEvenly, HandlesTheExtremesWithoutOverflow) {
    auto lowest = split_evenly({std::numeric_limits<std::int64_t>::min(), "EUR"}, 2);
    auto highest = split_evenly({std::numeric_limits<std::int64_t>::max(), "EUR"}, 7);

    ASSERT_TRUE(lowest.has_value());
    EXPECT_EQ((*lowest)[0].minor, -4611686018427387904);
    EXPECT_EQ((*lowest)[1].minor, -4611686018427387904);
    ASSERT_TRUE(highest.has_value());
    EXPECT_EQ(sum_of(*highest), std::numeric_limits<std::int64_t>::max());
}

TEST(SplitEvenly, RefusesFewerThanOnePart) {
    EXPECT_FALSE(split_evenly({100, "EUR"}, 0).has_value());
    EXPECT_FALSE(split_evenly({100, "EUR"}, -2).has_value());
}

TEST(SplitByWeights, AllocatesTheRemainderToTheLargestRemainder) {
    std::vector<std::int64_t> weights = {50, 30, 20};

    auto parts = split_by_weights({1001, "EUR"}, weights);

    // Exact shares 500.5, 300.3, 200.2; floors add to 1000; the one cent left goes to the
    // largest remainder, 0.5.
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(*parts, (std::vector<money>{{501, "EUR"}, {300, "EUR"}, {200, "EUR"}}));
}

TEST(SplitByWeights, BreaksTiesTowardTheEarlierPart) {
    std::vector<std::int64_t> weights = {1, 1, 1};

    auto parts = split_by_weights({200, "EUR"}, weights);

    // 66.67 each; floors add to 198; remainders tie, so parts 0 and 1 get a cent.
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(*parts, (std::vector<money>{{67, "EUR"}, {67, "EUR"}, {66, "EUR"}}));
}

TEST(SplitByWeights, GivesNothingToAZeroWeight) {
    std::vector<std::int64_t> weights = {1, 0, 1};

    auto parts = split_by_weights({3, "JPY"}, weights);

    // 1.5, 0, 1.5 → 1, 0, 1 and the last unit to the first tie.
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(*parts, (std::vector<money>{{2, "JPY"}, {0, "JPY"}, {1, "JPY"}}));
}

TEST(SplitByWeights, AlwaysAddsUpToTheOriginal) {
    std::vector<std::int64_t> weights = {7, 13, 1, 29, 3, 11};

    for (std::int64_t minor : {0LL, 1LL, 5LL, 63LL, 64LL, 99999LL, -12345LL, 9007199254740993LL}) {
        auto parts = split_by_weights({minor, "EUR"}, weights);

        ASSERT_TRUE(parts.has_value());
        EXPECT_EQ(sum_of(*parts), minor);
    }
}

TEST(SplitByWeights, RefusesNegativeEmptyAndZeroWeights) {
    std::vector<std::int64_t> negative = {1, -1};
    std::vector<std::int64_t> zeros = {0, 0};
    std::vector<std::int64_t> none;
    std::vector<std::int64_t> huge = {std::numeric_limits<std::int64_t>::max(), 1};

    EXPECT_FALSE(split_by_weights({100, "EUR"}, negative).has_value());
    EXPECT_FALSE(split_by_weights({100, "EUR"}, zeros).has_value());
    EXPECT_FALSE(split_by_weights({100, "EUR"}, none).has_value());
    EXPECT_FALSE(split_by_weights({100, "EUR"}, huge).has_value());
}

}  // namespace
}  // namespace dott::domain
