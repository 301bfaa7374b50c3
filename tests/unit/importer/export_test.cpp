#include "importer/export.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "importer/xlsx.hpp"
#include "unit/importer/records.hpp"

namespace dott::importer {
namespace {

const std::vector<export_column> columns{
    {"vendor", cell_type::text},   {"currency", cell_type::text}, {"actual", cell_type::money},
    {"lines", cell_type::integer}, {"paid_on", cell_type::date},  {"approved", cell_type::boolean}};

/// Rows whose text a spreadsheet would run, next to amounts that must stay numbers.
const std::vector<std::vector<export_cell>> hostile_rows{
    {std::string("=HYPERLINK(\"http://evil.example\",\"click\")"), std::string("EUR"),
     domain::money{-123450, "EUR"}, std::int64_t{-3}, std::string("2025-03-31"), true},
    {std::string("+33 1 23"), std::string("JPY"), domain::money{1200, "JPY"}, std::int64_t{2},
     std::monostate{}, false},
    {std::string("-minus, \"quoted\""), std::string("KWD"), domain::money{-5, "KWD"},
     std::int64_t{0}, std::monostate{}, false},
    {std::string("@SUM(A1)"), std::string("EUR"), domain::money{0, "EUR"}, std::int64_t{1},
     std::monostate{}, false},
    {std::string("\tTab"), std::string("EUR"), domain::money{1, "EUR"}, std::int64_t{1},
     std::monostate{}, false},
    {std::string("\rReturn"), std::string("EUR"), domain::money{1, "EUR"}, std::int64_t{1},
     std::monostate{}, false},
    {std::string("Booth & Co"), std::string("EUR"), domain::money{99, "EUR"}, std::int64_t{1},
     std::monostate{}, false},
};

std::string write_table(export_format format) {
    std::ostringstream out;
    auto writer = make_table_writer(format, columns, out, "line_items");
    EXPECT_TRUE(writer.has_value());
    for (const auto& row : hostile_rows) EXPECT_TRUE((*writer)->row(row).has_value());
    EXPECT_TRUE((*writer)->finish().has_value());
    return out.str();
}

/// The XML of the first worksheet inside an .xlsx file.
std::string sheet_xml(const std::string& xlsx) {
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t* source = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &e);
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &e);
    EXPECT_NE(archive, nullptr);
    if (archive == nullptr) return {};
    zip_file_t* file = zip_fopen(archive, "xl/worksheets/sheet1.xml", 0);
    std::string xml;
    char buffer[4096];
    zip_int64_t n = 0;
    while (file != nullptr && (n = zip_fread(file, buffer, sizeof buffer)) > 0) {
        xml.append(buffer, static_cast<std::size_t>(n));
    }
    if (file != nullptr) zip_fclose(file);
    zip_discard(archive);
    zip_error_fini(&e);
    return xml;
}

/// The XML of one cell of a worksheet ("C2"), or nothing.
std::string cell_xml(const std::string& xml, const std::string& reference) {
    const auto start = xml.find("<c r=\"" + reference + "\"");
    if (start == std::string::npos) return {};
    return xml.substr(start, xml.find("</c>", start) - start);
}

TEST(ExportNeutralisation, TextThatSpreadsheetsWouldRunIsMarked) {
    for (std::string_view text : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
        EXPECT_TRUE(is_formula_like(text)) << text;
        EXPECT_EQ(neutralize(text), "'" + std::string(text));
    }
    for (std::string_view text : {"", "Booth", " =1", "1-1", "'=already"}) {
        EXPECT_FALSE(is_formula_like(text)) << text;
        EXPECT_EQ(neutralize(text), text);
    }
}

TEST(ExportNeutralisation, CsvPrefixesFormulaLikeTextAndKeepsNegativeAmountsNumbers) {
    std::string csv = write_table(export_format::csv);

    std::istringstream input(csv);
    csv_reader reader(input);
    auto records = read_records(reader);
    ASSERT_TRUE(records.has_value()) << records.error().message;
    EXPECT_EQ(fields_of(*records),
              (rows{{"vendor", "currency", "actual", "lines", "paid_on", "approved"},
                    {"'=HYPERLINK(\"http://evil.example\",\"click\")", "EUR", "-1234.50", "-3",
                     "2025-03-31", "true"},
                    {"'+33 1 23", "JPY", "1200", "2", "", "false"},
                    {"'-minus, \"quoted\"", "KWD", "-0.005", "0", "", "false"},
                    {"'@SUM(A1)", "EUR", "0.00", "1", "", "false"},
                    {"'\tTab", "EUR", "0.01", "1", "", "false"},
                    {"'\rReturn", "EUR", "0.01", "1", "", "false"},
                    {"Booth & Co", "EUR", "0.99", "1", "", "false"}}));
    EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
}

TEST(ExportNeutralisation, XlsxWritesTextAsStringCellsAndAmountsAsNumbers) {
    std::string xlsx = write_table(export_format::xlsx);

    auto book = xlsx_workbook::open_memory(xlsx);
    ASSERT_TRUE(book.has_value()) << book.error().message;
    auto sheet = (*book)->open_sheet();
    ASSERT_TRUE(sheet.has_value());
    auto records = read_records(**sheet);
    ASSERT_TRUE(records.has_value());
    std::string xml = sheet_xml(xlsx);

    // The text reads back as written: a formula cell would read as its cached result.
    EXPECT_EQ((*records)[1].fields[0], "=HYPERLINK(\"http://evil.example\",\"click\")");
    EXPECT_EQ((*records)[1].fields[2], "-1234.5");
    EXPECT_EQ((*records)[1].fields[4], "2025-03-31");
    EXPECT_EQ((*records)[1].fields[5], "TRUE");
    EXPECT_EQ((*records)[3].fields[2], "-0.005");
    EXPECT_EQ(xml.find("<f>"), std::string::npos);
    EXPECT_NE(cell_xml(xml, "A2").find("t=\"inlineStr\""), std::string::npos) << xml;
    EXPECT_EQ(cell_xml(xml, "C2").find(" t=\""), std::string::npos) << xml;
    EXPECT_NE(cell_xml(xml, "C2").find("<v>-1234.5</v>"), std::string::npos) << xml;
}

TEST(ExportNeutralisation, JsonCarriesMoneyAsDecimalTextAndMinorUnits) {
    auto document = nlohmann::json::parse(write_table(export_format::json));

    const auto& first = document.at("line_items").at(0);
    EXPECT_EQ(first.at("vendor"), "=HYPERLINK(\"http://evil.example\",\"click\")");
    EXPECT_EQ(first.at("actual"), "-1234.50");
    EXPECT_EQ(first.at("actual_minor"), -123450);
    EXPECT_EQ(first.at("currency"), "EUR");
    EXPECT_EQ(document.at("line_items").at(1).at("paid_on"), nullptr);
    EXPECT_EQ(document.at("line_items").size(), hostile_rows.size());
}

}  // namespace
}  // namespace dott::importer
