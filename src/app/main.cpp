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
    return 2;
}
