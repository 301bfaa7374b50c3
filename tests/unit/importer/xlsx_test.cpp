#include "importer/xlsx.hpp"

#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "unit/importer/records.hpp"

namespace dott::importer {
namespace {

/// A file name in the temporary directory that no other test uses.
std::filesystem::path temporary_file(const std::string& suffix) {
    static std::mt19937_64 random{std::random_device{}()};
    return std::filesystem::temp_directory_path() /
           ("dott-xlsx-test-" + std::to_string(random()) + suffix);
}

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Builds an .xlsx file with libxlsxwriter through `write`, and returns its bytes.
template <typename Write>
std::string build_workbook(Write write, bool constant_memory = false) {
    const auto path = temporary_file(".xlsx");
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    write(book);
    EXPECT_EQ(workbook_close(book), LXW_NO_ERROR);
    auto bytes = read_bytes(path);
    std::filesystem::remove(path);
    return bytes;
}

/// A zip archive holding exactly these files, made by hand with libzip.
std::string build_zip(const std::map<std::string, std::string>& files) {
    const auto path = temporary_file(".zip");
    int code = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    EXPECT_NE(archive, nullptr);
    for (const auto& [name, content] : files) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
    }
    EXPECT_EQ(zip_close(archive), 0);
    auto bytes = read_bytes(path);
    std::filesystem::remove(path);
    return bytes;
}

const std::string content_types =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
const std::string root_rels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";
const std::string workbook_rels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";

std::string workbook_xml(bool date1904) {
    return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
           (date1904 ? R"(<workbookPr date1904="1"/>)" : "") +
           R"(<sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>)";
}

/// A workbook made by hand, the way other tools than Excel write them: a namespace prefix on
/// every element, rich text and phonetic runs in shared strings, cells without references,
/// escaped control characters, a custom date format and a gap between rows.
std::map<std::string, std::string> hand_made_parts(bool date1904 = false) {
    const std::string shared = R"(<?xml version="1.0" encoding="UTF-8"?>
<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<x:si><x:t>Event</x:t></x:si>
<x:si><x:t>Planned</x:t></x:si>
<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>Web </x:t></x:r><x:r><x:t xml:space="preserve">Summit</x:t></x:r><x:rPh sb="0" eb="1"><x:t>READING</x:t></x:rPh></x:si>
<x:si><x:t>Line one_x000D_
line two &amp; more</x:t></x:si>
</x:sst>)";
    const std::string styles = R"(<?xml version="1.0" encoding="UTF-8"?>
<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:numFmts count="2"><x:numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><x:numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></x:numFmts>
<x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs>
<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/></x:cellXfs>
</x:styleSheet>)";
    const std::string sheet = R"(<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="1"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Date</x:t></x:is></x:c></x:row>
<x:row r="4"><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="B4" s="2"><x:v>1234.5</x:v></x:c><x:c r="C4" s="1"><x:v>45748</x:v></x:c><x:c r="E4" t="s"><x:v>3</x:v></x:c></x:row>
<x:row r="5"><x:c r="B5" t="e"><x:v>#N/A</x:v></x:c><x:c r="C5" s="1"/></x:row>
</x:sheetData></x:worksheet>)";
    return {{"[Content_Types].xml", content_types},
            {"_rels/.rels", root_rels},
            {"xl/workbook.xml", workbook_xml(date1904)},
            {"xl/_rels/workbook.xml.rels", workbook_rels},
            {"xl/sharedStrings.xml", shared},
            {"xl/styles.xml", styles},
            {"xl/worksheets/sheet1.xml", sheet}};
}

/// Every row of the first (or the named) sheet, or the first failure.
result<std::vector<csv_record>> read_all(std::string_view bytes, const xlsx_limits& limits = {},
                                         const std::optional<std::string>& sheet = {}) {
    auto book = xlsx_workbook::open_memory(bytes, limits);
    if (!book) return std::unexpected(book.error());
    auto reader = (*book)->open_sheet(sheet);
    if (!reader) return std::unexpected(reader.error());
    return read_records(**reader);
}

