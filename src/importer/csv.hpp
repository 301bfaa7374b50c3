#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace dott::importer {

/// Bounds that stop a runaway or hostile file before it exhausts memory. A field or record
/// beyond them fails with errc::too_large.
struct csv_limits {
    std::size_t max_field_bytes = 256 * 1024;    ///< One cell, quotes and escapes removed.
    std::size_t max_fields = 2048;               ///< Cells in one record.
    std::size_t max_header_bytes = 1024 * 1024;  ///< The first record, read ahead.
};

/// How to read a file. Everything is detected unless set.
struct csv_options {
    /// ',', ';' or '\t'; when empty, the delimiter is the candidate that occurs most often
    /// outside quotes on the first record (comma, then semicolon, then tab on a tie; comma when
    /// none occurs).
    std::optional<char> delimiter{};
    csv_limits limits{};
};

/// One record of a CSV file: its cells in order and the 1-based line on which it starts (a
/// quoted cell can span lines, so the next record may start several lines later).
struct csv_record {
    std::vector<std::string> fields{};
    std::size_t line = 0;

    /// True when every cell is empty, as in the ",,,," rows spreadsheets write below a table.
    [[nodiscard]] bool is_blank() const noexcept;
};

/// A streaming reader of RFC 4180 CSV as spreadsheets write it: it holds one record at a time
/// (plus the first record while it detects the delimiter), so memory stays flat whatever the
/// file's length.
///
/// What it accepts: a UTF-8 byte order mark at the start (dropped); comma, semicolon or tab
/// delimiters; CRLF, LF or lone CR line ends; quoted cells containing delimiters, line ends
/// and doubled quotes; a quote inside an unquoted cell (kept as written). Empty lines at the
/// end of the file are ignored; an empty line between records is a record with one empty cell.
///
/// What it refuses, each with the line (and cell, 1-based) in the message and error.field
/// set to "line N" or "line N, column M": bytes that are not UTF-8 and UTF-16 text
/// (errc::malformed), an unterminated quoted cell (errc::malformed, naming the line where it
/// starts), text after a closing quote (errc::malformed), a cell or record beyond the limits
/// (errc::too_large). After a failure every further read returns the same failure.
///
/// Not thread-safe; the stream must outlive the reader and is read through its buffer, so the
/// stream's own state flags are not updated.
class csv_reader {
  public:
    explicit csv_reader(std::istream& input, csv_options options = {});

    /// Reads the next record into `record`, reusing its storage. Returns true when a record was
    /// read, false at the end of the input, and a failure as described on the class.
    [[nodiscard]] result<bool> read(csv_record& record);

    /// The delimiter in use: the one given, or the detected one once the first read has run;
    /// '\0' before that when detection is pending.
    [[nodiscard]] char delimiter() const noexcept { return delimiter_; }

  private:
    int get();
    int peek();
    result<void> read_header();
    result<bool> fail_at(errc code, std::string message, std::size_t line, std::size_t column = 0);
    result<void> finish_field(csv_record& record, std::string& field, std::size_t line);
    result<bool> read_record(csv_record& record);

    std::streambuf* input_;
    csv_options options_;
    char delimiter_ = '\0';
    bool started_ = false;
    std::optional<error> failure_{};

    // The first record, read ahead of parsing to detect the delimiter, is replayed from here.
    std::string replay_{};
    std::size_t replay_pos_ = 0;

    std::size_t line_ = 1;
    std::size_t pending_empty_lines_ = 0;
    std::size_t pending_line_ = 0;
};

}  // namespace dott::importer
