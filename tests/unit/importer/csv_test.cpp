#include "importer/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "unit/importer/records.hpp"

namespace dott::importer {
namespace {

/// Reads every record of `text`, or the first failure.
result<std::vector<csv_record>> read_all(const std::string& text, csv_options options = {}) {
    std::istringstream input(text);
    csv_reader reader(input, options);
    return read_records(reader);
}

error failure_of(const std::string& text, csv_options options = {}) {
    auto records = read_all(text, options);
    EXPECT_FALSE(records.has_value()) << text;
    if (records) return {};
    return records.error();
}

TEST(CsvReader, ReadsCommaSeparatedRecordsWithLineNumbers) {
    auto records = read_all("event,planned\nKubeCon,1200\nRustConf,800\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(fields_of(*records),
              (rows{{"event", "planned"}, {"KubeCon", "1200"}, {"RustConf", "800"}}));
    EXPECT_EQ((*records)[0].line, 1u);
    EXPECT_EQ((*records)[2].line, 3u);
}

TEST(CsvReader, StripsUtf8ByteOrderMark) {
    auto records = read_all(
        "\xEF\xBB\xBF"
        "event;planned\nA;1\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[0].fields[0], "event");
}

TEST(CsvReader, DetectsSemicolonDelimiter) {
    std::istringstream input("Event;Budget;Actual\nA;1,5;2\n");
    csv_reader reader(input);
    csv_record record;

    ASSERT_TRUE(reader.read(record).value());
    ASSERT_TRUE(reader.read(record).value());

    EXPECT_EQ(reader.delimiter(), ';');
    EXPECT_EQ(record.fields, (std::vector<std::string>{"A", "1,5", "2"}));
}

TEST(CsvReader, DetectsTabDelimiter) {
    auto records = read_all("Event\tAmount, net\tActual\nA\t1,000\t2\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"A", "1,000", "2"}));
}

// Commas inside quoted header cells must not outvote the real delimiter.
TEST(CsvReader, IgnoresCandidatesInsideQuotesWhenDetecting) {
    auto records = read_all("\"Cost, net\";\"Cost, gross\";Vendor\n1;2;3\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[0].fields,
              (std::vector<std::string>{"Cost, net", "Cost, gross", "Vendor"}));
}

TEST(CsvReader, PrefersCommaWhenCandidatesTie) {
    std::istringstream input("a,b;c\n");
    csv_reader reader(input);
    csv_record record;

    ASSERT_TRUE(reader.read(record).value());

    EXPECT_EQ(reader.delimiter(), ',');
}

TEST(CsvReader, UsesDelimiterOverride) {
    auto records = read_all("a,b;c\n1,2;3\n", csv_options{.delimiter = ';'});

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"1,2", "3"}));
}

TEST(CsvReader, RefusesUnsupportedDelimiterOverride) {
    const auto failure = failure_of("a|b\n", csv_options{.delimiter = '|'});

    EXPECT_EQ(failure.code, errc::invalid_argument);
}

TEST(CsvReader, ReadsSingleColumnFileWithCommaDefault) {
    std::istringstream input("Event\nA\n");
    csv_reader reader(input);
    csv_record record;

    ASSERT_TRUE(reader.read(record).value());

    EXPECT_EQ(reader.delimiter(), ',');
    EXPECT_EQ(record.fields, (std::vector<std::string>{"Event"}));
}

TEST(CsvReader, ReadsQuotedFieldsWithDelimitersAndDoubledQuotes) {
    auto records = read_all("a,b\n\"Booth, 3x3\",\"the \"\"big\"\" one\"\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"Booth, 3x3", "the \"big\" one"}));
}

