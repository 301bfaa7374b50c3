#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dott::importer {

/// Which character separates the whole part of a number from its fraction.
enum class decimal_mark {
    point,  ///< 1,234.50 (also 1 234.50, 1'234.50)
    comma,  ///< 1.234,50 (also 1 234,50)
};

/// How the numbers of one column are written. The other of '.' and ',' may only appear as a
/// thousands separator; a space, a no-break space (U+00A0, U+202F) or an apostrophe (' or
/// U+2019) may group thousands under either mark.
struct number_format {
    decimal_mark decimal = decimal_mark::point;

    friend bool operator==(const number_format&, const number_format&) = default;
};

/// What a whole column proves about its number format.
struct number_format_detection {
    /// The proven format; decimal point when nothing proves either.
    number_format format{};

    /// True when some cell reads as two different numbers ("1,500": 1500 or 1.5) and no cell
    /// decides between them: the caller must ask which one the file means.
    bool needs_choice = false;

    /// True when some cell can be read one way only, so that `format` is proven, not a default.
    bool proven = false;
};

/// One cell quoted in a question or an error: where it is and what it says.
struct cell_example {
    std::size_t row = 0;
    std::string text{};
};

/// Decides the decimal mark of a column one cell at a time, so that a column of any length is
/// judged whole without being held in memory: detect_number_format() over a stream. Keeps the
/// first cell of each kind only. Not thread-safe; cheap to copy.
class number_format_detector {
  public:
    /// Looks at one cell of the column and the row it is on. Empty cells and cells that are
    /// not amounts under either mark prove nothing.
    void add(std::string_view cell, std::size_t row);

    /// What the cells seen so far prove, failing as detect_number_format() does.
    [[nodiscard]] result<number_format_detection> decide() const;

    /// The first cell that reads as two different numbers, when decide() needs a choice.
    [[nodiscard]] const std::optional<cell_example>& ambiguous_example() const noexcept {
        return ambiguous_;
    }

  private:
    std::optional<cell_example> point_{};
    std::optional<cell_example> comma_{};
    std::optional<cell_example> ambiguous_{};
};

/// Decides the decimal mark of a column from the cells that can only be read one way
/// ("12,5" and "1.234.567" prove a decimal comma; "12.50" and "1,234,567" a decimal point),
/// never cell by cell. Empty cells and cells that are not amounts under either reading are
/// skipped, so that parse_amount() can name them later.
///
/// Fails with errc::invalid_argument when one cell proves a decimal point and another a
/// decimal comma; the message quotes both cells with their row numbers (`first_row` is the
/// row number of column[0]) and error.field names the first row. Pure and thread-safe.
[[nodiscard]] result<number_format_detection> detect_number_format(
    const std::vector<std::string_view>& column, std::size_t first_row = 1);

/// An amount read from a spreadsheet cell.
struct parsed_amount {
    /// The amount in minor units of its currency (cents for EUR, yen for JPY), never rounded.
    std::int64_t minor = 0;

    /// The currency the cell names: an ISO 4217 code when the cell carries one ("EUR", "usd")
    /// or an unambiguous symbol ("€", "£", "CHF", "US$", "R$"), "$" or "¥" for those
    /// symbols alone (several currencies use them: the caller decides with the column's or the
    /// organization's currency), and empty when the cell names none.
    std::string currency{};

    /// The number of fraction digits `minor` counts (2 for EUR, 0 for JPY, 3 for KWD).
    int digits = 2;

    friend bool operator==(const parsed_amount&, const parsed_amount&) = default;
};

