#pragma once

// What the command-line verbs share: reporting a failure, and opening the database the way
// every verb does (the embedded cluster unless DATABASE_URL is set).

#include <functional>

#include "app/application.hpp"
#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::app::detail {

/// Writes "dott: <message> [<field>]" to stderr and returns the exit status 1.
int report(const error& e);

/// Whether opening the embedded database also applies the migrations.
enum class on_open { migrate, leave_schema };

/// Starts the embedded cluster when no external database is configured (migrating it if asked),
/// and says where to connect. A cluster that was already running (`dott db start`, or another
/// Dott) is used as it is and must not be stopped by this process.
[[nodiscard]] result<database_urls> open_database(const config& c, db::embedded_cluster* cluster,
                                                  on_open schema);

/// Stops the embedded cluster when a command ends, however it ends, if the command started it.
struct cluster_guard {
    explicit cluster_guard(db::embedded_cluster* started) : cluster(started) {}
    cluster_guard(const cluster_guard&) = delete;
    cluster_guard& operator=(const cluster_guard&) = delete;
    ~cluster_guard() {
        if (cluster != nullptr) {
            (void)cluster->stop();
        }
    }

    db::embedded_cluster* cluster;
};

/// Opens the application database as every command does (the embedded cluster is started and
/// migrated unless DATABASE_URL is set, and stopped again if this command started it), then
/// runs `work` with a pool of one connection. Returns work's exit status, or 1 with the reason.
int with_command_database(const config& c, const std::function<int(db::pool&)>& work);

}  // namespace dott::app::detail