void write_typed_cells(lxw_workbook* book) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Tracker");
    lxw_format* day_first = workbook_add_format(book);
    format_set_num_format(day_first, "dd/mm/yyyy");
    lxw_format* builtin_date = workbook_add_format(book);
    format_set_num_format_index(builtin_date, 14);
    lxw_format* money = workbook_add_format(book);
    format_set_num_format(money, "#,##0.00 [$\xE2\x82\xAC-1]");

    worksheet_write_string(sheet, 0, 0, "Event", nullptr);
    worksheet_write_string(sheet, 0, 1, "Planned", nullptr);
    worksheet_write_string(sheet, 0, 2, "Date", nullptr);
    worksheet_write_string(sheet, 0, 3, "Paid", nullptr);
    worksheet_write_string(sheet, 1, 0, "Axe-con", nullptr);
    worksheet_write_number(sheet, 1, 1, 1234.5, money);
    lxw_datetime start{2025, 2, 25, 0, 0, 0};
    worksheet_write_datetime(sheet, 1, 2, &start, day_first);
    worksheet_write_boolean(sheet, 1, 3, 1, nullptr);
    worksheet_write_string(sheet, 2, 0, "Test Coast", nullptr);
    worksheet_write_number(sheet, 2, 1, -12, nullptr);
    lxw_datetime later{2025, 5, 15, 14, 30, 0};
    worksheet_write_datetime(sheet, 2, 2, &later, builtin_date);
    worksheet_write_boolean(sheet, 2, 3, 0, nullptr);

    // Row 4 is left empty; row 5 has cells in B and D only.
    worksheet_write_number(sheet, 4, 1, 0.1 + 0.2, nullptr);
    worksheet_write_string(sheet, 4, 3, "=SUM(A1)", nullptr);

    lxw_worksheet* other = workbook_add_worksheet(book, "Notes");
    worksheet_write_string(other, 0, 0, "not the budget", nullptr);
}

TEST(XlsxReader, ReadsStringsNumbersBooleansAndDatesWithGapsKeptInTheirColumns) {
    for (bool constant_memory : {false, true}) {
        // libxlsxwriter writes shared strings normally and inline strings in constant memory.
        SCOPED_TRACE(constant_memory ? "inline strings" : "shared strings");
        auto bytes = build_workbook(write_typed_cells, constant_memory);

        auto records = read_all(bytes);

        ASSERT_TRUE(records.has_value()) << records.error().message;
        EXPECT_EQ(fields_of(*records), (rows{{"Event", "Planned", "Date", "Paid"},
                                             {"Axe-con", "1234.5", "2025-02-25", "TRUE"},
                                             {"Test Coast", "-12", "2025-05-15", "FALSE"},
                                             {"", "0.3", "", "=SUM(A1)"}}));
        EXPECT_EQ((*records)[1].line, 2u);
        EXPECT_EQ((*records)[3].line, 5u);
    }
}

TEST(XlsxReader, ReadsTheSheetNamedOrTheFirstAndListsTheSheetsWhenTheNameIsUnknown) {
    auto bytes = build_workbook(write_typed_cells);

    auto notes = read_all(bytes, {}, std::string("notes"));
    auto missing = read_all(bytes, {}, std::string("Budget 2025"));
    auto book = xlsx_workbook::open_memory(bytes);

    ASSERT_TRUE(notes.has_value());
    EXPECT_EQ(fields_of(*notes), (rows{{"not the budget"}}));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, errc::invalid_argument);
    EXPECT_EQ(missing.error().field, "sheet");
    EXPECT_NE(missing.error().message.find("\"Tracker\", \"Notes\""), std::string::npos)
        << missing.error().message;
    ASSERT_TRUE(book.has_value());
    EXPECT_EQ((*book)->sheet_names(), (std::vector<std::string>{"Tracker", "Notes"}));
}

TEST(XlsxReader, ReadsAHandMadeWorkbookWithSharedStringsRunsAndEscapes) {
    auto bytes = build_zip(hand_made_parts());

    auto records = read_all(bytes);

    ASSERT_TRUE(records.has_value()) << records.error().message;
    EXPECT_EQ(fields_of(*records),
              (rows{{"Event", "Planned", "Date"},
                    {"Web Summit", "1234.5", "2025-04-01", "", "Line one\r\nline two & more"},
                    {"", "#N/A"}}));
    EXPECT_EQ((*records)[1].line, 4u);
}