TEST(CsvReader, ReadsQuotedFieldsSpanningLinesAndCountsLines) {
    auto records = read_all("a,b\n\"line one\nline two\",x\nnext,y\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[1].fields[0], "line one\nline two");
    EXPECT_EQ((*records)[1].line, 2u);
    EXPECT_EQ((*records)[2].line, 4u);
}

TEST(CsvReader, HandlesCrlfLineEndsInsideAndBetweenRecords) {
    auto records = read_all("a,b\r\n\"x\r\ny\",2\r\nz,3\r\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(fields_of(*records), (rows{{"a", "b"}, {"x\r\ny", "2"}, {"z", "3"}}));
    EXPECT_EQ((*records)[2].line, 4u);
}

TEST(CsvReader, TreatsLoneCarriageReturnAsLineEnd) {
    auto records = read_all("a,b\r1,2\r");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(fields_of(*records), (rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, ReadsLastRecordWithoutLineEnd) {
    auto records = read_all("a,b\n1,2");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(fields_of(*records), (rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, KeepsEmptyCellsIncludingTrailingOnes) {
    auto records = read_all("a,b,c\n,,\n1,,\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(fields_of(*records), (rows{{"a", "b", "c"}, {"", "", ""}, {"1", "", ""}}));
    EXPECT_TRUE((*records)[1].is_blank());
    EXPECT_FALSE((*records)[2].is_blank());
}

TEST(CsvReader, IgnoresTrailingEmptyLines) {
    auto records = read_all("a,b\n1,2\n\n\r\n\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(records->size(), 2u);
}

TEST(CsvReader, YieldsEmptyLinesBetweenRecordsWithTheirLineNumbers) {
    auto records = read_all("a\n1\n\n\n2\n\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(fields_of(*records), (rows{{"a"}, {"1"}, {""}, {""}, {"2"}}));
    EXPECT_EQ((*records)[2].line, 3u);
    EXPECT_EQ((*records)[3].line, 4u);
    EXPECT_EQ((*records)[4].line, 5u);
}

TEST(CsvReader, ReturnsNoRecordsForEmptyInput) {
    auto records = read_all("");

    ASSERT_TRUE(records.has_value());
    EXPECT_TRUE(records->empty());
}

TEST(CsvReader, ReturnsNoRecordsForByteOrderMarkAlone) {
    auto records = read_all("\xEF\xBB\xBF");

    ASSERT_TRUE(records.has_value());
    EXPECT_TRUE(records->empty());
}

TEST(CsvReader, KeepsQuoteInsideUnquotedCellAsWritten) {
    auto records = read_all("a,b\n12\" screen,1\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[1].fields[0], "12\" screen");
}

TEST(CsvReader, KeepsUtf8Text) {
    auto records = read_all("Lieferant;Betrag\nMüller GmbH;1.234,50 €\n");

    ASSERT_TRUE(records.has_value());
    EXPECT_EQ((*records)[1].fields[0], "Müller GmbH");
}

TEST(CsvReader, RefusesUnterminatedQuoteNamingStartLine) {
    const auto failure = failure_of("a,b\n1,2\n3,\"open\nstill open\n");

    EXPECT_EQ(failure.code, errc::malformed);
    EXPECT_EQ(failure.field, "line 3, column 2");
    EXPECT_NE(failure.message.find("never closed"), std::string::npos) << failure.message;
}

TEST(CsvReader, RefusesTextAfterClosingQuote) {
    const auto failure = failure_of("a,b\n\"x\"y,2\n");

    EXPECT_EQ(failure.code, errc::malformed);
    EXPECT_EQ(failure.field, "line 2, column 1");
}

TEST(CsvReader, RefusesInvalidUtf8NamingLineAndColumn) {
    // 0xE9 is "é" in Latin-1, what an old Excel "CSV" export writes.
    const auto failure = failure_of("a,b\nok,ok\nCaf\xE9,1\n");

    EXPECT_EQ(failure.code, errc::malformed);
    EXPECT_EQ(failure.field, "line 3, column 1");
    EXPECT_NE(failure.message.find("UTF-8"), std::string::npos);
}

TEST(CsvReader, RefusesOverlongAndSurrogateUtf8) {
    EXPECT_EQ(failure_of("a\n\xC0\xAF\n").code, errc::malformed);
    EXPECT_EQ(failure_of("a\n\xED\xA0\x80\n").code, errc::malformed);
    EXPECT_EQ(failure_of("a\n\xF4\x90\x80\x80\n").code, errc::malformed);
    EXPECT_EQ(failure_of("a\n\xE2\x82\n").code, errc::malformed);
}

TEST(CsvReader, RefusesUtf16Text) {
    const auto failure =
        failure_of(std::string("\xFF\xFE"
                               "a\0,\0b\0",
                               8));

    EXPECT_EQ(failure.code, errc::malformed);
    EXPECT_NE(failure.message.find("UTF-16"), std::string::npos);
}

TEST(CsvReader, RefusesFieldBeyondLimit) {
    csv_options options;
    options.limits.max_field_bytes = 8;

    const auto failure = failure_of("a,b\n123456789,1\n", options);

    EXPECT_EQ(failure.code, errc::too_large);
    EXPECT_EQ(failure.field, "line 2, column 1");
}

TEST(CsvReader, RefusesQuotedFieldBeyondLimit) {
    csv_options options;
    options.limits.max_field_bytes = 4;

    EXPECT_EQ(failure_of("a\n\"12345\"\n", options).code, errc::too_large);
}

TEST(CsvReader, RefusesRecordWiderThanLimit) {
    csv_options options;
    options.limits.max_fields = 3;

    const auto failure = failure_of("a,b,c\n1,2,3,4\n", options);

    EXPECT_EQ(failure.code, errc::too_large);
    EXPECT_EQ(failure.field, "line 2");
}

TEST(CsvReader, RefusesHeaderBeyondLimit) {
    csv_options options;
    options.limits.max_header_bytes = 10;

    EXPECT_EQ(failure_of("abcdefghijklmnop\n", options).code, errc::too_large);
}

TEST(CsvReader, RepeatsFailureOnLaterReads) {
    std::istringstream input("a\n\"open\n");
    csv_reader reader(input);
    csv_record record;
    ASSERT_TRUE(reader.read(record).value());

    const auto first = reader.read(record);
    const auto second = reader.read(record);

    ASSERT_FALSE(first.has_value());
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(first.error().message, second.error().message);
}

// Streaming: 100,000 rows go through one reused record; nothing holds the whole file but the
// test's own input buffer.
TEST(CsvReader, StreamsOneHundredThousandRows) {
    std::string text = "Event;Category;Vendor;Planned;Actual\r\n";
    for (int row = 0; row < 100000; ++row) {
        text += "Event " + std::to_string(row) + ";Travel;\"Vendor; Ltd\";1.234,50;" +
                std::to_string(row) + "\r\n";
    }
    std::istringstream input(std::move(text));
    csv_reader reader(input);
    csv_record record;

    std::size_t count = 0;
    std::size_t last_line = 0;
    long long sum = 0;
    while (true) {
        auto more = reader.read(record);
        ASSERT_TRUE(more.has_value()) << more.error().message;
        if (!*more) break;
        ASSERT_EQ(record.fields.size(), 5u);
        if (count > 0) sum += std::stoll(record.fields[4]);
        last_line = record.line;
        ++count;
    }

    EXPECT_EQ(count, 100001u);
    EXPECT_EQ(last_line, 100001u);
    EXPECT_EQ(sum, 99999LL * 100000 / 2);
}

}  // namespace
}  // namespace dott::importer
