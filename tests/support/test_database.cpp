#include "support/test_database.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <utility>

#include "common/env.hpp"
#include "db/cluster.hpp"
#include "db/conninfo.hpp"
#include "db/migrate.hpp"

namespace dott::test {
namespace {

/// The connection strings of the server named by the environment, when all three are set.
std::optional<db::cluster_urls> outside_server_urls() {
    auto app = env("DATABASE_URL");
    auto owner = env("DATABASE_OWNER_URL");
    auto admin = env("DATABASE_ADMIN_URL");
    if (!app || !owner || !admin) {
        return std::nullopt;
    }
    return db::cluster_urls{.app = *app, .owner = *owner, .admin = *admin};
}

/// The three connection strings to start from: app, owner and admin.
result<db::cluster_urls> server_urls() {
    if (auto outside = outside_server_urls()) {
        return *outside;
    }

    // start() is a no-op when the cluster runs and takes a file lock, so test binaries run in
    // parallel share one cluster.
    db::embedded_cluster cluster(DOTT_TEST_VAR_DIR);
    auto started = cluster.start();
    if (!started) {
        return std::unexpected(started.error());
    }
    return cluster.connection_urls();
}

std::string random_database_name() {
    std::random_device entropy;
    std::uniform_int_distribution<int> digit(0, 15);
    std::string name = "dott_test_";
    for (int i = 0; i < 16; ++i) {
        name.push_back("0123456789abcdef"[digit(entropy)]);
    }
    return name;
}

}  // namespace

test_database::test_database(std::string name, std::string admin_url, std::string app_url,
                             std::string owner_url)
    : name_(std::move(name)),
      admin_url_(std::move(admin_url)),
      app_url_(std::move(app_url)),
      owner_url_(std::move(owner_url)) {}

test_database::~test_database() {
    pool_.reset();
    (void)db::drop_database(admin_url_, name_);
}

result<std::unique_ptr<test_database>> test_database::create(schema contents) {
    auto urls = server_urls();
    if (!urls) {
        return std::unexpected(urls.error());
    }

    const std::string name = random_database_name();
    auto created = db::create_database(urls->admin, name);
    if (!created) {
        return std::unexpected(created.error());
    }
    auto app_url = db::with_database(urls->app, name);
    auto owner_url = db::with_database(urls->owner, name);
    auto admin_url = db::with_database(urls->admin, name);
    if (!app_url || !owner_url || !admin_url) {
        (void)db::drop_database(urls->admin, name);
        return fail(errc::invalid_argument, "a database connection string cannot be parsed");
    }

    // From here the destructor drops the database whatever fails.
    std::unique_ptr<test_database> database(
        new test_database(name, urls->admin, std::move(*app_url), std::move(*owner_url)));
    database->admin_database_url_ = std::move(*admin_url);
    if (contents == schema::migrated) {
        auto migrated = db::migrate(database->owner_url_);
        if (!migrated) {
            return std::unexpected(migrated.error());
        }
    }
    auto opened = db::pool::open(database->app_url_, 4);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    database->pool_ = std::move(*opened);
    return database;
}

std::optional<db::embedded_cluster> embedded_test_cluster() {
    if (outside_server_urls()) {
        return std::nullopt;
    }
    return db::embedded_cluster(DOTT_TEST_VAR_DIR);
}

test_database& shared_database() {
    static const std::unique_ptr<test_database> shared = [] {
        auto created = test_database::create();
        if (!created) {
            std::fprintf(stderr, "no test database: %s\n", created.error().message.c_str());
            std::exit(EXIT_FAILURE);
        }
        return std::move(*created);
    }();
    return *shared;
}

}  // namespace dott::test
