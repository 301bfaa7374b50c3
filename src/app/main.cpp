#include <iostream>

#include <CLI/CLI.hpp>

#include "app/application.hpp"
#include "app/config.hpp"
#include "common/log.hpp"

int main(int argc, char** argv) {
    CLI::App cli{"Dott: the event portfolio platform"};
    cli.require_subcommand(1);

    bool no_demo = false;
    auto* serve = cli.add_subcommand("serve", "Serve the web app and the API");
    serve->add_flag("--no-demo", no_demo, "Do not create the demo organization");

    cli.add_subcommand("migrate", "Apply the database migrations");

    std::string db_action;
    auto* db = cli.add_subcommand("db", "Manage the embedded PostgreSQL cluster under var/");
    db->add_option("action", db_action, "start, stop or status")
        ->required()
        ->check(CLI::IsMember({"start", "stop", "status"}));

    auto* import = cli.add_subcommand("import", "Import files into an organization");
    import->require_subcommand(1);
    std::vector<std::string> files;
    std::string org_id;
    auto* conferences = import->add_subcommand("conferences", "Conference listing files (JSON)");
    conferences->add_option("files", files, "Listing files")->required()->check(CLI::ExistingFile);
    conferences->add_option("--org", org_id, "Organization id")->required();

    // Budget trackers and CRM exports share their options.
    dott::app::spreadsheet_import_request sheets;
    auto add_spreadsheet_options = [&](CLI::App* command) {
        command->add_option("files", sheets.files, ".csv or .xlsx files")
            ->required()
            ->check(CLI::ExistingFile);
        command->add_option("--org", sheets.org_id, "Organization id")->required();
        command->add_option("--as", sheets.email, "Email of the member who imports")->required();
        command->add_flag("--dry-run", sheets.dry_run, "Show what would change; write nothing");
        command->add_option("--date-order", sheets.date_order, "When dates read two ways")
            ->check(CLI::IsMember({"day-first", "month-first", "day_first", "month_first"}));
        command->add_option("--decimal", sheets.decimal, "When amounts read two ways")
            ->check(CLI::IsMember({"comma", "point"}));
        command
            ->add_option("--map", sheets.maps,
                         "Column choice N=field (N a number or letters; field ignore to skip)")
            ->allow_extra_args(false);
        command->add_option("--sheet", sheets.sheet, "Worksheet of an .xlsx file (default: first)");
        command->add_flag("--json", sheets.json, "Print the reports as JSON");
    };
    auto* budget = import->add_subcommand("budget", "Budget tracker spreadsheets");
    add_spreadsheet_options(budget);
    auto* crm = import->add_subcommand("crm", "CRM opportunity exports (Salesforce, HubSpot)");
    add_spreadsheet_options(crm);
    crm->add_option("--crm", sheets.crm_name, "The CRM the ids belong to (default: detected)")
        ->check(CLI::IsMember({"salesforce", "hubspot", "other"}));

    dott::app::export_request exported;
    auto* export_command = cli.add_subcommand("export", "Export an organization's data");
    export_command->add_option("what", exported.what, "events, line-items or opportunities")
        ->required()
        ->check(CLI::IsMember({"events", "line-items", "opportunities"}));
    export_command->add_option("--org", exported.org_id, "Organization id")->required();
    export_command->add_option("--as", exported.email, "Email of the member who exports")
        ->required();
    export_command->add_option("--format", exported.format, "csv, json or xlsx")
        ->required()
        ->check(CLI::IsMember({"csv", "json", "xlsx"}));
    export_command->add_option("--out", exported.out, "File to write (default: standard output)");

    CLI11_PARSE(cli, argc, argv);

    auto config = dott::app::load_config();
    if (!config) {
        std::cerr << "dott: " << config.error().message << "\n";
        return 2;
    }
    dott::log::init(config->json_logs ? dott::log::format::json : dott::log::format::text);

    if (serve->parsed()) {
        // The demo organization belongs to the embedded default, never to a real database.
        return dott::app::run_serve(*config, !no_demo && config->embedded_database());
    }
    if (cli.got_subcommand("migrate")) {
        return dott::app::run_migrate(*config);
    }
    if (db->parsed()) {
        return dott::app::run_db(*config, db_action);
    }
    if (conferences->parsed()) {
        return dott::app::run_import_conferences(*config, files, org_id);
    }
    if (budget->parsed() || crm->parsed()) {
        sheets.crm = crm->parsed();
        return dott::app::run_import_spreadsheets(*config, sheets);
    }
    if (export_command->parsed()) {
        return dott::app::run_export(*config, exported);
    }
    return 2;
}
