#include "app/application.hpp"

#include <unistd.h>

#include <iostream>

#include "accounts/accounts.hpp"
#include "api/api.hpp"
#include "app/demo.hpp"
#include "app/detail/commands.hpp"
#include "app/guard.hpp"
#include "common/env.hpp"
#include "common/log.hpp"
#include "http/server.hpp"
#include "importer/conference.hpp"
#include "importer/load.hpp"
#include "web/web.hpp"

namespace dott::app::detail {

int report(const error& e) {
    std::cerr << "dott: " << e.message;
    if (!e.field.empty()) {
        std::cerr << " [" << e.field << "]";
    }
    std::cerr << "\n";
    return 1;
}

result<database_urls> open_database(const config& c, db::embedded_cluster* cluster,
                                    on_open schema) {
    if (!c.embedded_database()) {
        return database_urls{.app = *c.database_url, .owner = c.database_owner_url.value_or("")};
    }
    bool was_running = cluster->is_running();
    if (auto started = cluster->start(); !started) {
        return std::unexpected(started.error());
    }
    auto urls = cluster->connection_urls();
    if (schema == on_open::migrate) {
        auto applied = db::migrate(urls.owner);
        if (!applied) {
            if (!was_running) {
                (void)cluster->stop();
            }
            return std::unexpected(applied.error());
        }
        for (const auto& name : *applied) {
            log::get("app")->info("applied migration {}", name);
        }
    }
    return database_urls{.app = urls.app, .owner = urls.owner, .started_cluster = !was_running};
}

int with_command_database(const config& c, const std::function<int(db::pool&)>& work) {
    db::embedded_cluster cluster(c.var_dir);
    auto urls = open_database(c, &cluster, on_open::migrate);
    if (!urls) {
        return report(urls.error());
    }
    cluster_guard guard{urls->started_cluster ? &cluster : nullptr};
    auto pool = db::pool::open(urls->app, 1);
    if (!pool) {
        return report(pool.error());
    }
    return work(**pool);
}

}  // namespace dott::app::detail

namespace dott::app {

using detail::cluster_guard;
using detail::on_open;
using detail::open_database;
using detail::report;

void add_security_headers(const http::request& req, http::response& res) {
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "same-origin");
    res.set("Content-Security-Policy",
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    if (req.path.starts_with("/api/") && !res.header("Cache-Control")) {
        res.set("Cache-Control", "no-store");
    }
}

namespace {

/// Whether this `serve` keeps the embedded cluster, stopping it when it ends: when it started
/// it, or when the serve that did was killed before it could stop it (its record names a
/// process that is gone). A cluster started by `dott db start`, or kept by a serve that still
/// runs, is left as it is. Records this process as the keeper when it keeps the cluster.
bool keep_cluster(db::embedded_cluster& cluster, bool started) {
    auto keeper = cluster.keeper();
    if (!started && !(keeper && !keeper->running)) {
        return false;
    }
    if (auto recorded = cluster.set_keeper(static_cast<int>(getpid())); !recorded) {
        log::get("app")->warn("the cluster will not be stopped on exit: {}",
                              recorded.error().message);
        return false;
    }
    if (!started) {
        log::get("app")->info("taking over the cluster of a serve that ended without stopping it");
    }
    return true;
}

/// Stops the embedded cluster when `serve` ends, however it ends, if this process still keeps
/// it (`dott db start` meanwhile hands it to the operator).
struct kept_cluster {
    kept_cluster(db::embedded_cluster& c, bool keeps) : cluster(c), keeps(keeps) {}
    kept_cluster(const kept_cluster&) = delete;
    kept_cluster& operator=(const kept_cluster&) = delete;
    ~kept_cluster() {
        auto keeper = cluster.keeper();
        if (!keeps || !keeper || keeper->pid != static_cast<int>(getpid())) {
            return;
        }
        if (auto stopped = cluster.stop(); !stopped) {
            log::get("app")->error("the cluster did not stop: {}", stopped.error().message);
            return;
        }
        cluster.clear_keeper();
    }

