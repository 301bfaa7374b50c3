#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/money.hpp"
#include "importer/table.hpp"

namespace dott::importer {

/// What an export holds.
enum class export_kind {
    events,         ///< One row per event and currency of its budget lines (one row without lines).
    line_items,     ///< One row per budget line, with its event.
    opportunities,  ///< One row per opportunity, with the events it is linked to.
};

/// "events", "line-items" or "opportunities", as the API path and the command line write it.
[[nodiscard]] std::string_view export_kind_name(export_kind kind) noexcept;
[[nodiscard]] std::optional<export_kind> export_kind_from_name(std::string_view name) noexcept;

/// The file formats of an export.
enum class export_format { csv, json, xlsx };

/// "csv", "json" or "xlsx", which is also the file's extension.
[[nodiscard]] std::string_view export_format_name(export_format format) noexcept;
[[nodiscard]] std::optional<export_format> export_format_from_name(std::string_view name) noexcept;

/// The media type of an export's file ("text/csv; charset=utf-8").
[[nodiscard]] std::string_view export_media_type(export_format format) noexcept;

/// How a column's cells are written.
enum class cell_type {
    text,     ///< Neutralised in CSV when a spreadsheet would run it; a string cell in .xlsx.
    integer,  ///< A number.
    money,    ///< A decimal number in its currency's digits; the row also has a currency column.
    date,     ///< YYYY-MM-DD; a date cell in .xlsx.
    boolean,
};

struct export_column {
    std::string name;
    cell_type type = cell_type::text;
};

/// One cell: empty, text (also a date's text), an integer, a boolean or money.
using export_cell = std::variant<std::monostate, std::string, std::int64_t, bool, domain::money>;

/// Writes a table in one format, row by row.
class table_writer {
  public:
    virtual ~table_writer() = default;

    /// Writes one row, a cell per column in the columns' order.
    [[nodiscard]] virtual result<void> row(const std::vector<export_cell>& cells) = 0;

    /// Ends the file; nothing may be written after it.
    [[nodiscard]] virtual result<void> finish() = 0;
};

/// A writer of `columns` to `out`. CSV: UTF-8 with a byte order mark (so that spreadsheets
/// read it as UTF-8), comma separated, CRLF line ends, RFC 4180 quoting, money as plain
/// decimals with a point ("-1234.50"). JSON: {"<title>": [{column: value}]},
/// money as the decimal text and as "<name>_minor". XLSX: one sheet named `title`, a bold
/// header, numbers, dates and booleans as typed cells and text only ever as string cells. In
/// no format is a cell written as a formula.
[[nodiscard]] result<std::unique_ptr<table_writer>> make_table_writer(
    export_format format, std::vector<export_column> columns, std::ostream& out, std::string title);

/// True when a spreadsheet opening a CSV file would run the text as a formula: it starts with
/// =, +, -, @, a tab or a carriage return.
[[nodiscard]] bool is_formula_like(std::string_view text) noexcept;

/// The text as a CSV cell may safely hold it: with a leading apostrophe when is_formula_like(),
/// which spreadsheets show as text and do not run.
[[nodiscard]] std::string neutralize(std::string_view text);

/// Writes the organization's events, budget lines or opportunities to `out` in `format`, reading
/// them in `tx` through a cursor so that memory stays flat. Money always travels with its currency;
/// amounts in different currencies are never summed together.
[[nodiscard]] result<void> write_export(db::transaction& tx, export_kind what, export_format format,
                                        std::ostream& out);

}  // namespace dott::importer