TEST(XlsxReader, CountsDatesFrom1904WhenTheWorkbookSaysSo) {
    auto bytes = build_zip(hand_made_parts(true));

    auto records = read_all(bytes);
    auto book = xlsx_workbook::open_memory(bytes);

    ASSERT_TRUE(records.has_value()) << records.error().message;
    EXPECT_EQ((*records)[1].fields[2], "2029-04-02");
    ASSERT_TRUE(book.has_value());
    EXPECT_TRUE((*book)->uses_1904_dates());
}

TEST(XlsxReader, RefusesFilesThatAreNotWorkbooksWithAMessageThatSaysWhat) {
    auto good = build_workbook(write_typed_cells);
    std::string random_bytes(4096, '\0');
    std::mt19937 random(7);
    for (char& c : random_bytes) c = static_cast<char>(random());
    std::string old_xls = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + random_bytes;

    auto noise = xlsx_workbook::open_memory(random_bytes);
    auto truncated = xlsx_workbook::open_memory(std::string_view(good).substr(0, good.size() / 2));
    auto xls = xlsx_workbook::open_memory(old_xls);
    auto not_a_workbook = xlsx_workbook::open_memory(build_zip({{"readme.txt", "hello"}}));

    ASSERT_FALSE(noise.has_value());
    EXPECT_EQ(noise.error().code, errc::malformed);
    EXPECT_NE(noise.error().message.find("not an .xlsx workbook"), std::string::npos);
    ASSERT_FALSE(truncated.has_value());
    EXPECT_EQ(truncated.error().code, errc::malformed);
    ASSERT_FALSE(xls.has_value());
    EXPECT_NE(xls.error().message.find(".xls"), std::string::npos);
    ASSERT_FALSE(not_a_workbook.has_value());
    EXPECT_NE(not_a_workbook.error().message.find("no workbook"), std::string::npos);
}

TEST(XlsxReader, RefusesADamagedSheetNamingTheRow) {
    auto parts = hand_made_parts();
    parts["xl/worksheets/sheet1.xml"] =
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>99</v></c></row>
</sheetData></worksheet>)";
    auto unclosed = hand_made_parts();
    unclosed["xl/worksheets/sheet1.xml"] =
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">)";

    auto records = read_all(build_zip(parts));
    auto cut = read_all(build_zip(unclosed));

    ASSERT_FALSE(records.has_value());
    EXPECT_EQ(records.error().code, errc::malformed);
    EXPECT_EQ(records.error().field, "row 2, column A");
    ASSERT_FALSE(cut.has_value());
    EXPECT_NE(cut.error().message.find("not well-formed"), std::string::npos);
}

// An entity expansion attack ("billion laughs") needs a document type declaration.
TEST(XlsxReader, RefusesADocumentTypeDeclaration) {
    auto parts = hand_made_parts();
    parts["xl/sharedStrings.xml"] = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>)";

    auto book = xlsx_workbook::open_memory(build_zip(parts));

    ASSERT_FALSE(book.has_value());
    EXPECT_EQ(book.error().code, errc::malformed);
    EXPECT_NE(book.error().message.find("document type"), std::string::npos);
}

// A zip bomb packs a huge part into a few bytes: the ratio, the unpacked size and the entry
// count are each refused before the data is read, and the bytes are counted while reading.
TEST(XlsxReader, RefusesZipBombsAndOversizedParts) {
    auto bomb = hand_made_parts();
    bomb["xl/worksheets/sheet1.xml"] =
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
        std::string(8 << 20, ' ') + "</sheetData></worksheet>";
    auto crowded = hand_made_parts();
    for (int i = 0; i < 40; ++i) crowded["xl/media/image" + std::to_string(i) + ".png"] = "x";
    xlsx_limits few_entries;
    few_entries.max_entries = 20;
    xlsx_limits small_parts;
    small_parts.max_part_bytes = 200;

    auto bombed = read_all(build_zip(bomb));
    auto too_many = xlsx_workbook::open_memory(build_zip(crowded), few_entries);
    auto too_big = xlsx_workbook::open_memory(build_zip(hand_made_parts()), small_parts);
    auto archive_too_big = xlsx_workbook::open_memory(std::string(100, 'x'), [] {
        xlsx_limits tiny;
        tiny.max_archive_bytes = 10;
        return tiny;
    }());

    ASSERT_FALSE(bombed.has_value());
    EXPECT_EQ(bombed.error().code, errc::too_large);
    EXPECT_NE(bombed.error().message.find("zip bomb"), std::string::npos);
    ASSERT_FALSE(too_many.has_value());
    EXPECT_EQ(too_many.error().code, errc::too_large);
    ASSERT_FALSE(too_big.has_value());
    EXPECT_EQ(too_big.error().code, errc::too_large);
    ASSERT_FALSE(archive_too_big.has_value());
    EXPECT_EQ(archive_too_big.error().code, errc::too_large);
}

