#include "importer/import.hpp"

#include <algorithm>

#include "common/abandon.hpp"
#include "importer/detail/rows.hpp"
#include "store/events.hpp"
#include "store/imports.hpp"

namespace dott::importer {
namespace {

using nlohmann::json;
using f = import_field;

// Rows above the header that a tracker may spend on a title, notes or a logo.
constexpr std::size_t max_rows_before_header = 20;

// How often (in data rows) an import asks whether it may go on, a fraction of a second apart.
constexpr std::size_t rows_between_checks = 100;

bool is_amount_field(import_field field) {
    return field == f::planned || field == f::committed || field == f::actual || field == f::amount;
}

bool is_date_field(import_field field) { return field == f::event_date || field == f::close_date; }

std::string_view order_name(date_order order) {
    switch (order) {
        case date_order::iso:
            return "year_first";
        case date_order::day_first:
            return "day_first";
        case date_order::month_first:
            return "month_first";
        case date_order::ambiguous:
            break;
    }
    return "ambiguous";
}

std::string_view mark_name(decimal_mark mark) {
    return mark == decimal_mark::comma ? "comma" : "point";
}

std::string describe(const mapped_column& column) {
    return "column " + column_letters(column.index) + " (" + column.header + ")";
}

// The header: the first of the top non-blank rows whose cells map to the kind's fields. Fails
// with the first candidate's mapping error when none does.
result<column_mapping> find_header(row_reader& reader, const import_options& options,
                                   std::size_t& header_row) {
    csv_record record;
    std::optional<error> first_failure;
    std::size_t candidates = 0;
    while (candidates < max_rows_before_header) {
        auto more = reader.read(record);
        if (!more) return std::unexpected(more.error());
        if (!*more) break;
        if (record.is_blank()) continue;
        ++candidates;
        auto mapping = map_columns(options.kind, record.fields, options.overrides);
        if (mapping) {
            header_row = record.line;
            return mapping;
        }
        if (!first_failure) {
            first_failure = mapping.error();
            first_failure->message = "row " + std::to_string(record.line) +
                                     " is not a header Dott recognises: " + mapping.error().message;
        }
    }
    if (first_failure) return std::unexpected(*first_failure);
    return fail(errc::invalid_argument, "the file has no rows", "file");
}

// Detection state of one amount or date column over the whole file.
struct column_scan {
    const mapped_column* column;
    number_format_detector numbers;
    date_order_detector dates;
};

// First pass: the header, then every data row through the detectors.
result<std::vector<column_scan>> scan(const table_opener& open, import_report& report) {
    auto reader = open();
    if (!reader) return std::unexpected(reader.error());
    auto mapping = find_header(**reader, report.options, report.header_row);
    if (!mapping) return std::unexpected(mapping.error());
    report.mapping = std::move(*mapping);

    std::vector<column_scan> scans;
    for (const auto& column : report.mapping.columns) {
        if (is_amount_field(column.field) || is_date_field(column.field)) {
            scans.push_back({&column, {}, {}});
        }
    }
    csv_record record;
    while (true) {
        auto more = (*reader)->read(record);
        if (!more) return std::unexpected(more.error());
        if (!*more) break;
        if (record.is_blank()) continue;
        ++report.rows;
        for (auto& s : scans) {
            if (s.column->index >= record.fields.size()) continue;
            const auto& cell = record.fields[s.column->index];
            if (is_date_field(s.column->field)) {
                s.dates.add(cell, record.line);
            } else {
                s.numbers.add(cell, record.line);
            }
        }
    }
    return scans;
}

// Decides each column's format: a person's choice first, then what the column proves, then,
// for an amount column that proves nothing, what the file's other amount columns all prove.
result<void> decide_formats(std::vector<column_scan>& scans, import_report& report,
                            detail::row_context& ctx) {
    const auto& options = report.options;
    std::optional<decimal_mark> file_mark;
    bool marks_disagree = false;
    std::vector<std::pair<column_scan*, number_format_detection>> amounts;
    for (auto& s : scans) {
        const auto name = describe(*s.column);
        column_format format{.index = s.column->index, .field = s.column->field};
        if (is_date_field(s.column->field)) {
            auto order = s.dates.decide();
            if (!order) {
                return fail(order.error().code, name + ": " + order.error().message,
                            order.error().field);
            }
            format.dates = *order;
            if (options.dates) {
                format.dates = options.dates;
                format.chosen = true;
            } else if (*order == date_order::ambiguous) {
                report.choices.push_back({s.column->index, s.column->header, s.column->field, true,
                                          s.dates.ambiguous_example().value_or(cell_example{})});
            }
            ctx.date_orders[s.column->index] = format.dates;
            report.formats.push_back(format);
            continue;
        }
        auto detected = s.numbers.decide();
        if (!detected) {
            return fail(detected.error().code, name + ": " + detected.error().message,
                        detected.error().field);
        }
        if (detected->proven) {
            if (file_mark && *file_mark != detected->format.decimal) marks_disagree = true;
            file_mark = detected->format.decimal;
        }
        amounts.emplace_back(&s, *detected);
    }

    for (auto& [s, detected] : amounts) {
        column_format format{.index = s->column->index, .field = s->column->field};
        format.decimal = detected.format.decimal;
        if (options.decimal) {
            format.decimal = options.decimal;
            format.chosen = true;
        } else if (detected.needs_choice && file_mark && !marks_disagree) {
            format.decimal = file_mark;
            format.inferred = true;
        } else if (detected.needs_choice) {
            report.choices.push_back({s->column->index, s->column->header, s->column->field, false,
                                      s->numbers.ambiguous_example().value_or(cell_example{})});
        }
        ctx.number_formats[s->column->index] = number_format{*format.decimal};
        report.formats.push_back(format);
    }
    std::sort(report.formats.begin(), report.formats.end(),
              [](const auto& a, const auto& b) { return a.index < b.index; });
    return {};
}

// The CRM of an export: the one given, else the one whose headers name its id or name column.
std::string crm_of(const import_report& report) {
    if (report.options.crm) return *report.options.crm;
    std::string crm = "other";
    for (auto field : {f::external_id, f::opportunity_name}) {
        const auto* column = report.mapping.find(field);
        if (column == nullptr) continue;
        std::string key;
        for (char c : column->header) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c >= 'a' && c <= 'z') key.push_back(c);
        }
        if (key == "opportunityid" || key == "opportunityname") return "salesforce";
        if (key == "recordid" || key == "dealid" || key == "hsobjectid" || key == "dealname") {
            return "hubspot";
        }
    }
    return crm;
}

