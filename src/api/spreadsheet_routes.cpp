// Spreadsheets in and out of an organization: budget trackers and CRM exports uploaded as the
// request body (CSV or .xlsx), and exports of events, budget lines and opportunities.

#include <sstream>

#include "api/detail/org_scope.hpp"
#include "domain/calendar.hpp"
#include "importer/export.hpp"
#include "importer/import.hpp"

namespace dott::api {
namespace {

using detail::need;
using nlohmann::json;

constexpr std::string_view csv_type = "text/csv";
constexpr std::string_view xlsx_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::size_t max_file_name = 200;

/// A file name as the report and the audit log keep it: printable, bounded.
std::string clean_file_name(std::string_view name) {
    std::string clean;
    for (char c : name.substr(0, max_file_name)) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) clean.push_back(c);
    }
    return clean;
}

result<bool> parse_flag(const std::string& value, const std::string& name) {
    if (value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
    return fail(errc::invalid_argument, name + " must be true or false", name);
}

/// An import's options from its query and its Content-Type: dry_run, date_order, decimal, map
/// (repeatable), sheet, file_name, and crm for a CRM export. Unknown parameters are refused, so
/// that a typo never silently imports with defaults.
result<importer::import_options> import_options_of(const http::request& req,
                                                   importer::import_kind kind) {
    importer::import_options options;
    options.kind = kind;
    const auto type = http::parse_media_type(req.header("content-type").value_or(""));
    if (type.type == csv_type && !type.is_utf8()) {
        return fail(errc::unsupported_media,
                    "a CSV file must be UTF-8: save it as CSV UTF-8 and send charset=utf-8 or no "
                    "charset");
    }
    if (type.type == csv_type) {
        options.format = importer::spreadsheet_format::csv;
    } else if (type.type == xlsx_type) {
        options.format = importer::spreadsheet_format::xlsx;
    } else {
        return fail(errc::unsupported_media,
                    "the body must be a spreadsheet: text/csv or " + std::string(xlsx_type));
    }
    options.file_name = "upload." + std::string(importer::format_name(options.format));

    for (auto& [name, value] : http::parse_form(req.query)) {
        if (name == "dry_run") {
            auto flag = parse_flag(value, name);
            if (!flag) return std::unexpected(flag.error());
            options.dry_run = *flag;
        } else if (name == "date_order") {
            auto order = importer::parse_date_order_choice(value, name);
            if (!order) return std::unexpected(order.error());
            options.dates = *order;
        } else if (name == "decimal") {
            auto mark = importer::parse_decimal_choice(value, name);
            if (!mark) return std::unexpected(mark.error());
            options.decimal = *mark;
        } else if (name == "map") {
            auto choice = importer::parse_column_override(value, name);
            if (!choice) return std::unexpected(choice.error());
            options.overrides.push_back(*choice);
        } else if (name == "sheet" && !value.empty()) {
            options.sheet = value.substr(0, 100);
        } else if (name == "file_name" && !value.empty()) {
            options.file_name = clean_file_name(value);
        } else if (name == "crm" && kind == importer::import_kind::crm_opportunities) {
            auto crm = importer::parse_crm_choice(value, name);
            if (!crm) return std::unexpected(crm.error());
            options.crm = *crm;
        } else {
            return fail(errc::invalid_argument, "unknown query parameter " + name.substr(0, 100),
                        name.substr(0, 100));
        }
    }
    return options;
}

/// The answer when nothing was written although the caller asked to commit: 422, with the
/// report under "report" so that every row in error is named.
http::response not_imported(const http::request& req, const importer::import_report& report) {
    std::string detail;
    std::string field;
    if (!report.choices.empty()) {
        const auto& choice = report.choices.front();
        detail = "column " + importer::column_letters(choice.index) + " (" + choice.header +
                 ") reads two ways; choose " + (choice.is_date ? "date_order" : "decimal") +
                 " and import again. Nothing was written.";
        field = choice.is_date ? "date_order" : "decimal";
    } else {
        const auto rows = report.count(importer::row_action::error);
        detail = std::to_string(rows) + (rows == 1 ? " row has" : " rows have") +
                 " errors; nothing was written";
        if (!report.errors.empty()) field = report.errors.front().location();
    }
    auto res = detail::problem_response(req, error{errc::invalid_argument, detail, field});
    auto body = json::parse(res.body);
    body["report"] = report.to_json();
    res.body = body.dump();
    return res;
}

class spreadsheet_handlers {
  public:
    explicit spreadsheet_handlers(std::shared_ptr<const context> ctx) : ctx_(std::move(ctx)) {}

    http::response import_budget(const http::request& req, const http::path_params& p) {
        return import(req, p, importer::import_kind::budget_tracker);
    }

    http::response import_crm(const http::request& req, const http::path_params& p) {
        return import(req, p, importer::import_kind::crm_opportunities);
    }

    http::response export_events(const http::request& req, const http::path_params& p) {
        return export_rows(req, p, importer::export_kind::events);
    }

    http::response export_line_items(const http::request& req, const http::path_params& p) {
        return export_rows(req, p, importer::export_kind::line_items);
    }

    http::response export_opportunities(const http::request& req, const http::path_params& p) {
        return export_rows(req, p, importer::export_kind::opportunities);
    }

  private:
    // The body is judged inside the work, after the membership check, like every other body.
    http::response import(const http::request& req, const http::path_params& p,
                          importer::import_kind kind) {
        std::vector<importer::import_report> reports;
        auto done = detail::in_org<bool>(
            *ctx_, req, p, need::edit,
            [&](db::transaction& tx, const store::organization_record& member) -> result<bool> {
                reports.clear();
                auto options = import_options_of(req, kind);
                if (!options) return std::unexpected(options.error());
                options->reporting_currency = member.reporting_currency;
                options->decides_approvals = domain::can_manage_org(member.role);
                options->today = domain::utc_date(ctx_->clock());
                auto open = importer::open_table(
                    {.format = options->format, .bytes = req.body, .sheet = options->sheet});
                if (!open) return std::unexpected(open.error());
                auto report = importer::run_import(tx, *open, *options);
                if (!report) return std::unexpected(report.error());
                reports.push_back(std::move(*report));
                return importer::finish(reports);
            });
        auto outcome = importer::outcome(done, std::move(reports), 1);
        if (!outcome) return detail::problem_response(req, outcome.error());
        const auto& report = outcome->front();
        if (!report.committed && !report.options.dry_run) return not_imported(req, report);
        return detail::json_response(200, report.to_json());
    }

    /// The export's `format` query parameter: csv (the default), json or xlsx.
    static result<importer::export_format> export_format_of(const http::request& req) {
        if (auto checked = detail::check_query_names(req, {"format"}); !checked) {
            return std::unexpected(checked.error());
        }
        auto format = importer::export_format::csv;
        if (auto name = req.query_param("format")) {
            auto known = importer::export_format_from_name(*name);
            if (!known) {
                return fail(errc::invalid_argument, "format must be csv, json or xlsx", "format");
            }
            format = *known;
        }
        return format;
    }

    http::response export_rows(const http::request& req, const http::path_params& p,
                               importer::export_kind what) {
        auto format = importer::export_format::csv;
        auto file = detail::in_org<std::string>(
            *ctx_, req, p, need::read,
            [&](db::transaction& tx, const auto&) -> result<std::string> {
                auto chosen = export_format_of(req);
                if (!chosen) return std::unexpected(chosen.error());
                format = *chosen;
                std::ostringstream out;
                auto written = importer::write_export(tx, what, format, out);
                if (!written) return std::unexpected(written.error());
                return out.str();
            });
        if (!file) return detail::problem_response(req, file.error());

        http::response res;
        res.set("Content-Type", std::string(importer::export_media_type(format)));
        res.set("Content-Disposition",
                "attachment; filename=\"dott-" + std::string(importer::export_kind_name(what)) +
                    "-" + domain::utc_date(ctx_->clock()) + "." +
                    std::string(importer::export_format_name(format)) + "\"");
        res.body = std::move(*file);
        return res;
    }

    std::shared_ptr<const context> ctx_;
};

/// "/api/v1/orgs/{id}/imports/budget" and ".../imports/crm", segment by segment.
bool is_import_path(std::string_view path) {
    constexpr std::string_view prefix = "/api/v1/orgs/";
    if (!path.starts_with(prefix)) return false;
    path.remove_prefix(prefix.size());
    const auto slash = path.find('/');
    if (slash == 0 || slash == std::string_view::npos) return false;
    const auto rest = path.substr(slash);
    return rest == "/imports/budget" || rest == "/imports/crm";
}

}  // namespace

