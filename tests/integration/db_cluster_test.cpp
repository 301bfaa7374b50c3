// The embedded cluster in a throw-away var directory: first start, restart after a crash left a
// postmaster.pid behind, the roles it creates, and (as root) a var directory below a private one.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "db/db.hpp"

namespace dott {
namespace {

namespace fs = std::filesystem;

/// A var directory under the system temporary directory, removed at the end of the test.
class scratch_var {
  public:
    scratch_var() {
        std::random_device entropy;
        path_ = fs::temp_directory_path() / ("dott-cluster-" + std::to_string(entropy()));
    }
    scratch_var(const scratch_var&) = delete;
    scratch_var& operator=(const scratch_var&) = delete;
    ~scratch_var() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string current_user(const std::string& url) {
    auto single = db::pool::open(url, 1);
    if (!single) {
        return "unreachable: " + single.error().message;
    }
    auto user = db::run(**single, db::scope{}, [](db::transaction& tx) {
        return result<std::string>(tx.exec("select current_user")[0][0].as<std::string>());
    });
    return user ? *user : "failed: " + user.error().message;
}

TEST(EmbeddedCluster, StartsRestartsAfterAStalePidFileAndStops) {
    scratch_var var;
    db::embedded_cluster cluster(var.path());

    auto started = cluster.start();
    ASSERT_TRUE(started) << started.error().message;
    auto again = cluster.start();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(cluster.is_running());
    EXPECT_NE(cluster.status().find("running"), std::string::npos);
    EXPECT_EQ(fs::status(cluster.socket_dir()).permissions() & fs::perms::all,
              fs::perms::owner_all);
    EXPECT_EQ(current_user(cluster.connection_urls().app), "dott_app");
    EXPECT_EQ(current_user(cluster.connection_urls().owner), "dott_owner");

    ASSERT_TRUE(cluster.stop());
    EXPECT_FALSE(cluster.is_running());

    // A crash leaves postmaster.pid naming a process that no longer runs.
    std::ofstream(cluster.data_dir() / "postmaster.pid") << "999999\n"
                                                         << cluster.data_dir().string() << "\n";
    EXPECT_FALSE(cluster.is_running());
    auto restarted = cluster.start();
    ASSERT_TRUE(restarted) << restarted.error().message;
    EXPECT_EQ(current_user(cluster.connection_urls().app), "dott_app");

    ASSERT_TRUE(cluster.create_database("extra_db"));
    EXPECT_EQ(cluster.create_database("extra_db").error().code, errc::conflict);
    EXPECT_EQ(cluster.create_database("Bad-Name").error().code, errc::invalid_argument);
    ASSERT_TRUE(cluster.drop_database("extra_db"));

    ASSERT_TRUE(cluster.stop());
    EXPECT_NE(cluster.status().find("stopped"), std::string::npos);
}

// As root the server runs as dott-pg, which must traverse every directory above the var
// directory. A clone under `mktemp -d` sits below a 0700 root-owned directory: start() must let
// dott-pg search it through an ACL entry, without opening it to other users.
TEST(EmbeddedCluster, StartsBelowAPrivateDirectoryWhenRoot) {
    if (geteuid() != 0) {
        GTEST_SKIP() << "only a root process runs the cluster as dott-pg";
    }
    scratch_var private_dir;
    ASSERT_TRUE(fs::create_directory(private_dir.path()));
    fs::permissions(private_dir.path(), fs::perms::owner_all);
    db::embedded_cluster cluster(private_dir.path() / "clone" / "build" / "var");

    auto started = cluster.start();
    const bool was_running = cluster.is_running();
    const std::string user = current_user(cluster.connection_urls().app);
    auto stopped = cluster.stop();

    ASSERT_TRUE(started) << started.error().message;
    EXPECT_TRUE(was_running);
    EXPECT_EQ(user, "dott_app");
    EXPECT_EQ(fs::status(private_dir.path()).permissions() & fs::perms::others_all,
              fs::perms::none);
    ASSERT_TRUE(stopped) << stopped.error().message;
}

}  // namespace
}  // namespace dott