// Adds a valid row's amounts to the file's totals; false when a total would overflow.
bool add_to_totals(import_report& report, const row_outcome& outcome) {
    const auto& d = outcome.detail;
    if (!d.contains("currency")) return true;
    const auto currency = d.at("currency").get<std::string>();
    for (const char* name : {"planned_minor", "committed_minor", "actual_minor", "amount_minor"}) {
        if (!d.contains(name)) continue;
        if (!report.totals[name].add(currency, d.at(name).get<std::int64_t>())) return false;
    }
    return true;
}

void record(import_report& report, row_outcome outcome) {
    if (outcome.action != row_action::error && outcome.action != row_action::skipped &&
        !add_to_totals(report, outcome)) {
        outcome.action = row_action::error;
        outcome.problems.push_back(
            {outcome.row, "", "", "", "the file's totals exceed 64-bit minor units"});
    }
    ++report.actions[outcome.action];
    for (const auto& problem : outcome.problems) {
        if (report.errors.size() < report.options.max_errors) {
            report.errors.push_back(problem);
        } else {
            report.errors_truncated = true;
        }
    }
    if (report.details.size() < report.options.max_detail_rows) {
        report.details.push_back(std::move(outcome));
    } else {
        report.details_truncated = true;
    }
}

result<void> audit(db::transaction& tx, const import_report& report) {
    const auto& options = report.options;
    const bool budget = options.kind == import_kind::budget_tracker;
    json detail = {{"file", options.file_name},
                   {"format", format_name(options.format)},
                   {"rows", report.rows},
                   {"inserted", report.count(row_action::insert)},
                   {"updated", report.count(row_action::update)},
                   {"unchanged", report.count(row_action::unchanged)},
                   {"skipped", report.count(row_action::skipped)}};
    if (options.sheet) detail["sheet"] = *options.sheet;
    if (budget) {
        detail["events_created"] = report.events_created;
    } else {
        detail["crm"] = report.crm;
        detail["links_inserted"] = report.links_inserted;
        detail["links_updated"] = report.links_updated;
    }
    return store::append_audit(tx, budget ? "import.budget" : "import.crm", "import",
                               options.file_name.substr(0, 200), detail);
}

