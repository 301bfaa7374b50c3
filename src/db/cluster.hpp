#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dott::db {

/// Connection strings for the three roles of a cluster, over its Unix socket.
struct cluster_urls {
    std::string app;    ///< dott_app on database dott: the server's role, owns nothing.
    std::string owner;  ///< dott_owner on database dott: applies migrations.
    std::string admin;  ///< The superuser on database postgres: creates roles and databases.
};

/// A private PostgreSQL 15 cluster under a var directory, reachable only through a Unix socket
/// in a directory of mode 0700: `<var>/pg/data` holds the cluster, `<var>/pg/run` the socket and
/// `<var>/pg/log` the server log. Local connections use `trust` authentication, so the socket
/// directory's permissions are the only gate. PostgreSQL refuses to run as root; when this
/// process is root the cluster runs as the system user `dott-pg`, created on first start.
/// Not thread-safe: use one object from one thread. Concurrent start() calls from different
/// processes are serialised by a file lock.
class embedded_cluster {
  public:
    /// A cluster under `var_dir` (made absolute against the current directory now).
    explicit embedded_cluster(std::filesystem::path var_dir = "var");

    /// Creates the cluster on first use (initdb), starts the server unless it already runs,
    /// waits until it accepts connections, and makes sure the roles dott_owner and dott_app
    /// and the database dott exist. A postmaster.pid left by a crashed server is removed. As
    /// root, each directory above `<var>/pg` that `dott-pg` cannot search gets an ACL entry
    /// granting that user search only (setfacl, from Debian's acl package). Idempotent. Fails
    /// with errc::unavailable naming the step (or the directory) and the log file to read.
    [[nodiscard]] result<void> start();

    /// Stops the server (fast shutdown: sessions are ended, transactions rolled back). Does
    /// nothing when it is not running.
    [[nodiscard]] result<void> stop();

    /// True when the postmaster named in postmaster.pid is alive.
    [[nodiscard]] bool is_running() const;

    /// The process that stops the server when it ends, as recorded in `<var>/pg/keeper.pid`:
    /// `dott serve` records itself there when it starts the server (or takes over one whose
    /// keeper is gone), and `dott db start` and `dott db stop` clear it, since a cluster
    /// started by hand is stopped by hand.
    struct keeper_record {
        int pid = 0;
        bool running = false;  ///< False when the process was killed before it could stop us.
    };

    /// The recorded keeper, if any.
    [[nodiscard]] std::optional<keeper_record> keeper() const;

    /// Records `pid` as the keeper (written whole or not at all). Fails with
    /// errc::unavailable naming the file.
    [[nodiscard]] result<void> set_keeper(int pid);

    /// Forgets the keeper; nothing happens when none is recorded.
    void clear_keeper();

    /// One line for an operator: running or stopped, the postmaster's pid, the socket directory.
    [[nodiscard]] std::string status() const;

    /// Connection strings for dott_app, dott_owner and the superuser over the socket.
    [[nodiscard]] cluster_urls connection_urls() const;

    /// Creates database `name` (lower-case letters, digits and '_') owned by dott_owner, for
    /// tests that each want an empty database. Fails with errc::conflict when it exists.
    [[nodiscard]] result<void> create_database(std::string_view name);

    /// Drops database `name`, ending its sessions; nothing happens when it does not exist.
    [[nodiscard]] result<void> drop_database(std::string_view name);

    [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }
    [[nodiscard]] const std::filesystem::path& socket_dir() const noexcept { return socket_dir_; }
    [[nodiscard]] const std::filesystem::path& log_dir() const noexcept { return log_dir_; }

  private:
    [[nodiscard]] std::optional<int> running_pid() const;
    [[nodiscard]] result<void> prepare_directories();
    [[nodiscard]] result<void> initialise();
    [[nodiscard]] result<void> launch();
    [[nodiscard]] result<void> bootstrap();

    std::filesystem::path pg_dir_;
    std::filesystem::path data_dir_;
    std::filesystem::path socket_dir_;
    std::filesystem::path log_dir_;
};

/// Creates database `name` owned by dott_owner through a superuser connection `admin_url`.
[[nodiscard]] result<void> create_database(const std::string& admin_url, std::string_view name);

/// Drops database `name` if it exists, ending its sessions, through `admin_url`.
[[nodiscard]] result<void> drop_database(const std::string& admin_url, std::string_view name);

}  // namespace dott::db
