#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "importer/csv.hpp"

namespace dott::importer {

/// A source of spreadsheet rows, read one at a time in the shape csv_reader gives them: the
/// cells of a row as text, and `line` the number a spreadsheet shows for the row (the header is
/// row 1). Whether the file was CSV or .xlsx makes no difference past this point.
class row_reader {
  public:
    virtual ~row_reader() = default;

    /// Reads the next row into `record`, reusing its storage. True when a row was read, false
    /// at the end, or the failure that stops the file (with the row in the message).
    [[nodiscard]] virtual result<bool> read(csv_record& record) = 0;
};

/// The file formats an import reads and an export writes.
enum class spreadsheet_format { csv, xlsx };

/// "csv" or "xlsx".
[[nodiscard]] std::string_view format_name(spreadsheet_format format) noexcept;

/// Opens the rows of a file from its first row. An import reads its file twice (once to
/// decide each column's formats, once to plan and write), so it is given this instead of one
/// reader; memory stays flat because neither pass keeps rows.
using table_opener = std::function<result<std::unique_ptr<row_reader>>()>;

/// Where an import's rows come from: a file on disk (the command line) or bytes in memory (an
/// upload). `sheet` picks a worksheet of an .xlsx workbook by name (the first one otherwise).
struct table_input {
    spreadsheet_format format = spreadsheet_format::csv;
    std::optional<std::filesystem::path> path{};
    std::string_view bytes{};  ///< Used when `path` is empty; must outlive the opener.
    std::optional<std::string> sheet{};
};

/// Checks the input once (an .xlsx archive is opened and its workbook read; a file must
/// exist) and returns an opener for its rows. CSV rows are numbered by record, so that a
/// quoted cell spanning lines does not shift the row numbers a spreadsheet shows. Fails with
/// the reader's own errors (malformed, too_large, invalid_argument for a missing sheet,
/// not_found for a missing file).
[[nodiscard]] result<table_opener> open_table(const table_input& input);

/// The letters a spreadsheet shows for a 0-based column index: 0 is "A", 27 is "AB".
[[nodiscard]] std::string column_letters(std::size_t index);

/// The format a file name's extension names (".csv", ".txt", ".tsv" or ".xlsx", in any case),
/// or nothing.
[[nodiscard]] std::optional<spreadsheet_format> format_of_file_name(std::string_view name);

}  // namespace dott::importer
