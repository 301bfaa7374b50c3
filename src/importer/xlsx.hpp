#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "importer/table.hpp"

namespace dott::importer {

/// Bounds that stop a hostile or runaway workbook (a zip bomb, a sheet of a billion empty
/// cells) before it exhausts memory or time. Anything beyond them fails with errc::too_large.
struct xlsx_limits {
    std::uint64_t max_archive_bytes = 64ull << 20;  ///< The .xlsx file itself.
    std::size_t max_entries = 10'000;               ///< Files inside the archive.

    /// A part held whole in memory once unpacked: the workbook, its relationships, the styles
    /// and the shared strings.
    std::uint64_t max_part_bytes = 64ull << 20;

    /// A worksheet once unpacked. It is streamed, so this bounds time, not memory.
    std::uint64_t max_sheet_bytes = 1ull << 30;

    /// Unpacked bytes per packed byte of any entry read. Spreadsheet XML packs 5 to 30 times;
    /// deflate cannot do better than about 1030, which is what bombs aim for.
    std::uint64_t max_ratio = 250;

    std::size_t max_shared_strings = 2'000'000;
    std::size_t max_cell_bytes = 256 * 1024;  ///< One cell's text, as for CSV.
    std::size_t max_columns = 2048;           ///< Cells in one row, as for CSV.
    std::size_t max_rows = 1'048'576;         ///< Excel's own limit.
};

/// An .xlsx workbook opened for reading: its sheets, shared strings, which cell styles are
/// dates, and its date system. Worksheets are read as streams of rows.
///
/// Only what a budget tracker or a CRM export needs is read: cell values (shared strings,
/// inline strings, numbers, booleans, formula results and error codes such as "#N/A") and the
/// number format of each style. Formulas themselves, formatting, charts, comments and other
/// sheets are ignored. A document type declaration, which no spreadsheet writes and entity
/// attacks need, is refused.
///
/// Not thread-safe: one thread reads a workbook and its sheets at a time.
class xlsx_workbook : public std::enable_shared_from_this<xlsx_workbook> {
  public:
    /// Opens a workbook held in memory; `bytes` must outlive the workbook and its readers.
    /// Fails with errc::malformed when the bytes are not an .xlsx workbook (an old .xls and a
    /// password-protected workbook are named as such), with errc::too_large beyond `limits`.
    [[nodiscard]] static result<std::shared_ptr<xlsx_workbook>> open_memory(
        std::string_view bytes, const xlsx_limits& limits = {});

    /// Opens a workbook from a file, with the same failures plus errc::not_found.
    [[nodiscard]] static result<std::shared_ptr<xlsx_workbook>> open_file(
        const std::filesystem::path& path, const xlsx_limits& limits = {});

    ~xlsx_workbook();
    xlsx_workbook(const xlsx_workbook&) = delete;
    xlsx_workbook& operator=(const xlsx_workbook&) = delete;

    /// The worksheet names in workbook order.
    [[nodiscard]] std::vector<std::string> sheet_names() const;

    /// True when the workbook counts dates from 1904 (old Mac Excel) rather than 1900.
    [[nodiscard]] bool uses_1904_dates() const noexcept;

    /// Streams the rows of the worksheet named `sheet` (matched exactly, else ignoring case),
    /// or of the first worksheet. Each row comes out as a csv_record whose `line` is the row
    /// number, with missing cells as empty text so that cells keep their columns. Rows with no
    /// cells at all are not returned. Values are text: shared and inline strings as written;
    /// numbers in plain decimal notation with a point, to the 15 significant digits Excel shows
    /// ("1234.5", "-0.25"); numbers styled as dates (built-in date formats and custom formats
    /// with day, month or year parts) as YYYY-MM-DD in the workbook's date system, the time of
    /// day dropped; booleans as TRUE and FALSE. Fails with errc::invalid_argument for an unknown
    /// sheet (the message lists the sheets; error.field is "sheet").
    [[nodiscard]] result<std::unique_ptr<row_reader>> open_sheet(
        const std::optional<std::string>& sheet = std::nullopt);

    struct impl;

  private:
    explicit xlsx_workbook(std::unique_ptr<impl> state);
    std::unique_ptr<impl> impl_;
};

/// The date a serial number names in a workbook's date system, as YYYY-MM-DD: 1 is
/// 1900-01-01 (1904-01-02 in the 1904 system). Excel's day 60 of the 1900 system, the
/// 29 February 1900 that never was, comes out as "1900-02-29" so that date checks refuse it.
/// Nothing for a serial outside 0 to 2958465 (9999-12-31). Pure.
[[nodiscard]] std::optional<std::string> serial_to_date(double serial, bool date1904);

/// Whether a number format code shows a date: it has a day, month or year part outside quoted
/// text, escapes and brackets ("dd/mm/yyyy", "[$-409]d-mmm-yy"), and an "m" counts as a month
/// only when no hour or second part makes it minutes. Pure.
[[nodiscard]] bool is_date_format_code(std::string_view code);

/// Whether a built-in number format id is a date (14 to 17, 22, and the East Asian 27 to 36
/// and 50 to 58). Pure.
[[nodiscard]] bool is_builtin_date_format(int id) noexcept;

/// A number as the XML of a cell stores it ("1234.5", "1.0000000000000001E-5"), written in
/// plain decimal notation to at most 15 significant digits, as Excel displays it; the text as
/// given when it is not a number. Pure.
[[nodiscard]] std::string plain_number(std::string_view stored);

}  // namespace dott::importer