// A row whose mapped cells hold U+0000, which no text in the database can: an error naming
// each such cell, or nothing.
std::optional<row_outcome> refuse_nul(const csv_record& row, const column_mapping& mapping) {
    std::optional<row_outcome> refused;
    for (const auto& column : mapping.columns) {
        if (column.index >= row.fields.size() ||
            row.fields[column.index].find('\0') == std::string::npos) {
            continue;
        }
        if (!refused) {
            refused.emplace();
            refused->row = row.line;
            refused->action = row_action::error;
        }
        refused->problems.push_back(
            {row.line, column_letters(column.index), column.header,
             std::string(field_name(column.field)),
             "the cell holds the character U+0000 (NUL), which cannot be stored; remove it"});
    }
    return refused;
}

// Whether an import may go on planning rows: not when the server gave up on it (it would be
// rolled back anyway), nor, for a dry run, when a committing import of the organization waits
// for its turn: a rehearsal never holds up the real thing.
result<void> may_go_on(db::transaction& tx, const import_options& options) {
    if (work_abandoned()) {
        return fail(errc::unavailable, "the server stopped before the import finished");
    }
    if (!options.dry_run) return {};
    auto waiting = store::is_commit_waiting(tx);
    if (!waiting) return std::unexpected(waiting.error());
    if (*waiting) {
        return fail(errc::conflict,
                    "an import of this organization that commits is waiting for its turn, so "
                    "this dry run stopped; nothing was written: run it again");
    }
    return {};
}

json problem_json(const row_problem& p) {
    return {{"row", p.row},
            {"column", p.column.empty() ? json(nullptr) : json(p.column)},
            {"header", p.header.empty() ? json(nullptr) : json(p.header)},
            {"field", p.field.empty() ? json(nullptr) : json(p.field)},
            {"message", p.message}};
}

}  // namespace

std::string_view action_name(row_action action) noexcept {
    switch (action) {
        case row_action::insert:
            return "insert";
        case row_action::update:
            return "update";
        case row_action::unchanged:
            return "unchanged";
        case row_action::skipped:
            return "skipped";
        case row_action::error:
            return "error";
    }
    return "error";
}

std::string row_problem::location() const {
    std::string text = "row " + std::to_string(row);
    if (!column.empty()) text += ", column " + column;
    return text;
}

std::size_t import_report::count(row_action action) const {
    auto found = actions.find(action);
    return found == actions.end() ? 0 : found->second;
}

bool import_report::should_commit() const {
    return !options.dry_run && choices.empty() && count(row_action::error) == 0;
}

