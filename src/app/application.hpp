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
