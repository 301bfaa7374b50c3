#include "importer/import.hpp"

#include <gtest/gtest.h>

#include <string>

#include "importer/detail/rows.hpp"

namespace dott::importer {
namespace {

TEST(ImportChoices, ColumnChoicesNameAColumnByNumberOrLetters) {
    auto by_number = parse_column_override("5=planned");
    auto by_letters = parse_column_override("ab=vendor");
    auto ignored = parse_column_override("C=ignore");

    ASSERT_TRUE(by_number.has_value());
    EXPECT_EQ(by_number->index, 4u);
    EXPECT_EQ(by_number->field, import_field::planned);
    ASSERT_TRUE(by_letters.has_value());
    EXPECT_EQ(by_letters->index, 27u);
    EXPECT_EQ(by_letters->field, import_field::vendor);
    ASSERT_TRUE(ignored.has_value());
    EXPECT_EQ(ignored->index, 2u);
    EXPECT_FALSE(ignored->field.has_value());
}

TEST(ImportChoices, MalformedChoicesAreRefusedNamingTheParameter) {
    for (const char* text : {"", "=planned", "0=planned", "5", "5=budget", "A1=planned",
                             "ABCD=planned", "123456=planned"}) {
        auto choice = parse_column_override(text, "map");

        ASSERT_FALSE(choice.has_value()) << text;
        EXPECT_EQ(choice.error().code, errc::invalid_argument);
        EXPECT_EQ(choice.error().field, "map");
    }
    EXPECT_EQ(parse_date_order_choice("day-first").value(), date_order::day_first);
    EXPECT_EQ(parse_date_order_choice("month_first").value(), date_order::month_first);
    EXPECT_FALSE(parse_date_order_choice("ymd").has_value());
    EXPECT_EQ(parse_date_order_choice("day_first").value(), date_order::day_first);
    EXPECT_EQ(parse_date_order_choice("month-first").value(), date_order::month_first);

    // The message spells the values the way the caller spells its option.
    EXPECT_EQ(parse_date_order_choice("ymd").error().message,
              "date_order must be day_first or month_first");
    EXPECT_EQ(parse_date_order_choice("ymd", "date-order").error().message,
              "date-order must be day-first or month-first");
    EXPECT_EQ(parse_decimal_choice("comma").value(), decimal_mark::comma);
    EXPECT_FALSE(parse_decimal_choice(",").has_value());
    EXPECT_EQ(parse_crm_choice("hubspot").value(), "hubspot");
    EXPECT_FALSE(parse_crm_choice("pipedrive").has_value());
}

TEST(ImportReport, KeepsTheImportOnlyWhenNothingIsAmiss) {
    import_report report;
    report.options.dry_run = false;
    EXPECT_TRUE(report.should_commit());

    report.actions[row_action::error] = 1;
    EXPECT_FALSE(report.should_commit());
    report.actions[row_action::error] = 0;
    report.choices.push_back({});
    EXPECT_FALSE(report.should_commit());
    report.choices.clear();
    report.options.dry_run = true;
    EXPECT_FALSE(report.should_commit());
}

// A transaction that rolled back on purpose still yields its report; one that failed on its
// own, or never produced a report, yields its error.
TEST(ImportReport, OutcomeTellsAPurposefulRollBackFromAFailure) {
    import_report kept;
    import_report dry;
    dry.options.dry_run = true;
    const result<bool> committed = true;
    const result<bool> rolled_back = fail(errc::conflict, "rolled back");
    const result<bool> failed = fail(errc::unavailable, "the database went away");

    auto ok = outcome(committed, {kept}, 1);
    auto rehearsed = outcome(rolled_back, {dry}, 1);
    auto lost = outcome(failed, {kept}, 1);
    auto missing = outcome(failed, {}, 1);

    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(ok->front().committed);
    ASSERT_TRUE(rehearsed.has_value());
    EXPECT_FALSE(rehearsed->front().committed);
    ASSERT_FALSE(lost.has_value());
    EXPECT_EQ(lost.error().code, errc::unavailable);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, errc::unavailable);
    EXPECT_FALSE(finish({dry}).has_value());
    EXPECT_TRUE(finish({kept}).value());
}

}  // namespace
}  // namespace dott::importer

namespace dott::importer::detail {
namespace {

// Every key of a file is remembered through the table's growth: a repeated key counts its uses
// and keeps the row of its first one, a new key starts at one.
TEST(KeyCounter, CountsEachKeyAndKeepsItsFirstRowAsTheTableGrows) {
    key_counter keys;
    for (std::size_t row = 1; row <= 5000; ++row) {
        auto use = keys.add("line:" + std::to_string(row), row);

        ASSERT_EQ(use.count, 1u) << row;
        ASSERT_EQ(use.first_row, row);
    }

    for (std::size_t row = 1; row <= 5000; ++row) {
        auto again = keys.add("line:" + std::to_string(row), 10000 + row);

        ASSERT_EQ(again.count, 2u) << row;
        ASSERT_EQ(again.first_row, row);
    }
    EXPECT_EQ(keys.add("line:17", 20000).count, 3u);
    EXPECT_EQ(keys.add("line:17#2", 20001).count, 1u);
}

}  // namespace
}  // namespace dott::importer::detail
