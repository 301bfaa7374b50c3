// `dott import budget`, `dott import crm` and `dott export`: spreadsheets in and out of one
// organization, acting as one of its members.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "accounts/accounts.hpp"
#include "app/application.hpp"
#include "app/detail/commands.hpp"
#include "common/env.hpp"
#include "domain/calendar.hpp"
#include "domain/role.hpp"
#include "importer/export.hpp"
#include "importer/import.hpp"
#include "store/accounts.hpp"

namespace dott::app {
namespace {

using detail::report;

/// The id of the user with this email, who will act in the command's transaction.
result<std::string> user_id_of(db::pool& pool, const std::string& email) {
    auto address = accounts::normalise_email(email);
    if (!address) {
        return fail(errc::invalid_argument, "--as must be the email address of a member", "as");
    }
    auto user = db::run<std::optional<store::user_record>>(
        pool, db::scope{},
        [&](db::transaction& tx) { return store::find_user_by_email(tx, *address); });
    if (!user) return std::unexpected(user.error());
    if (!*user) return fail(errc::not_found, "no user has the email address " + *address, "as");
    return (*user)->id;
}

/// The acting member's organization, checked inside the transaction that does the work, as the
/// API does; `edits` needs a role that may change the portfolio.
result<store::organization_record> check_member(db::transaction& tx, const std::string& email,
                                                bool edits) {
    auto member = store::find_membership(tx);
    if (!member) {
        return fail(errc::not_found, email + " is not a member of organization " + tx.who().org_id,
                    "org");
    }
    if (edits && !domain::can_edit_portfolio(member->role)) {
        return fail(errc::forbidden,
                    email + " is a " + std::string(domain::to_string(member->role)) +
                        " of this organization and cannot import",
                    "as");
    }
    return member;
}

/// The choices the command line makes for every file.
result<importer::import_options> options_of(const spreadsheet_import_request& request) {
    importer::import_options options;
    options.kind = request.crm ? importer::import_kind::crm_opportunities
                               : importer::import_kind::budget_tracker;
    options.dry_run = request.dry_run;
    options.today = domain::utc_date(std::chrono::system_clock::now());
    if (!request.sheet.empty()) options.sheet = request.sheet;
    if (!request.date_order.empty()) {
        auto order = importer::parse_date_order_choice(request.date_order, "date-order");
        if (!order) return std::unexpected(order.error());
        options.dates = *order;
    }
    if (!request.decimal.empty()) {
        auto mark = importer::parse_decimal_choice(request.decimal, "decimal");
        if (!mark) return std::unexpected(mark.error());
        options.decimal = *mark;
    }
    if (!request.crm_name.empty()) {
        auto crm = importer::parse_crm_choice(request.crm_name, "crm");
        if (!crm) return std::unexpected(crm.error());
        options.crm = *crm;
    }
    for (const auto& map : request.maps) {
        auto choice = importer::parse_column_override(map, "map");
        if (!choice) return std::unexpected(choice.error());
        options.overrides.push_back(*choice);
    }
    return options;
}

void print_report(std::ostream& out, const importer::import_report& r) {
    using importer::row_action;
    const bool budget = r.options.kind == importer::import_kind::budget_tracker;
    out << r.options.file_name << ": " << (budget ? "budget tracker" : "CRM export (" + r.crm + ")")
        << ", header on row " << r.header_row << ", " << r.rows << " rows\n";
    for (const auto& column : r.mapping.columns) {
        out << "  column " << importer::column_letters(column.index) << " \"" << column.header
            << "\" -> " << importer::field_name(column.field) << "\n";
    }
    for (const auto& choice : r.choices) {
        out << "  column " << importer::column_letters(choice.index) << " \"" << choice.header
            << "\" reads two ways (row " << choice.example.row << ": \"" << choice.example.text
            << "\"): choose "
            << (choice.is_date ? "--date-order day-first or month-first"
                               : "--decimal comma or point")
            << "\n";
    }
    const std::string verb = r.committed ? "" : "would ";
    out << "  " << verb << "insert " << r.count(row_action::insert) << ", " << verb << "update "
        << r.count(row_action::update) << ", unchanged " << r.count(row_action::unchanged)
        << ", skipped " << r.count(row_action::skipped) << ", errors "
        << r.count(row_action::error);
    if (budget) {
        out << "; events created " << r.events_created;
    } else {
        out << "; links inserted " << r.links_inserted << ", updated " << r.links_updated
            << ", campaigns matching no event " << r.unlinked;
    }
    out << "\n";
    std::map<std::string, std::vector<std::string>> sums;
    for (const auto& [field, by_currency] : r.totals) {
        for (const auto& [currency, minor] : by_currency.by_currency()) {
            sums[currency].push_back(field.substr(0, field.find("_minor")) + " " +
                                     domain::format_minor_units(minor, currency));
        }
    }
    for (const auto& [currency, parts] : sums) {
        out << "  total " << currency << ":";
        for (const auto& part : parts) out << " " << part;
        out << "\n";
    }
    for (const auto& problem : r.errors) {
        out << "  " << problem.location();
        if (!problem.header.empty()) out << " (" << problem.header << ")";
        out << ": " << problem.message << "\n";
    }
    if (r.errors_truncated) out << "  (more errors not shown)\n";
}

}  // namespace

int run_import_spreadsheets(const config& c, const spreadsheet_import_request& request) {
    if (!is_uuid(request.org_id)) {
        return report(error{errc::invalid_argument, "--org must be an organization id", "org"});
    }
    auto base = options_of(request);
    if (!base) return report(base.error());

    // Every file is opened and checked before the database is.
    std::vector<std::pair<importer::import_options, importer::table_opener>> inputs;
    for (const auto& file : request.files) {
        auto format = importer::format_of_file_name(file);
        if (!format) {
            return report(
                error{errc::invalid_argument, file + ": the file must be .csv or .xlsx", "file"});
        }
        auto options = *base;
        options.format = *format;
        options.file_name = std::filesystem::path(file).filename().string();
        auto opener = importer::open_table(
            {.format = *format, .path = std::filesystem::path(file), .sheet = options.sheet});
        if (!opener) {
            auto e = opener.error();
            e.message = file + ": " + e.message;
            return report(e);
        }
        inputs.emplace_back(std::move(options), std::move(*opener));
    }

    return detail::with_command_database(c, [&](db::pool& pool) {
        auto user_id = user_id_of(pool, request.email);
        if (!user_id) return report(user_id.error());

        // All files in one transaction: a problem in any of them writes nothing from any.
        std::vector<importer::import_report> reports;
        db::scope scope{.org_id = request.org_id, .user_id = *user_id};
        auto done = db::run<bool>(pool, scope, [&](db::transaction& tx) -> result<bool> {
            reports.clear();
            auto member = check_member(tx, request.email, true);
            if (!member) return std::unexpected(member.error());
            for (auto& [options, opener] : inputs) {
                options.reporting_currency = member->reporting_currency;
                options.decides_approvals = domain::can_manage_org(member->role);
                auto made = importer::run_import(tx, opener, options);
                if (!made) {
                    auto e = made.error();
                    e.message = options.file_name + ": " + e.message;
                    return std::unexpected(e);
                }
                reports.push_back(std::move(*made));
            }
            return importer::finish(reports);
        });
        auto outcome = importer::outcome(done, std::move(reports), inputs.size());
        if (!outcome) return report(outcome.error());

        bool clean = true;
        nlohmann::json all = nlohmann::json::array();
        for (const auto& r : *outcome) {
            clean = clean && r.choices.empty() && r.count(importer::row_action::error) == 0;
            if (request.json) {
                all.push_back(r.to_json());
            } else {
                print_report(std::cout, r);
            }
        }
        if (request.json) std::cout << all.dump(2) << "\n";
        if (!request.json) {
            std::cout << (request.dry_run ? "dry run: nothing was written\n"
                          : clean         ? "imported\n"
                                          : "nothing was written: fix the rows above, or make "
                                            "the choices asked for, and import again\n");
        }
        return clean ? 0 : 1;
    });
}

int run_export(const config& c, const export_request& request) {
    if (!is_uuid(request.org_id)) {
        return report(error{errc::invalid_argument, "--org must be an organization id", "org"});
    }
    auto what = importer::export_kind_from_name(request.what);
    if (!what) {
        return report(
            error{errc::invalid_argument, "export events, line-items or opportunities", "what"});
    }
    auto format = importer::export_format_from_name(request.format);
    if (!format) {
        return report(
            error{errc::invalid_argument, "--format must be csv, json or xlsx", "format"});
    }
    if (*format == importer::export_format::xlsx && request.out.empty()) {
        return report(error{errc::invalid_argument, "an .xlsx export needs --out FILE", "out"});
    }

    return detail::with_command_database(c, [&](db::pool& pool) {
        auto user_id = user_id_of(pool, request.email);
        if (!user_id) return report(user_id.error());

        // Written to memory first, so that a failed export leaves no half-written file.
        std::ostringstream buffer;
        db::scope scope{.org_id = request.org_id, .user_id = *user_id, .read_only = true};
        auto done = db::run<bool>(pool, scope, [&](db::transaction& tx) -> result<bool> {
            auto member = check_member(tx, request.email, false);
            if (!member) return std::unexpected(member.error());
            auto written = importer::write_export(tx, *what, *format, buffer);
            if (!written) return std::unexpected(written.error());
            return true;
        });
        if (!done) return report(done.error());
        if (request.out.empty()) {
            std::cout << buffer.str();
            return 0;
        }
        std::ofstream file(request.out, std::ios::binary | std::ios::trunc);
        file << buffer.str();
        if (!file) {
            return report(error{errc::invalid_argument, "cannot write " + request.out, "out"});
        }
        return 0;
    });
}

}  // namespace dott::app