bool takes_spreadsheet(std::string_view method, std::string_view path) {
    return method == "POST" && is_import_path(path);
}

namespace detail {

std::vector<route> spreadsheet_routes(std::shared_ptr<const context> ctx) {
    auto h = std::make_shared<spreadsheet_handlers>(ctx);
    using sh = spreadsheet_handlers;
    const std::vector<std::string> uploads{std::string(csv_type), std::string(xlsx_type)};
    const std::vector<std::string> files{"text/csv", "application/json", std::string(xlsx_type)};
    std::vector<route> table;
    table.push_back({"POST", org_path + "/imports/budget", handle(h, &sh::import_budget),
                     "Import a budget tracker (dry_run for the plan only)", "", 200, uploads});
    table.push_back({"POST", org_path + "/imports/crm", handle(h, &sh::import_crm),
                     "Import a CRM opportunity export (dry_run for the plan only)", "", 200,
                     uploads});
    table.push_back({"GET",
                     org_path + "/exports/events",
                     handle(h, &sh::export_events),
                     "Export events with budget totals per currency",
                     "",
                     200,
                     {},
                     files});
    table.push_back({"GET",
                     org_path + "/exports/line-items",
                     handle(h, &sh::export_line_items),
                     "Export budget lines",
                     "",
                     200,
                     {},
                     files});
    table.push_back({"GET",
                     org_path + "/exports/opportunities",
                     handle(h, &sh::export_opportunities),
                     "Export opportunities",
                     "",
                     200,
                     {},
                     files});
    return table;
}

}  // namespace detail
}  // namespace dott::api