TEST(XlsxReader, RefusesRowsCellsAndSheetsBeyondTheLimits) {
    auto bytes = build_workbook([](lxw_workbook* book) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
        worksheet_write_string(sheet, 0, 0, std::string(300, 'a').c_str(), nullptr);
        worksheet_write_string(sheet, 30, 40, "far", nullptr);
    });
    xlsx_limits short_cells;
    short_cells.max_cell_bytes = 100;
    xlsx_limits narrow;
    narrow.max_columns = 10;
    xlsx_limits few_rows;
    few_rows.max_rows = 20;
    xlsx_limits small_sheet;
    small_sheet.max_sheet_bytes = 100;

    for (const auto& limits : {short_cells, narrow, few_rows, small_sheet}) {
        auto records = read_all(bytes, limits);

        ASSERT_FALSE(records.has_value());
        EXPECT_EQ(records.error().code, errc::too_large) << records.error().message;
    }
}

TEST(XlsxValues, SerialNumbersBecomeDatesInBothDateSystems) {
    EXPECT_EQ(serial_to_date(1, false), "1900-01-01");
    EXPECT_EQ(serial_to_date(59, false), "1900-02-28");
    EXPECT_EQ(serial_to_date(60, false), "1900-02-29");
    EXPECT_EQ(serial_to_date(61, false), "1900-03-01");
    EXPECT_EQ(serial_to_date(45658.75, false), "2025-01-01");
    EXPECT_EQ(serial_to_date(0, true), "1904-01-01");
    EXPECT_EQ(serial_to_date(44196, true), "2025-01-01");
    EXPECT_EQ(serial_to_date(2958465, false), "9999-12-31");
    EXPECT_FALSE(serial_to_date(-1, false).has_value());
    EXPECT_FALSE(serial_to_date(2958466, false).has_value());
}

TEST(XlsxValues, DateFormatCodesAreToldFromTimesAndNumbers) {
    EXPECT_TRUE(is_date_format_code("dd/mm/yyyy"));
    EXPECT_TRUE(is_date_format_code("[$-409]d-mmm-yy;@"));
    EXPECT_TRUE(is_date_format_code("mmm"));
    EXPECT_TRUE(is_date_format_code("yyyy-mm-dd hh:mm"));
    EXPECT_FALSE(is_date_format_code("h:mm"));
    EXPECT_FALSE(is_date_format_code("[mm]:ss"));
    EXPECT_FALSE(is_date_format_code("General"));
    EXPECT_FALSE(is_date_format_code("#,##0.00 \"days\""));
    EXPECT_FALSE(is_date_format_code("[Red]0.00;\\d0"));
    EXPECT_TRUE(is_builtin_date_format(14));
    EXPECT_FALSE(is_builtin_date_format(20));
    EXPECT_FALSE(is_builtin_date_format(4));
}

TEST(XlsxValues, StoredNumbersAreWrittenPlainAsExcelShowsThem) {
    EXPECT_EQ(plain_number("1234.5"), "1234.5");
    EXPECT_EQ(plain_number("-12"), "-12");
    EXPECT_EQ(plain_number("0.30000000000000004"), "0.3");
    EXPECT_EQ(plain_number("1234.5000000000002"), "1234.5");
    EXPECT_EQ(plain_number("1.0000000000000001E-5"), "0.00001");
    EXPECT_EQ(plain_number("1.5E+20"), "150000000000000000000");
    EXPECT_EQ(plain_number("-2.5E-3"), "-0.0025");
    EXPECT_EQ(plain_number("#DIV/0!"), "#DIV/0!");
}

}  // namespace
}  // namespace dott::importer
