#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "db/cluster.hpp"
#include "db/pool.hpp"

namespace dott::test {

/// What a fresh test database should hold when it is handed over.
enum class schema { migrated, empty };

/// A database made for one test binary or one test, dropped when the object is destroyed.
///
/// The server is the one named by the environment variables DATABASE_URL (dott_app),
/// DATABASE_OWNER_URL (dott_owner) and DATABASE_ADMIN_URL (a role that may create databases)
/// when all three are set; otherwise a private embedded cluster under the build directory's
/// `test-var/`, started on first use and left running for the next test binary. Each database
/// is named `dott_test_<random>` and owned by dott_owner.
class test_database {
  public:
    /// Creates a fresh database, migrates it unless `contents` is schema::empty, and opens a
    /// pool of four dott_app connections to it. Fails with the step's error.
    [[nodiscard]] static result<std::unique_ptr<test_database>> create(
        schema contents = schema::migrated);

    test_database(const test_database&) = delete;
    test_database& operator=(const test_database&) = delete;
    ~test_database();

    [[nodiscard]] const std::string& name() const noexcept { return name_; }

    /// Connection strings for dott_app and dott_owner on this database.
    [[nodiscard]] const std::string& app_url() const noexcept { return app_url_; }
    [[nodiscard]] const std::string& owner_url() const noexcept { return owner_url_; }

    /// A connection string for the administrative role on this database (may end sessions).
    [[nodiscard]] const std::string& admin_url() const noexcept { return admin_database_url_; }

    /// The pool of dott_app connections to this database.
    [[nodiscard]] db::pool& app_pool() noexcept { return *pool_; }
    [[nodiscard]] const std::shared_ptr<db::pool>& shared_app_pool() const noexcept {
        return pool_;
    }

  private:
    test_database(std::string name, std::string admin_url, std::string app_url,
                  std::string owner_url);

    std::string name_;
    std::string admin_url_;
    std::string admin_database_url_;
    std::string app_url_;
    std::string owner_url_;
    std::shared_ptr<db::pool> pool_;
};

/// The private cluster under the build directory's `test-var/` that test databases live on, or
/// nothing when DATABASE_URL, DATABASE_OWNER_URL and DATABASE_ADMIN_URL name another server.
/// Does not start it.
[[nodiscard]] std::optional<db::embedded_cluster> embedded_test_cluster();

/// One migrated database shared by every test of the binary, made on first call and dropped at
/// exit. Ends the binary with a message on stderr when no database can be had, since no
/// integration test could run.
[[nodiscard]] test_database& shared_database();

}  // namespace dott::test
