#include "db/cluster.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "db/conninfo.hpp"
#include "db/detail/error_map.hpp"
#include "db/pool.hpp"

namespace dott::db {
namespace fs = std::filesystem;

namespace {

constexpr const char* service_user = "dott-pg";
constexpr const char* superuser = "postgres";
constexpr const char* default_bin_dir = "/usr/lib/postgresql/15/bin";
constexpr const char* setfacl_program = "/usr/bin/setfacl";

/// The unprivileged account the server runs as when this process is root.
struct account {
    uid_t uid;
    gid_t gid;
};

std::optional<account> find_account(const char* name) {
    passwd entry{};
    passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwnam_r(name, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
        return std::nullopt;
    }
    return account{entry.pw_uid, entry.pw_gid};
}

/// Waits for `child` to end. Returns its exit status, or -1 when it was killed or cannot be
/// waited for.
int wait_for_exit(pid_t child) {
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Runs `argv` (an absolute program path first) and waits for it. Its output goes to the end of
/// `output`; it starts in `work_dir`; as `as` when given, after dropping root. Returns the exit
/// status, or -1 when it could not be started or was killed.
int run_program(const std::vector<std::string>& argv, const std::optional<account>& as,
                const fs::path& output, const fs::path& work_dir) {
    // Everything the child needs is prepared before fork: after it only async-signal-safe
    // calls are allowed, since other threads may hold locks.
    std::vector<char*> args;
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const std::string output_path = output.string();
    const std::string dir = work_dir.string();

    const pid_t child = fork();
    if (child < 0) {
        return -1;
    }
    if (child == 0) {
        const int out = open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        const int in = open("/dev/null", O_RDONLY);
        if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) {
            _exit(126);
        }

        // The server must not inherit our sockets or lock files: a postmaster holding the start
        // lock would block every later start.
        close_range(3, ~0U, 0);
        if (as && (setgroups(0, nullptr) != 0 || setgid(as->gid) != 0 || setuid(as->uid) != 0)) {
            _exit(126);
        }
        if (chdir(dir.c_str()) != 0) {
            _exit(126);
        }
        execv(args[0], args.data());
        _exit(127);
    }

    return wait_for_exit(child);
}

/// True when `as` may search (traverse) `dir`. The kernel is asked from a child that drops root
/// the way run_program does, so ownership, groups, mode bits and ACL entries all count.
bool can_search(const fs::path& dir, const account& as) {
    const std::string path = dir.string();
    const pid_t child = fork();
    if (child < 0) {
        return false;
    }
    if (child == 0) {
        if (setgroups(0, nullptr) != 0 || setgid(as.gid) != 0 || setuid(as.uid) != 0) {
            _exit(2);
        }
        _exit(access(path.c_str(), X_OK) == 0 ? 0 : 1);
    }
    return wait_for_exit(child) == 0;
}

/// Lets `as` (the service user) traverse every directory above `pg_dir`, which PostgreSQL needs
/// to reach its own files. A directory it cannot search gets one ACL entry granting that user
/// search only; the mode's owner and other bits stay as they were. Goes from the root down, so
/// each check depends on one directory's permissions only. Fails with errc::unavailable naming
/// the directory and the way to fix it by hand.
result<void> grant_path_search(const fs::path& pg_dir, const account& as, const fs::path& log_dir) {
    std::vector<fs::path> ancestors;
    for (fs::path dir = pg_dir; dir.has_relative_path();) {
        dir = dir.parent_path();
        ancestors.push_back(dir);
    }
    std::reverse(ancestors.begin(), ancestors.end());

    const fs::path log = log_dir / "setfacl.log";
    for (const auto& dir : ancestors) {
        if (can_search(dir, as)) {
            continue;
        }
        const std::string blocked = std::string("the user ") + service_user +
                                    ", which runs PostgreSQL, cannot search " + dir.string() +
                                    " on the way to " + pg_dir.string();
        const std::string by_hand =
            std::string("run `setfacl -m u:") + service_user + ":--x " + dir.string() + "`";
        if (!fs::exists(setfacl_program)) {
            return fail(errc::unavailable, blocked + ", and " + setfacl_program +
                                               " is missing: install Debian's acl package or " +
                                               by_hand);
        }

        // The ACL mask caps every named entry. It becomes the directory's current group-class
        // bits plus search, rather than setfacl's recalculated union, so that no other entry
        // gains more than search.
        struct stat info {};
        if (stat(dir.c_str(), &info) != 0) {
            return fail(errc::unavailable, blocked + ": " + std::strerror(errno));
        }
        std::string mask = "m::";
        mask += (info.st_mode & S_IRGRP) != 0 ? 'r' : '-';
        mask += (info.st_mode & S_IWGRP) != 0 ? 'w' : '-';
        mask += 'x';
        const std::string entries = std::string("u:") + service_user + ":--x," + mask;

        const int status = run_program({setfacl_program, "-n", "-m", entries, dir.string()},
                                       std::nullopt, log, "/");
        if (status != 0 || !can_search(dir, as)) {
            const std::string outcome =
                "setfacl status " + std::to_string(status) + ", see " + log.string();
            return fail(errc::unavailable, blocked + ", and granting it search failed (" + outcome +
                                               "); " + by_hand + " or move the var directory");
        }
    }
    return {};
}

/// The directory holding initdb and pg_ctl.
fs::path bin_dir() {
    if (fs::exists(fs::path(default_bin_dir) / "pg_ctl")) {
        return default_bin_dir;
    }
    std::string found;
    if (FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r")) {
        char line[4096];
        if (std::fgets(line, sizeof(line), pipe) != nullptr) {
            found = line;
        }
        pclose(pipe);
    }
    while (!found.empty() && (found.back() == '\n' || found.back() == '\r')) {
        found.pop_back();
    }
    return found.empty() ? fs::path(default_bin_dir) : fs::path(found);
}

/// The account to run the server as: none (this user) unless this process is root, in which
/// case `dott-pg` is looked up and created as a system user when missing.
result<std::optional<account>> server_account(const fs::path& log_dir) {
    if (geteuid() != 0) {
        return std::optional<account>();
    }
    if (auto existing = find_account(service_user)) {
        return existing;
    }
    const int status =
        run_program({"/usr/sbin/useradd", "--system", "--user-group", "--no-create-home",
                     "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", service_user},
                    std::nullopt, log_dir / "useradd.log", "/");
    auto created = find_account(service_user);
    if (status != 0 || !created) {
        return fail(errc::unavailable, std::string("cannot create the system user ") +
                                           service_user + " to run PostgreSQL; see " +
                                           (log_dir / "useradd.log").string());
    }
    return created;
}

/// Gives `root` and everything under it to `as`.
void give_tree(const fs::path& root, const account& as) {
    std::error_code ignored;
    if (lchown(root.c_str(), as.uid, as.gid) != 0) {
        return;
    }
    for (fs::recursive_directory_iterator it(root, ignored), end; it != end;
         it.increment(ignored)) {
        if (lchown(it->path().c_str(), as.uid, as.gid) != 0) {
            continue;
        }
    }
}

/// An exclusive lock on a file, held for the object's life; closed on exec so no child keeps it.
class file_lock {
  public:
    explicit file_lock(const fs::path& path)
        : fd_(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        while (fd_ >= 0 && flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    file_lock(const file_lock&) = delete;
    file_lock& operator=(const file_lock&) = delete;
    ~file_lock() {
        if (fd_ >= 0) {
            close(fd_);
        }
    }
    [[nodiscard]] bool is_held() const noexcept { return fd_ >= 0; }

  private:
    int fd_;
};

/// `value` quoted for postgresql.conf.
std::string quote_setting(const std::string& value) {
    std::string quoted = "'";
    for (char c : value) {
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return quoted + "'";
}

bool is_database_name(std::string_view name) {
    if (name.empty() || name.size() > 63) {
        return false;
    }
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

error admin_error(const std::exception& failure, std::string_view context) {
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&failure)) {
        error mapped = detail::map_sql_error(*sql);
        if (detail::sqlstate_of(*sql) == "42P04") {
            mapped.code = errc::conflict;
        }
        mapped.message = std::string(context) + ": " + detail::first_line(sql->what());
        return mapped;
    }
    return error{
        errc::unavailable, std::string(context) + ": " + detail::first_line(failure.what()), {}};
}

}  // namespace

embedded_cluster::embedded_cluster(fs::path var_dir)
    : pg_dir_(fs::absolute(var_dir).lexically_normal() / "pg"),
      data_dir_(pg_dir_ / "data"),
      socket_dir_(pg_dir_ / "run"),
      log_dir_(pg_dir_ / "log") {}

std::optional<int> embedded_cluster::running_pid() const {
    std::ifstream pid_file(data_dir_ / "postmaster.pid");
    int pid = 0;
    if (!(pid_file >> pid) || pid <= 0) {
        return std::nullopt;
    }
    if (kill(pid, 0) != 0 && errno != EPERM) {
        return std::nullopt;
    }

    // After a crash and a reboot the pid may belong to any process now; only a postgres
    // process counts as our server.
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    if (!std::getline(comm, name) || name.rfind("postgres", 0) != 0) {
        return std::nullopt;
    }
    return pid;
}

bool embedded_cluster::is_running() const { return running_pid().has_value(); }

std::optional<embedded_cluster::keeper_record> embedded_cluster::keeper() const {
    std::ifstream file(pg_dir_ / "keeper.pid");
    int pid = 0;
    if (!(file >> pid) || pid <= 0) {
        return std::nullopt;
    }
    return keeper_record{.pid = pid, .running = kill(pid, 0) == 0 || errno == EPERM};
}

result<void> embedded_cluster::set_keeper(int pid) {
    // Written beside and renamed over, so that a reader never sees half a number.
    const fs::path record = pg_dir_ / "keeper.pid";
    const fs::path partial = pg_dir_ / "keeper.pid.partial";
    {
        std::ofstream file(partial, std::ios::trunc);
        file << pid << "\n";
        if (!file) {
            return fail(errc::unavailable, "cannot write " + partial.string());
        }
    }
    std::error_code failed;
    fs::rename(partial, record, failed);
    if (failed) {
        return fail(errc::unavailable, "cannot write " + record.string() + ": " + failed.message());
    }
    return {};
}

void embedded_cluster::clear_keeper() {
    std::error_code ignored;
    fs::remove(pg_dir_ / "keeper.pid", ignored);
}

std::string embedded_cluster::status() const {
    if (auto pid = running_pid()) {
        return "running (pid " + std::to_string(*pid) + ", socket directory " +
               socket_dir_.string() + ")";
    }
    return "stopped (data directory " + data_dir_.string() + ")";
}

cluster_urls embedded_cluster::connection_urls() const {
    const std::string host = "host=" + quote_conninfo_value(socket_dir_.string());
    return cluster_urls{
        .app = host + " dbname=dott user=dott_app",
        .owner = host + " dbname=dott user=dott_owner",
        .admin = host + " dbname=postgres user=" + superuser,
    };
}

result<void> embedded_cluster::prepare_directories() {
    std::error_code failed;
    for (const auto& dir : {pg_dir_, data_dir_, socket_dir_, log_dir_}) {
        fs::create_directories(dir, failed);
        if (failed) {
            return fail(errc::unavailable,
                        "cannot create " + dir.string() + ": " + failed.message());
        }
    }

    // Only the server's user may reach the socket: with trust authentication this is the gate.
    for (const auto& dir : {data_dir_, socket_dir_}) {
        fs::permissions(dir, fs::perms::owner_all, failed);
        if (failed) {
            return fail(errc::unavailable,
                        "cannot restrict " + dir.string() + ": " + failed.message());
        }
    }
    return {};
}

result<void> embedded_cluster::start() {
    auto prepared = prepare_directories();
    if (!prepared) {
        return prepared;
    }

    // Test binaries start the same cluster at once; the first does the work, the rest wait
    // and then find it running.
    file_lock lock(pg_dir_ / "start.lock");
    if (!lock.is_held()) {
        return fail(errc::unavailable, "cannot lock " + (pg_dir_ / "start.lock").string());
    }

    // As root the server runs as the service user, which must be able to reach pg_dir_ even
    // when it lies below a private directory (a clone made under `mktemp -d`, say).
    auto as = server_account(log_dir_);
    if (!as) {
        return std::unexpected(as.error());
    }
    if (*as) {
        auto granted = grant_path_search(pg_dir_, **as, log_dir_);
        if (!granted) {
            return granted;
        }
    }

    if (!fs::exists(data_dir_ / "PG_VERSION")) {
        auto created = initialise();
        if (!created) {
            return created;
        }
    }
    if (!is_running()) {
        auto launched = launch();
        if (!launched) {
            return launched;
        }
    }
    return bootstrap();
}

result<void> embedded_cluster::initialise() {
    auto as = server_account(log_dir_);
    if (!as) {
        return std::unexpected(as.error());
    }
    if (*as) {
        give_tree(pg_dir_, **as);
    }

    const fs::path log = log_dir_ / "initdb.log";
    const int status =
        run_program({(bin_dir() / "initdb").string(), "--pgdata", data_dir_.string(), "--username",
                     superuser, "--auth-local=trust", "--auth-host=reject", "--encoding=UTF8",
                     "--no-locale", "--no-instructions"},
                    *as, log, pg_dir_);
    if (status != 0) {
        return fail(errc::unavailable,
                    "initdb failed (status " + std::to_string(status) + "); see " + log.string());
    }

    // The socket settings live in a file rewritten at every start, so moving the var
    // directory moves the socket with it.
    std::ofstream conf(data_dir_ / "postgresql.conf", std::ios::app);
    conf << "\n# Written by dott: the socket and listening settings.\ninclude_if_exists "
            "'dott.conf'\n";
    if (!conf) {
        return fail(errc::unavailable, "cannot extend " + (data_dir_ / "postgresql.conf").string());
    }
    return {};
}

result<void> embedded_cluster::launch() {
    auto as = server_account(log_dir_);
    if (!as) {
        return std::unexpected(as.error());
    }

    // A crashed server leaves postmaster.pid and socket lock files behind; running_pid() has
    // already found that no live postgres owns them.
    std::error_code ignored;
    fs::remove(data_dir_ / "postmaster.pid", ignored);
    for (const auto& entry : fs::directory_iterator(socket_dir_, ignored)) {
        if (entry.path().filename().string().starts_with(".s.PGSQL.")) {
            fs::remove(entry.path(), ignored);
        }
    }

    {
        std::ofstream conf(data_dir_ / "dott.conf", std::ios::trunc);
        conf << "listen_addresses = ''\n"
             << "unix_socket_directories = " << quote_setting(socket_dir_.string()) << "\n"
             << "unix_socket_permissions = 0700\n";
        if (!conf) {
            return fail(errc::unavailable, "cannot write " + (data_dir_ / "dott.conf").string());
        }
    }
    if (*as) {
        give_tree(pg_dir_, **as);
    }

    const fs::path log = log_dir_ / "pg_ctl.log";
    const int status = run_program(
        {(bin_dir() / "pg_ctl").string(), "start", "--pgdata", data_dir_.string(), "--log",
         (log_dir_ / "postgresql.log").string(), "--wait", "--timeout=60", "--silent"},
        *as, log, pg_dir_);
    if (status != 0) {
        return fail(errc::unavailable, "PostgreSQL did not start (pg_ctl status " +
                                           std::to_string(status) + "); see " +
                                           (log_dir_ / "postgresql.log").string());
    }
    return {};
}

result<void> embedded_cluster::bootstrap() {
    // pg_ctl has waited for the server, but a recovering server may refuse a little longer.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto admin = connect(connection_urls().admin);
    while (!admin && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        admin = connect(connection_urls().admin);
    }
    if (!admin) {
        return std::unexpected(admin.error());
    }

    try {
        pqxx::nontransaction tx(**admin);
        tx.exec(
            "do $$ begin "
            "if not exists (select from pg_roles where rolname = 'dott_owner') then "
            "create role dott_owner; end if; "
            "if not exists (select from pg_roles where rolname = 'dott_app') then "
            "create role dott_app; end if; "
            "end $$");

        // Re-stated at every start, so a role altered by hand is put back.
        tx.exec("alter role dott_owner login nosuperuser nocreaterole nobypassrls");
        tx.exec(
            "alter role dott_app login nosuperuser nocreatedb nocreaterole nobypassrls "
            "noinherit");
        if (tx.exec("select 1 from pg_database where datname = 'dott'").empty()) {
            tx.exec("create database dott owner dott_owner");
        }
    } catch (const std::exception& e) {
        return std::unexpected(admin_error(e, "cannot prepare the roles and database"));
    }
    return {};
}

result<void> embedded_cluster::stop() {
    if (!is_running()) {
        return {};
    }
    auto as = server_account(log_dir_);
    if (!as) {
        return std::unexpected(as.error());
    }
    const fs::path log = log_dir_ / "pg_ctl.log";
    const int status = run_program({(bin_dir() / "pg_ctl").string(), "stop", "--pgdata",
                                    data_dir_.string(), "--mode=fast", "--wait", "--silent"},
                                   *as, log, pg_dir_);
    if (status != 0) {
        return fail(errc::unavailable, "PostgreSQL did not stop (pg_ctl status " +
                                           std::to_string(status) + "); see " + log.string());
    }
    return {};
}

result<void> embedded_cluster::create_database(std::string_view name) {
    return db::create_database(connection_urls().admin, name);
}

result<void> embedded_cluster::drop_database(std::string_view name) {
    return db::drop_database(connection_urls().admin, name);
}

namespace {

/// Runs one CREATE or DROP DATABASE statement for `name` through a superuser connection.
/// `statement` receives the quoted name and returns the SQL.
result<void> run_database_statement(
    const std::string& admin_url, std::string_view name, const std::string& what,
    const std::function<std::string(const std::string& quoted)>& statement) {
    if (!is_database_name(name)) {
        return fail(errc::invalid_argument,
                    "a database name is 1 to 63 lower-case letters, digits or '_'", "name");
    }
    auto admin = connect(admin_url);
    if (!admin) {
        return std::unexpected(admin.error());
    }
    try {
        pqxx::nontransaction tx(**admin);
        tx.exec(statement(tx.quote_name(std::string(name))));
    } catch (const std::exception& e) {
        return std::unexpected(admin_error(e, "cannot " + what + " database " + std::string(name)));
    }
    return {};
}

}  // namespace

result<void> create_database(const std::string& admin_url, std::string_view name) {
    return run_database_statement(admin_url, name, "create", [](const std::string& quoted) {
        return "create database " + quoted + " owner dott_owner";
    });
}

result<void> drop_database(const std::string& admin_url, std::string_view name) {
    return run_database_statement(admin_url, name, "drop", [](const std::string& quoted) {
        return "drop database if exists " + quoted + " with (force)";
    });
}

}  // namespace dott::db
