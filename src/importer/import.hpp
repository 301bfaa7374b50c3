#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/money.hpp"
#include "importer/columns.hpp"
#include "importer/table.hpp"
#include "importer/values.hpp"

namespace dott::importer {

/// How a spreadsheet import runs: what the file is, and the choices a person made about it.
struct import_options {
    import_kind kind = import_kind::budget_tracker;
    std::string file_name;  ///< For the report and the audit log.
    spreadsheet_format format = spreadsheet_format::csv;
    std::optional<std::string> sheet{};

    /// Overrides of what detection decides, for every date or amount column of the file.
    std::optional<date_order> dates{};  ///< day_first or month_first.
    std::optional<decimal_mark> decimal{};
    std::vector<column_override> overrides{};

    /// The CRM a CRM export comes from ("salesforce", "hubspot" or "other"); detected from the
    /// headers when empty.
    std::optional<std::string> crm{};

    std::string reporting_currency = "USD";  ///< The organization's, for cells naming none.
    std::string today;                       ///< YYYY-MM-DD, for the dates rows record.
    bool dry_run = false;

    /// Whether the importing member decides budget approvals (owners and admins). When not,
    /// a changed amount of an approved or rejected line sends it back to submitted
    /// (domain::settle_approval).
    bool decides_approvals = false;

    /// How much row-level detail a report carries; counts always cover every row.
    std::size_t max_detail_rows = 200;
    std::size_t max_errors = 500;
};

/// What happens to one row.
enum class row_action { insert, update, unchanged, skipped, error };

/// "insert", "update", "unchanged", "skipped" or "error".
[[nodiscard]] std::string_view action_name(row_action action) noexcept;

/// A problem of one cell or row, named the way a spreadsheet shows it.
struct row_problem {
    std::size_t row = 0;
    std::string column;  ///< Letters ("E"); empty when the problem is the whole row.
    std::string header;  ///< The column's header as the file writes it.
    std::string field;   ///< The Dott field ("planned"), when there is one.
    std::string message;

    /// "row 7, column E" (or "row 7").
    [[nodiscard]] std::string location() const;
};

/// One row of the report: what it would do or did, and what it says.
struct row_outcome {
    std::size_t row = 0;
    row_action action = row_action::unchanged;
    nlohmann::json detail = nlohmann::json::object();
    std::vector<row_problem> problems{};
};

/// How one column's amounts or dates are read, and whether a person chose it.
struct column_format {
    std::size_t index = 0;
    import_field field = import_field::planned;
    std::optional<decimal_mark> decimal{};
    std::optional<date_order> dates{};
    bool chosen = false;    ///< Given by an override rather than detected.
    bool inferred = false;  ///< Proven by the file's other amount columns, not this one.
};

/// A column whose cells read two ways: the import waits for a person's choice.
struct format_choice {
    std::size_t index = 0;
    std::string header;
    import_field field = import_field::planned;
    bool is_date = false;  ///< Date order (day_first or month_first); else the decimal mark.
    cell_example example{};
};

/// The plan of an import (a dry run) or what it wrote: per-row actions with bounded detail,
/// and counts over every row.
struct import_report {
    import_options options{};
    std::string crm;  ///< For a CRM export, the CRM its ids belong to.
    std::size_t header_row = 0;
    column_mapping mapping{};
    std::vector<column_format> formats{};
    std::vector<format_choice> choices{};

    std::size_t rows = 0;  ///< Data rows read, blank rows not counted.
    std::map<row_action, std::size_t> actions{};
    std::size_t events_created = 0;
    std::size_t links_inserted = 0;
    std::size_t links_updated = 0;
    std::size_t links_unchanged = 0;
    std::size_t unlinked = 0;  ///< CRM rows whose campaign names no event.

    /// Sums of what the file's valid rows hold, per currency and field ("planned_minor").
    std::map<std::string, domain::currency_totals> totals{};

    std::vector<row_outcome> details{};
    bool details_truncated = false;
    std::vector<row_problem> errors{};
    bool errors_truncated = false;

    bool committed = false;

    [[nodiscard]] std::size_t count(row_action action) const;

    /// True when the import may be kept: not a dry run, no row in error, no open choice.
    [[nodiscard]] bool should_commit() const;

    /// The report as the API answers it and `dott import --json` prints it.
    [[nodiscard]] nlohmann::json to_json() const;
};

/// Reads the file twice through `open`: first to find the header (the first of the top 20
/// non-blank rows whose cells map to the kind's columns), map the columns and decide each
/// amount and date column's format over the whole column; then row by row, matching every row
/// against the organization's data and writing it through the store functions in `tx` (so
/// that the checks, audit entries and score updates of ordinary writes apply). Rows are never
/// held: memory stays flat whatever the file's length, apart from one small hash per distinct
/// line key.
///
/// A row in error is reported and the import goes on, so that the report lists every problem;
/// the caller must then roll `tx` back, as it must for a dry run: see finish() and outcome().
/// When a column needs a choice, no row is planned. Fails, with nothing to report, when the
/// file cannot be read, its columns cannot be mapped, or a column mixes formats (the message
/// names the rows). Needs a transaction scoped to the organization and the acting user.
[[nodiscard]] result<import_report> run_import(db::transaction& tx, const table_opener& open,
                                               const import_options& options);

/// What the transaction of one or more imports must do at its end: true to commit when every
/// report should be kept, otherwise an error that rolls it back (a dry run, a row in error, an
/// open choice). Return it from the transaction's work.
[[nodiscard]] result<bool> finish(const std::vector<import_report>& reports);

/// The outcome of a transaction whose work ran run_import() for `expected` files and ended with
/// finish(): the reports (marked committed when they were), or the transaction's own failure.
[[nodiscard]] result<std::vector<import_report>> outcome(const result<bool>& transaction,
                                                         std::vector<import_report> reports,
                                                         std::size_t expected);

/// A person's column choice as written on the command line or in a query: "N=field", where N
/// is the column's number (1 for the first) or its letters ("E"), and field a Dott field name
/// ("planned") or "ignore" to leave the column out. Fails with invalid_argument naming `what`.
[[nodiscard]] result<column_override> parse_column_override(std::string_view text,
                                                            const std::string& what = "map");

/// "day_first" or "month_first", also written with a hyphen ("day-first"); invalid_argument
/// naming `what`, whose message spells the values as `what` is spelled (a hyphen in it: the
/// command line's day-first, else the API's day_first).
[[nodiscard]] result<date_order> parse_date_order_choice(std::string_view text,
                                                         const std::string& what = "date_order");

/// "comma" or "point"; invalid_argument naming `what`.
[[nodiscard]] result<decimal_mark> parse_decimal_choice(std::string_view text,
                                                        const std::string& what = "decimal");

/// "salesforce", "hubspot" or "other"; invalid_argument naming `what`.
[[nodiscard]] result<std::string> parse_crm_choice(std::string_view text,
                                                   const std::string& what = "crm");

}  // namespace dott::importer
