#pragma once

#include <memory>
#include <optional>
#include <ostream>

#include "app/config.hpp"
#include "common/result.hpp"
#include "db/db.hpp"
#include "http/router.hpp"

namespace dott::app {

/// The command-line verbs. Each returns the process exit status and reports failures on
/// stderr with a message that names the cause.
int run_serve(const config& c, bool seed_demo);
int run_migrate(const config& c);
int run_db(const config& c, const std::string& action);
int run_import_conferences(const config& c, const std::vector<std::string>& files,
                           const std::string& org_id);

/// What `dott import budget` and `dott import crm` are asked to do.
struct spreadsheet_import_request {
    bool crm = false;  ///< A CRM export rather than a budget tracker.
    std::vector<std::string> files;
    std::string org_id;
    std::string email;  ///< The acting member (--as), who must be able to edit the portfolio.
    bool dry_run = false;
    std::string date_order;         ///< day-first, month-first, or empty to detect.
    std::string decimal;            ///< comma, point, or empty to detect.
    std::vector<std::string> maps;  ///< "N=field" column choices.
    std::string sheet;              ///< An .xlsx sheet name, or empty for the first.
    std::string crm_name;           ///< salesforce, hubspot, other, or empty to detect.
    bool json = false;              ///< Print the reports as JSON instead of a summary.
};
int run_import_spreadsheets(const config& c, const spreadsheet_import_request& request);

/// What `dott export` is asked to do.
struct export_request {
    std::string what;  ///< events, line-items or opportunities.
    std::string org_id;
    std::string email;  ///< The acting member (--as); any role may export.
    std::string format;
    std::string out;  ///< A file, or empty for standard output.
};
int run_export(const config& c, const export_request& request);

/// Adds the headers every response carries: no sniffing, no framing, a strict
/// Content-Security-Policy, a same-origin referrer, and no caching of API answers.
void add_security_headers(const http::request& req, http::response& res);

/// The database connections the server uses: the embedded cluster's, or the configured ones.
struct database_urls {
    std::string app;
    std::string owner;
    bool started_cluster = false;  ///< This process started the embedded cluster: stop it after.
};

}  // namespace dott::app