    db::embedded_cluster& cluster;
    bool keeps;
};

}  // namespace

int run_serve(const config& c, bool seed_demo) {
    auto logger = log::get("app");
    db::embedded_cluster cluster(c.var_dir);
    auto urls = open_database(c, &cluster, on_open::migrate);
    if (!urls) {
        return report(urls.error());
    }
    kept_cluster guard(cluster,
                       c.embedded_database() && keep_cluster(cluster, urls->started_cluster));

    auto pool = db::pool::open(urls->app, c.pool_size);
    if (!pool) {
        return report(pool.error());
    }
    auto ctx = std::make_shared<api::context>();
    ctx->pool = *pool;
    ctx->accounts = std::make_shared<accounts::service>(*pool, accounts::settings{});
    ctx->https_public_url = c.https_public_url();

    if (seed_demo) {
        if (auto seeded = ensure_demo(**pool, *ctx->accounts, c.data_dir, std::cout); !seeded) {
            return report(seeded.error());
        }
    }

    auto router = std::make_shared<http::router>();
    api::add_routes(*router, ctx);
    web::add_routes(*router, ctx);
    http::server_config server_config;
    server_config.address = c.address;
    server_config.port = c.port;
    server_config.inline_paths = {"/healthz"};  // Answers a constant; never blocks.
    server_config.takes_large_body = api::takes_spreadsheet;
    server_config.large_body_limit = api::spreadsheet_body_limit;
    server_config.drain_timeout = c.drain_timeout;
    auto origins = std::make_shared<request_guard>(c.public_url, c.address);
    http::server server(server_config, make_handler(router, origins));
    if (auto started = server.start(); !started) {
        return report(error{started.error().code,
                            "cannot serve on DOTT_ADDRESS " + c.address + " and DOTT_PORT " +
                                std::to_string(c.port) + ": " + started.error().message,
                            "DOTT_ADDRESS"});
    }
    origins->set_port(server.port());
    std::string shown =
        c.public_url.value_or("http://" + c.address + ":" + std::to_string(server.port()));
    server.wait_for_signal([&] {
        std::cout << "Dott is serving " << shown << "  (Ctrl-C to stop)" << std::endl;
        logger->info("listening on {}:{}", c.address, server.port());
    });
    logger->info("stopped");
    return 0;
}

int run_migrate(const config& c) {
    db::embedded_cluster cluster(c.var_dir);
    auto urls = open_database(c, &cluster, on_open::leave_schema);
    if (!urls) {
        return report(urls.error());
    }
    cluster_guard guard{urls->started_cluster ? &cluster : nullptr};
    if (urls->owner.empty()) {
        return report(error{errc::invalid_argument,
                            "migrations need DATABASE_OWNER_URL (the dott_owner role)",
                            "DATABASE_OWNER_URL"});
    }
    auto applied = db::migrate(urls->owner);
    if (!applied) {
        return report(applied.error());
    }
    std::cout << (applied->empty() ? "schema is up to date" : "applied:");
    for (const auto& name : *applied) {
        std::cout << " " << name;
    }
    std::cout << "\n";
    return 0;
}

int run_db(const config& c, const std::string& action) {
    if (!c.embedded_database()) {
        return report(error{errc::invalid_argument,
                            "DATABASE_URL is set: the embedded cluster is not in use",
                            "DATABASE_URL"});
    }
    // A cluster started or stopped by hand is the operator's: no serve stops it on exit.
    db::embedded_cluster cluster(c.var_dir);
    if (action == "start") {
        if (auto started = cluster.start(); !started) {
            return report(started.error());
        }
        cluster.clear_keeper();
    } else if (action == "stop") {
        if (auto stopped = cluster.stop(); !stopped) {
            return report(stopped.error());
        }
        cluster.clear_keeper();
    }
    std::cout << cluster.status() << "\n";
    return 0;
}

int run_import_conferences(const config& c, const std::vector<std::string>& files,
                           const std::string& org_id) {
    if (!is_uuid(org_id)) {
        return report(error{errc::invalid_argument, "--org must be an organization id", "org"});
    }

    // Every file is read and checked before anything is written.
    std::vector<std::filesystem::path> paths(files.begin(), files.end());
    auto listings = importer::read_conference_files(paths);
    if (!listings) {
        return report(listings.error());
    }

    return detail::with_command_database(c, [&](db::pool& pool) {
        std::string origin =
            files.size() == 1 ? files.front() : std::to_string(files.size()) + " files";
        db::scope scope{.org_id = org_id};
        auto loaded = db::run<importer::load_summary>(
            pool, scope, [&](db::transaction& tx) -> result<importer::load_summary> {
                // Without an organization row visible, the id is unknown (or not ours to write).
                auto rows = tx.exec("select 1 from organizations where id = $1::uuid", org_id);
                if (rows.empty()) {
                    return fail(errc::not_found, "no organization " + org_id, "org");
                }
                return importer::load_conferences(tx, *listings, origin);
            });
        if (!loaded) {
            return report(loaded.error());
        }
        std::cout << "read " << loaded->listings << " listings: " << loaded->inserted
                  << " new events, " << loaded->updated << " updated, " << loaded->unchanged
                  << " unchanged\n";
        return 0;
    });
}

}  // namespace dott::app
