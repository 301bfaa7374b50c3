#include "importer/values.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dott::importer {
namespace {

constexpr number_format point{decimal_mark::point};
constexpr number_format comma{decimal_mark::comma};

/// The minor units of a cell that must parse.
std::int64_t minor_of(std::string_view text, number_format format = point,
                      std::string_view currency = {}) {
    auto amount = parse_amount(text, format, currency);
    EXPECT_TRUE(amount.has_value()) << text << ": " << amount.error().message;
    return amount ? amount->minor : 0;
}

std::string currency_of(std::string_view text, number_format format = point) {
    auto amount = parse_amount(text, format);
    EXPECT_TRUE(amount.has_value()) << text << ": " << amount.error().message;
    return amount ? amount->currency : std::string("<failed>");
}

errc amount_error(std::string_view text, number_format format = point,
                  std::string_view currency = {}) {
    auto amount = parse_amount(text, format, currency);
    EXPECT_FALSE(amount.has_value()) << text << " parsed as " << amount->minor;
    return amount ? errc::internal : amount.error().code;
}

TEST(ParseAmount, ReadsPlainNumbersInMinorUnits) {
    EXPECT_EQ(minor_of("1234.56"), 123456);
    EXPECT_EQ(minor_of("1234"), 123400);
    EXPECT_EQ(minor_of("0.5"), 50);
    EXPECT_EQ(minor_of(".5"), 50);
    EXPECT_EQ(minor_of("  12.30  "), 1230);
    EXPECT_EQ(minor_of("0"), 0);
}

TEST(ParseAmount, ReadsThousandsSeparatorsUnderDecimalPoint) {
    EXPECT_EQ(minor_of("1,234.56"), 123456);
    EXPECT_EQ(minor_of("1,234,567"), 123456700);
    EXPECT_EQ(minor_of("1 234.56"), 123456);
    EXPECT_EQ(minor_of("1\xC2\xA0"
                       "234.56"),
              123456);
    EXPECT_EQ(minor_of("1\xE2\x80\xAF"
                       "234.56"),
              123456);
    EXPECT_EQ(minor_of("1'234.56"), 123456);
    EXPECT_EQ(minor_of("1\xE2\x80\x99"
                       "234.56"),
              123456);
}

TEST(ParseAmount, ReadsDecimalCommaWithPointOrSpaceThousands) {
    EXPECT_EQ(minor_of("1.234,56", comma), 123456);
    EXPECT_EQ(minor_of("1.234.567,8", comma), 123456780);
    EXPECT_EQ(minor_of("1 234,56", comma), 123456);
    EXPECT_EQ(minor_of("12,5", comma), 1250);
    EXPECT_EQ(minor_of("1.500", comma), 150000);
}

TEST(ParseAmount, ReadsIndianLakhGrouping) { EXPECT_EQ(minor_of("12,34,567.50"), 123456750); }

TEST(ParseAmount, RefusesIrregularGrouping) {
    EXPECT_EQ(amount_error("1,23.00"), errc::malformed);
    EXPECT_EQ(amount_error("1,2345"), errc::malformed);
    EXPECT_EQ(amount_error("0,500"), errc::malformed);
    EXPECT_EQ(amount_error("1,234 567"), errc::malformed);
    EXPECT_EQ(amount_error("1.234.56"), errc::malformed);
    EXPECT_EQ(amount_error("1,234.56", comma), errc::malformed);
    EXPECT_EQ(amount_error("12,5"), errc::malformed);
}

TEST(ParseAmount, ReadsNegativeAmountsWithMinusOrParentheses) {
    EXPECT_EQ(minor_of("-12.50"), -1250);
    EXPECT_EQ(minor_of("\xE2\x88\x92"
                       "12.50"),
              -1250);
    EXPECT_EQ(minor_of("(1,234.00)"), -123400);
    EXPECT_EQ(minor_of("( 12 )"), -1200);
    EXPECT_EQ(minor_of("+12"), 1200);
    EXPECT_EQ(minor_of("-$12"), -1200);
    EXPECT_EQ(minor_of("$-12"), -1200);
    EXPECT_EQ(minor_of("($12.00)"), -1200);
    EXPECT_EQ(minor_of("$(12.00)"), -1200);
    EXPECT_EQ(minor_of("-1.234,50 \xE2\x82\xAC", comma), -123450);
}

TEST(ParseAmount, RefusesTwoSigns) {
    EXPECT_EQ(amount_error("-(12)"), errc::malformed);
    EXPECT_EQ(amount_error("(-12)"), errc::malformed);
    EXPECT_EQ(amount_error("--12"), errc::malformed);
}

TEST(ParseAmount, ReadsAccountingDashAsZero) {
    EXPECT_EQ(minor_of("$ -"), 0);
    EXPECT_EQ(minor_of("-"), 0);
}

TEST(ParseAmount, RecognisesCurrencySymbolsAndCodes) {
    EXPECT_EQ(currency_of("\xE2\x82\xAC"
                          "12"),
              "EUR");
    EXPECT_EQ(currency_of("12 \xE2\x82\xAC"), "EUR");
    EXPECT_EQ(currency_of("\xC2\xA3"
                          "12"),
              "GBP");
    EXPECT_EQ(currency_of("CHF 1'250.00"), "CHF");
    EXPECT_EQ(currency_of("EUR 12"), "EUR");
    EXPECT_EQ(currency_of("12 usd"), "USD");
    EXPECT_EQ(currency_of("USD12"), "USD");
    EXPECT_EQ(currency_of("US$ 12"), "USD");
    EXPECT_EQ(currency_of("C$12"), "CAD");
    EXPECT_EQ(currency_of("R$ 12,50", comma), "BRL");
    EXPECT_EQ(currency_of("\xE2\x82\xB9"
                          "12"),
              "INR");
    EXPECT_EQ(currency_of("12"), "");
}

// "$" and "¥" belong to several currencies; the caller decides with the column's currency.
TEST(ParseAmount, ReportsAmbiguousSymbolsAsWritten) {
    EXPECT_EQ(currency_of("$12"), "$");
    EXPECT_EQ(currency_of("\xC2\xA5"
                          "1200"),
              "\xC2\xA5");
}

TEST(ParseAmount, LetsCodeResolveAmbiguousSymbol) { EXPECT_EQ(currency_of("$12 CAD"), "CAD"); }

TEST(ParseAmount, RefusesTwoDifferentCurrencies) {
    EXPECT_EQ(amount_error("\xE2\x82\xAC"
                           "12 USD"),
              errc::invalid_argument);
}

TEST(ParseAmount, CountsMinorUnitsInTheCurrencysDigits) {
    auto yen = parse_amount("JPY 1,200", point);
    auto dinar = parse_amount("1.250 KWD", point);

    ASSERT_TRUE(yen.has_value());
    ASSERT_TRUE(dinar.has_value());
    EXPECT_EQ(yen->minor, 1200);
    EXPECT_EQ(yen->digits, 0);
    EXPECT_EQ(dinar->minor, 1250);
    EXPECT_EQ(dinar->digits, 3);
}

TEST(ParseAmount, UsesDefaultCurrencyDigitsWhenCellNamesNone) {
    EXPECT_EQ(minor_of("1200", point, "JPY"), 1200);
    EXPECT_EQ(minor_of("\xC2\xA5"
                       "1200",
                       point, "JPY"),
              1200);
    EXPECT_EQ(minor_of("$12", point, "USD"), 1200);
}

TEST(ParseAmount, AcceptsExtraFractionDigitsOnlyWhenZero) {
    EXPECT_EQ(minor_of("12.500"), 1250);
    EXPECT_EQ(minor_of("1200.00", point, "JPY"), 1200);
    EXPECT_EQ(amount_error("12.505"), errc::invalid_argument);
    EXPECT_EQ(amount_error("1200.5", point, "JPY"), errc::invalid_argument);
}

TEST(ParseAmount, RefusesOverflow) {
    EXPECT_EQ(minor_of("92233720368547758.07"), 9223372036854775807);
    EXPECT_EQ(minor_of("-92233720368547758.07"), -9223372036854775807);
    EXPECT_EQ(amount_error("92233720368547758.08"), errc::invalid_argument);
    EXPECT_EQ(amount_error("99999999999999999999999"), errc::invalid_argument);
}

TEST(ParseAmount, RefusesTextThatIsNotAnAmount) {
    EXPECT_EQ(amount_error(""), errc::malformed);
    EXPECT_EQ(amount_error("   "), errc::malformed);
    EXPECT_EQ(amount_error("tbd"), errc::malformed);
    EXPECT_EQ(amount_error("12 apples"), errc::malformed);
    EXPECT_EQ(amount_error("$"), errc::malformed);
    EXPECT_EQ(amount_error("1.2.3"), errc::malformed);
    EXPECT_EQ(amount_error(","), errc::malformed);
}

TEST(ParseAmount, ExplainsScientificNotation) {
    auto amount = parse_amount("1.23457E+11", point);

    ASSERT_FALSE(amount.has_value());
    EXPECT_EQ(amount.error().code, errc::malformed);
    EXPECT_NE(amount.error().message.find("scientific"), std::string::npos);
}

TEST(DetectNumberFormat, ProvesDecimalPointFromUnambiguousCell) {
    auto detected = detect_number_format({"1,500", "", "12.50", "n/a"});

    ASSERT_TRUE(detected.has_value());
    EXPECT_EQ(detected->format.decimal, decimal_mark::point);
    EXPECT_FALSE(detected->needs_choice);
}

TEST(DetectNumberFormat, ProvesDecimalCommaFromUnambiguousCell) {
    auto detected = detect_number_format({"1.500", "12,5", "1.234.567"});

    ASSERT_TRUE(detected.has_value());
    EXPECT_EQ(detected->format.decimal, decimal_mark::comma);
    EXPECT_FALSE(detected->needs_choice);
}

TEST(DetectNumberFormat, ProvesPointFromRepeatedCommaGroups) {
    auto detected = detect_number_format({"1,500", "1,234,567"});

    ASSERT_TRUE(detected.has_value());
    EXPECT_EQ(detected->format.decimal, decimal_mark::point);
}

TEST(DetectNumberFormat, AsksForChoiceWhenEveryCellIsAmbiguous) {
    auto detected = detect_number_format({"1,500", "2,250", "-"});

    ASSERT_TRUE(detected.has_value());
    EXPECT_TRUE(detected->needs_choice);
}

TEST(DetectNumberFormat, NeedsNoChoiceWhenEveryCellReadsTheSame) {
    auto detected = detect_number_format({"1500", "1 500", "(200)", "$ 12"});

    ASSERT_TRUE(detected.has_value());
    EXPECT_FALSE(detected->needs_choice);
}

TEST(DetectNumberFormat, RefusesContradictoryColumnNamingRows) {
    auto detected = detect_number_format({"10", "1,234.50", "7", "12,5"}, 2);

    ASSERT_FALSE(detected.has_value());
    EXPECT_EQ(detected.error().code, errc::invalid_argument);
    EXPECT_NE(detected.error().message.find("row 3"), std::string::npos)
        << detected.error().message;
    EXPECT_NE(detected.error().message.find("row 5"), std::string::npos);
    EXPECT_EQ(detected.error().field, "row 3");
}

TEST(ReadCurrencyMarker, ReadsSymbolsAndCodes) {
    EXPECT_EQ(read_currency_marker("\xE2\x82\xAC"), "EUR");
    EXPECT_EQ(read_currency_marker(" eur "), "EUR");
    EXPECT_EQ(read_currency_marker("$"), "$");
    EXPECT_FALSE(read_currency_marker("EURO").has_value());
    EXPECT_FALSE(read_currency_marker("XYZ").has_value());
    EXPECT_FALSE(read_currency_marker("").has_value());
}

TEST(DetectDateOrder, ProvesDayFirstFromFirstPartAboveTwelve) {
    EXPECT_EQ(detect_date_order({"03/04/2025", "", "13/04/2025"}).value(), date_order::day_first);
}

TEST(DetectDateOrder, ProvesMonthFirstFromSecondPartAboveTwelve) {
    EXPECT_EQ(detect_date_order({"3/4/25", "3/31/25"}).value(), date_order::month_first);
}

TEST(DetectDateOrder, ReportsIsoWhenEveryDateIsYearFirst) {
    EXPECT_EQ(detect_date_order({"2025-03-04", "2025/12/31", "not a date"}).value(),
              date_order::iso);
    EXPECT_EQ(detect_date_order({}).value(), date_order::iso);
}

TEST(DetectDateOrder, ReportsAmbiguousWhenNoDateDecides) {
    EXPECT_EQ(detect_date_order({"03/04/2025", "05.06.2025", "2025-01-30"}).value(),
              date_order::ambiguous);
}

TEST(DetectDateOrder, ReportsDayFirstWhenEveryDateReadsTheSame) {
    EXPECT_EQ(detect_date_order({"05/05/2025", "11/11/2025"}).value(), date_order::day_first);
}

TEST(DetectDateOrder, RefusesContradictoryColumnNamingRows) {
    auto order = detect_date_order({"01/02/2025", "13/02/2025", "02/13/2025"}, 2);

    ASSERT_FALSE(order.has_value());
    EXPECT_EQ(order.error().code, errc::invalid_argument);
    EXPECT_NE(order.error().message.find("row 3"), std::string::npos) << order.error().message;
    EXPECT_NE(order.error().message.find("row 4"), std::string::npos);
    EXPECT_EQ(order.error().field, "row 3");
}

TEST(ParseDate, ReadsEachOrderAndSeparator) {
    EXPECT_EQ(parse_date("31/03/2025", date_order::day_first).value(), "2025-03-31");
    EXPECT_EQ(parse_date("31.3.2025", date_order::day_first).value(), "2025-03-31");
    EXPECT_EQ(parse_date("31-03-25", date_order::day_first).value(), "2025-03-31");
    EXPECT_EQ(parse_date("3/31/2025", date_order::month_first).value(), "2025-03-31");
    EXPECT_EQ(parse_date("03/04/2025", date_order::month_first).value(), "2025-03-04");
    EXPECT_EQ(parse_date("03/04/2025", date_order::day_first).value(), "2025-04-03");
    EXPECT_EQ(parse_date("2025-3-4", date_order::iso).value(), "2025-03-04");
    EXPECT_EQ(parse_date("2025/03/04", date_order::iso).value(), "2025-03-04");
}

TEST(ParseDate, ReadsTwoDigitYearsAsTwentyFirstCentury) {
    EXPECT_EQ(parse_date("1/2/99", date_order::day_first).value(), "2099-02-01");
}

TEST(ParseDate, ReadsYearFirstDatesUnderAnyOrder) {
    EXPECT_EQ(parse_date("2025-03-04", date_order::ambiguous).value(), "2025-03-04");
    EXPECT_EQ(parse_date("2025-03-04", date_order::month_first).value(), "2025-03-04");
}

TEST(ParseDate, DropsTimeOfDay) {
    EXPECT_EQ(parse_date("2025-03-31 14:05", date_order::iso).value(), "2025-03-31");
    EXPECT_EQ(parse_date("2025-03-31T23:59:59.123Z", date_order::iso).value(), "2025-03-31");
    EXPECT_EQ(parse_date("2025-03-31T23:59:59+02:00", date_order::iso).value(), "2025-03-31");
    EXPECT_EQ(parse_date("3/31/2025 2:05 PM", date_order::month_first).value(), "2025-03-31");
}

TEST(ParseDate, RefusesAmbiguousOrderForDayMonthDates) {
    auto date = parse_date("03/04/2025", date_order::ambiguous);

    ASSERT_FALSE(date.has_value());
    EXPECT_EQ(date.error().code, errc::invalid_argument);
}

TEST(ParseDate, RefusesDayMonthDateInIsoColumn) {
    EXPECT_EQ(parse_date("03/04/2025", date_order::iso).error().code, errc::invalid_argument);
}

TEST(ParseDate, RefusesDatesNotOnTheCalendar) {
    EXPECT_EQ(parse_date("31/04/2025", date_order::day_first).error().code, errc::invalid_argument);
    EXPECT_EQ(parse_date("29/02/2025", date_order::day_first).error().code, errc::invalid_argument);
    EXPECT_EQ(parse_date("29/02/2024", date_order::day_first).value(), "2024-02-29");
    EXPECT_EQ(parse_date("13/31/2025", date_order::month_first).error().code,
              errc::invalid_argument);
    EXPECT_EQ(parse_date("2025-00-10", date_order::iso).error().code, errc::invalid_argument);
}

TEST(ParseDate, RefusesMalformedText) {
    for (std::string_view text : {"", "tomorrow", "2025-03", "31/03-2025", "2025-03-04 noon",
                                  "31/03/202", "123/1/2025", "2025-003-01", "3/31/2025 25"}) {
        auto date = parse_date(text, date_order::day_first);
        ASSERT_FALSE(date.has_value()) << text;
        EXPECT_EQ(date.error().code, errc::malformed) << text;
    }
}

}  // namespace
}  // namespace dott::importer