json import_report::to_json() const {
    const bool budget = options.kind == import_kind::budget_tracker;
    json columns = json::array();
    for (const auto& c : mapping.columns) {
        columns.push_back({{"column", column_letters(c.index)},
                           {"header", c.header},
                           {"field", field_name(c.field)},
                           {"currency", c.currency.empty() ? json(nullptr) : json(c.currency)}});
    }
    json unmapped = json::array();
    for (const auto& c : mapping.unmapped) {
        unmapped.push_back(
            {{"column", column_letters(c.index)}, {"header", c.header}, {"reason", c.reason}});
    }
    json formats = json::array();
    for (const auto& fmt : this->formats) {
        json entry = {{"column", column_letters(fmt.index)},
                      {"field", field_name(fmt.field)},
                      {"source", fmt.chosen     ? "chosen"
                                 : fmt.inferred ? "inferred"
                                                : "detected"}};
        if (fmt.dates) entry["date_order"] = order_name(*fmt.dates);
        if (fmt.decimal) entry["decimal_mark"] = mark_name(*fmt.decimal);
        formats.push_back(entry);
    }
    json choices_needed = json::array();
    for (const auto& c : choices) {
        choices_needed.push_back(
            {{"column", column_letters(c.index)},
             {"header", c.header},
             {"field", field_name(c.field)},
             {"choice", c.is_date ? "date_order" : "decimal_mark"},
             {"options", c.is_date ? json{"day_first", "month_first"} : json{"comma", "point"}},
             {"example", {{"row", c.example.row}, {"text", c.example.text}}}});
    }
    json counts = {{"rows", rows},
                   {"insert", count(row_action::insert)},
                   {"update", count(row_action::update)},
                   {"unchanged", count(row_action::unchanged)},
                   {"skipped", count(row_action::skipped)},
                   {"error", count(row_action::error)}};
    if (budget) {
        counts["events_created"] = events_created;
    } else {
        counts["links_inserted"] = links_inserted;
        counts["links_updated"] = links_updated;
        counts["links_unchanged"] = links_unchanged;
        counts["unlinked"] = unlinked;
    }
    json sums = json::object();
    for (const auto& [name, by_currency] : totals) {
        const std::string decimal_name = name.substr(0, name.size() - std::string("_minor").size());
        for (const auto& [currency, minor] : by_currency.by_currency()) {
            sums[currency][name] = minor;
            sums[currency][decimal_name] = domain::format_minor_units(minor, currency);
        }
    }
    json details_json = json::array();
    for (const auto& d : details) {
        json entry = d.detail;
        entry["row"] = d.row;
        entry["action"] = action_name(d.action);
        if (!d.problems.empty()) {
            json problems = json::array();
            for (const auto& p : d.problems) problems.push_back(problem_json(p));
            entry["problems"] = problems;
        }
        details_json.push_back(entry);
    }
    json errors_json = json::array();
    for (const auto& p : errors) errors_json.push_back(problem_json(p));

    json out = {{"kind", budget ? "budget" : "crm"},
                {"file", options.file_name},
                {"format", format_name(options.format)},
                {"sheet", options.sheet ? json(*options.sheet) : json(nullptr)},
                {"dry_run", options.dry_run},
                {"committed", committed},
                {"header_row", header_row},
                {"columns", columns},
                {"unmapped", unmapped},
                {"formats", formats},
                {"choices_needed", choices_needed},
                {"counts", counts},
                {"totals", sums},
                {"rows", details_json},
                {"rows_truncated", details_truncated},
                {"errors", errors_json},
                {"errors_truncated", errors_truncated}};
    if (!budget) out["crm"] = crm;
    return out;
}

result<import_report> run_import(db::transaction& tx, const table_opener& open,
                                 const import_options& options) {
    import_report report;
    report.options = options;
    auto scans = scan(open, report);
    if (!scans) return std::unexpected(scans.error());

    const std::size_t width =
        report.mapping.columns.empty() ? 0 : report.mapping.columns.back().index + 1;
    detail::row_context ctx{tx, report.options, report, {}, {}};
    ctx.number_formats.resize(width);
    ctx.date_orders.resize(width);
    if (auto decided = decide_formats(*scans, report, ctx); !decided) {
        return std::unexpected(decided.error());
    }
    if (!report.choices.empty()) return report;
    if (options.kind == import_kind::crm_opportunities) report.crm = crm_of(report);

    // The organization's imports take turns from here, so that each plans its rows against
    // what the one before committed.
    if (auto turn = store::take_import_turn(
            tx, options.dry_run ? store::import_turn::rehearse : store::import_turn::commit);
        !turn) {
        return std::unexpected(turn.error());
    }

    // Second pass: the same rows, after the header, planned and written one by one.
    auto reader = open();
    if (!reader) return std::unexpected(reader.error());
    auto processor = options.kind == import_kind::budget_tracker
                         ? detail::make_budget_processor(ctx)
                         : detail::make_crm_processor(ctx);
    csv_record row;
    std::size_t data_rows = 0;
    while (true) {
        auto more = (*reader)->read(row);
        if (!more) return std::unexpected(more.error());
        if (!*more) break;
        if (row.line <= report.header_row || row.is_blank()) continue;
        if (++data_rows % rows_between_checks == 0) {
            if (auto go_on = may_go_on(tx, options); !go_on) {
                return std::unexpected(go_on.error());
            }
        }
        if (auto refused = refuse_nul(row, report.mapping)) {
            record(report, std::move(*refused));
            continue;
        }
        auto outcome = processor->process(row);
        if (!outcome) return std::unexpected(outcome.error());
        record(report, std::move(*outcome));
    }
    if (auto finished = processor->finish(); !finished) return std::unexpected(finished.error());

    if (report.should_commit()) {
        if (auto audited = audit(tx, report); !audited) return std::unexpected(audited.error());
    }
    return report;
}