/// Reads an amount as spreadsheets write it: "1,234.50", "1.234,50 €", "EUR 1 234,50",
/// "-$12", "$-12", "(1,234.00)", "($ 12.00)", "CHF 1'250.00", "12,34,567.00" (lakh grouping).
/// A lone dash, which accounting formats show for zero ("$ -"), reads as zero.
///
/// The fraction is counted in the digits of the cell's ISO currency, else of
/// `default_currency`, else 2. More fraction digits than that fail unless the extra digits are
/// zeros (12.50 EUR is fine as "12.500", never rounded from "12.505").
///
/// Fails with errc::malformed on anything else (letters, two signs, a sign and parentheses,
/// misplaced thousands separators such as "1,23.00", scientific notation such as "1.2E+06"
/// that has already lost digits) and with errc::invalid_argument on too many fraction digits,
/// two different currencies in one cell, or an amount beyond 64 bits. Pure and thread-safe.
[[nodiscard]] result<parsed_amount> parse_amount(std::string_view text, number_format format,
                                                 std::string_view default_currency = {});

/// The currency that `text` alone names, as parse_amount() reads it: an ISO 4217 code in any
/// case ("eur" is "EUR"), an unambiguous symbol ("€" is "EUR", "US$" is "USD"), or "$" / "¥"
/// for those symbols alone. Nothing when `text` (trimmed) is not exactly one such marker.
[[nodiscard]] std::optional<std::string> read_currency_marker(std::string_view text);

/// The order of the parts of the dates in one column.
enum class date_order {
    iso,          ///< Year first: 2025-03-31, 2025/3/31, 2025.03.31.
    day_first,    ///< 31/03/2025, 31.3.25, 31-03-2025.
    month_first,  ///< 03/31/2025, 3/31/25.
    ambiguous,    ///< The column cannot say; the caller must choose day_first or month_first.
};

/// Decides the date order of a column one cell at a time: detect_date_order() over a stream,
/// holding the first deciding cells only. Not thread-safe; cheap to copy.
class date_order_detector {
  public:
    /// Looks at one cell of the column and the row it is on.
    void add(std::string_view cell, std::size_t row);

    /// What the cells seen so far prove, failing as detect_date_order() does.
    [[nodiscard]] result<date_order> decide() const;

    /// The first cell that reads as two different dates, when decide() is ambiguous.
    [[nodiscard]] const std::optional<cell_example>& ambiguous_example() const noexcept {
        return ambiguous_;
    }

  private:
    std::optional<cell_example> day_{};
    std::optional<cell_example> month_{};
    std::optional<cell_example> ambiguous_{};
    bool day_month_seen_ = false;
};

/// Decides the date order of a whole column, never cell by cell: a cell whose first part is
/// above 12 proves day_first, one whose second part is above 12 proves month_first. Cells
/// written year first prove nothing about the others. The answer is iso when every dated cell
/// is written year first (or the column has no dates), the proven order when one is proven,
/// ambiguous when some cell reads as two different dates and none decides, and day_first when
/// every cell reads the same either way (05/05/2025). Empty cells and cells that are not dates
/// are skipped, so that parse_date() can name them later.
///
/// Fails with errc::invalid_argument when one cell proves day_first and another month_first;
/// the message quotes both cells with their row numbers (`first_row` is the row number of
/// column[0]) and error.field names the first row. Pure and thread-safe.
[[nodiscard]] result<date_order> detect_date_order(const std::vector<std::string_view>& column,
                                                   std::size_t first_row = 1);

/// Reads a date and returns it as YYYY-MM-DD. Parts are separated by '/', '.' or '-' (one kind
/// per date); a year written first must have 4 digits, a year written last 2 or 4 (two digits
/// mean 20xx); days and months take 1 or 2 digits. A time after the date ("2025-03-31
/// 14:05", "3/31/2025 2:05 PM", "2025-03-31T14:05:00Z") is accepted and dropped: the date is
/// kept as written, without any time zone shift.
///
/// A year-first date is read as such under any order. Fails with errc::invalid_argument when
/// `order` is ambiguous and the date is not year first, or when the result is not a real
/// calendar date (31/04/2025), and with errc::malformed on any other text. Pure and
/// thread-safe.
[[nodiscard]] result<std::string> parse_date(std::string_view text, date_order order);

}  // namespace dott::importer
