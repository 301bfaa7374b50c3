#pragma once

// What the budget and CRM row processors share: the cells of a row by field, problems named
// by row and column, amounts read in one currency, and event matching by name.

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "importer/import.hpp"
#include "store/imports.hpp"

namespace dott::importer::detail {

/// The largest amount one line or opportunity may hold, in minor units.
inline constexpr std::int64_t max_amount_minor = 1'000'000'000'000'000;

/// The import as every row sees it.
struct row_context {
    db::transaction& tx;
    const import_options& options;
    import_report& report;
    std::vector<std::optional<number_format>> number_formats;  ///< By column index.
    std::vector<std::optional<date_order>> date_orders;        ///< By column index.
};

/// A row's cells by the field their column fills.
class row_cells {
  public:
    row_cells(const csv_record& record, const column_mapping& mapping)
        : record_(record), mapping_(mapping) {}

    [[nodiscard]] std::size_t row() const noexcept { return record_.line; }

    /// The column that fills `field`, or nullptr.
    [[nodiscard]] const mapped_column* column(import_field field) const noexcept {
        return mapping_.find(field);
    }

    /// The cell of `field`, trimmed; empty when the file has no such column or the row stops
    /// short of it.
    [[nodiscard]] std::string_view text(import_field field) const;

    /// A problem with the cell of `field` (or with the row, when the file has no such column).
    [[nodiscard]] row_problem problem(import_field field, std::string message) const;

  private:
    const csv_record& record_;
    const column_mapping& mapping_;
};

/// Text as it is stored: trimmed, every run of white space made one space.
[[nodiscard]] std::string normalize_text(std::string_view text);

/// Text as it is compared: normalize_text() in lower case (ASCII letters).
[[nodiscard]] std::string normalize_key(std::string_view text);

/// A problem with a text longer than the column holds, or nothing.
[[nodiscard]] std::optional<row_problem> check_length(const row_cells& cells, import_field field,
                                                      std::string_view text, std::size_t max);

/// The amounts of one row in the one currency they share, by field.
struct row_amounts {
    std::string currency;
    std::map<import_field, std::int64_t> minor;  ///< Fields whose cell is not empty.
};

/// Reads the amount cells of `fields` with their column's format. The currency is the one the
/// currency column names, else the one the cells or their headers name (all must agree), else
/// the organization's. "$" and "¥" alone take that context's currency when it is written with
/// that symbol, and are refused otherwise. Each amount must stay within ±10^15 minor units.
[[nodiscard]] std::expected<row_amounts, row_problem> read_amounts(
    const row_cells& cells, const std::vector<import_field>& fields, const row_context& ctx);

/// A text that may be absent, as JSON (null when absent).
[[nodiscard]] nlohmann::json optional_json(const std::optional<std::string>& value);

/// The members of `wanted` whose value differs from `before`'s, as an object of changes.
[[nodiscard]] nlohmann::json changes_between(const nlohmann::json& before,
                                             const nlohmann::json& wanted);

/// An event the import matched or created.
struct matched_event {
    std::string id;
    std::string name;
    bool created = false;
};

/// Finds the organization's events by name, remembering the answers for a bounded number of
/// names, so that a file of many rows per event asks the database once per event.
class event_finder {
  public:
    explicit event_finder(db::transaction& tx) : tx_(tx) {}

    /// The events named `name` (normalised) running on `on`, if given: at most a few.
    [[nodiscard]] result<std::vector<store::event_match>> find(
        const std::string& name, const std::optional<std::string>& on);

    /// Forgets every answer (after creating an event, which changes them).
    void forget() { known_.clear(); }

  private:
    static constexpr std::size_t max_known = 1024;
    db::transaction& tx_;
    std::map<std::pair<std::string, std::optional<std::string>>, std::vector<store::event_match>>
        known_{};
};

/// Turns CSV records into writes and report rows for one kind of file.
class row_processor {
  public:
    virtual ~row_processor() = default;

    /// Plans and writes one data row (never blank). A write may wait for finish().
    [[nodiscard]] virtual result<row_outcome> process(const csv_record& record) = 0;

    /// Writes what the rows left waiting, after the last row.
    [[nodiscard]] virtual result<void> finish() { return {}; }
};

[[nodiscard]] std::unique_ptr<row_processor> make_budget_processor(row_context& ctx);
[[nodiscard]] std::unique_ptr<row_processor> make_crm_processor(row_context& ctx);

/// Remembers which keys a file already used, in 16 bytes each (a 64-bit hash, the row of first
/// use and the number of uses) of an open-addressing table at most four fifths full: about 20
/// bytes per distinct key, the one thing an import keeps for every row it reads.
class key_counter {
  public:
    struct use {
        std::size_t first_row = 0;
        std::size_t count = 0;
    };

    /// Records one more use of `key` on `row` and returns the uses so far, this one included.
    /// Rows past 2^32 - 1 are remembered as that row.
    use add(std::string_view key, std::size_t row);

  private:
    struct slot {
        std::uint64_t hash = 0;
        std::uint32_t first_row = 0;
        std::uint32_t count = 0;  ///< 0 for an empty slot.
    };

    /// Doubles the table (1,024 slots at first) and places every key again.
    void grow();

    std::vector<slot> slots_;
    std::size_t used_ = 0;
};

}  // namespace dott::importer::detail