result<bool> finish(const std::vector<import_report>& reports) {
    for (const auto& report : reports) {
        if (!report.should_commit()) {
            return fail(errc::conflict, "the import is rolled back: nothing was written");
        }
    }
    return true;
}

result<std::vector<import_report>> outcome(const result<bool>& transaction,
                                           std::vector<import_report> reports,
                                           std::size_t expected) {
    if (reports.size() != expected) {
        return std::unexpected(transaction ? error{errc::internal, "an import left no report", ""}
                                           : transaction.error());
    }

    // Imports that should not be kept ended their transaction with an error on purpose.
    const bool kept = std::all_of(reports.begin(), reports.end(),
                                  [](const auto& r) { return r.should_commit(); });
    if (!kept) return reports;
    if (!transaction) return std::unexpected(transaction.error());
    for (auto& report : reports) report.committed = true;
    return reports;
}

result<column_override> parse_column_override(std::string_view text, const std::string& what) {
    const auto refused = [&] {
        return fail(errc::invalid_argument,
                    what + " \"" + std::string(text.substr(0, 100)) +
                        "\" must be N=field, with N a column number or letters and field a Dott "
                        "field name or ignore",
                    what);
    };
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) return refused();
    const auto column = text.substr(0, equals);
    const auto field = text.substr(equals + 1);

    column_override choice;
    std::size_t index = 0;
    if (column.find_first_not_of("0123456789") == std::string_view::npos) {
        if (column.size() > 5) return refused();
        for (char c : column) index = index * 10 + static_cast<std::size_t>(c - '0');
        if (index == 0) return refused();
        choice.index = index - 1;
    } else {
        if (column.size() > 3) return refused();
        for (char c : column) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (c < 'A' || c > 'Z') return refused();
            index = index * 26 + static_cast<std::size_t>(c - 'A' + 1);
        }
        choice.index = index - 1;
    }
    if (field == "ignore" || field == "-") return choice;
    choice.field = field_from_name(field);
    if (!choice.field) return refused();
    return choice;
}

result<date_order> parse_date_order_choice(std::string_view text, const std::string& what) {
    if (text == "day-first" || text == "day_first") return date_order::day_first;
    if (text == "month-first" || text == "month_first") return date_order::month_first;
    // Named as the caller spells its own options: the API's with underscores ("date_order"),
    // the command line's with hyphens ("date-order"). Both spellings of a value are accepted.
    const bool hyphens = what.find('-') != std::string::npos;
    return fail(errc::invalid_argument,
                what + (hyphens ? " must be day-first or month-first"
                                : " must be day_first or month_first"),
                what);
}

result<decimal_mark> parse_decimal_choice(std::string_view text, const std::string& what) {
    if (text == "comma") return decimal_mark::comma;
    if (text == "point") return decimal_mark::point;
    return fail(errc::invalid_argument, what + " must be comma or point", what);
}

result<std::string> parse_crm_choice(std::string_view text, const std::string& what) {
    if (text == "salesforce" || text == "hubspot" || text == "other") return std::string(text);
    return fail(errc::invalid_argument, what + " must be salesforce, hubspot or other", what);
}

}  // namespace dott::importer
