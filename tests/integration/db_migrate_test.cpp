// The migrator against a real server, with small fake migrations in fresh empty databases.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/db.hpp"
#include "support/test_database.hpp"

namespace dott {
namespace {

std::unique_ptr<test::test_database> empty_database() {
    auto created = test::test_database::create(test::schema::empty);
    EXPECT_TRUE(created) << created.error().message;
    return created ? std::move(*created) : nullptr;
}

std::vector<db::migration> two_migrations() {
    return {
        {"0001_a.sql", "create table first_table (id integer primary key);"},
        {"0002_b.sql", "create table second_table (id integer primary key);"},
    };
}

bool table_exists(const std::string& owner_url, const std::string& table) {
    auto owner = db::pool::open(owner_url, 1);
    EXPECT_TRUE(owner) << owner.error().message;
    auto found = db::run(**owner, db::scope{}, [&](db::transaction& tx) {
        return result<bool>(
            !tx.exec("select 1 from pg_tables where tablename = $1", table).empty());
    });
    EXPECT_TRUE(found) << found.error().message;
    return found.value_or(false);
}

TEST(Migrate, AppliesEachMigrationOnceInNameOrder) {
    auto database = empty_database();
    ASSERT_NE(database, nullptr);
    std::vector<db::migration> reversed = {two_migrations()[1], two_migrations()[0]};

    auto first = db::migrate(database->owner_url(), reversed);
    auto again = db::migrate(database->owner_url(), reversed);

    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, (std::vector<std::string>{"0001_a.sql", "0002_b.sql"}));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->empty());
}

TEST(Migrate, RefusesAMigrationChangedAfterItWasApplied) {
    auto database = empty_database();
    ASSERT_NE(database, nullptr);
    ASSERT_TRUE(db::migrate(database->owner_url(), two_migrations()));
    auto changed = two_migrations();
    changed[0].sql += "\ncreate table sneaked_in (id integer);";
    changed.push_back({"0003_c.sql", "create table third_table (id integer primary key);"});

    auto refused = db::migrate(database->owner_url(), changed);

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, errc::conflict);
    EXPECT_NE(refused.error().message.find("migration 0001_a.sql was changed after it was applied"),
              std::string::npos)
        << refused.error().message;
    EXPECT_FALSE(table_exists(database->owner_url(), "third_table"));
    EXPECT_FALSE(table_exists(database->owner_url(), "sneaked_in"));
}

TEST(Migrate, FailingMigrationIsRolledBackAndNamed) {
    auto database = empty_database();
    ASSERT_NE(database, nullptr);
    std::vector<db::migration> broken = {
        {"0001_ok.sql", "create table kept (id integer);"},
        {"0002_bad.sql", "create table half_done (id integer); select no_such_function();"},
    };

    auto failed = db::migrate(database->owner_url(), broken);
    auto retried = db::migrate(database->owner_url(), {broken.data(), 1});

    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("0002_bad.sql"), std::string::npos);
    EXPECT_TRUE(table_exists(database->owner_url(), "kept"));
    EXPECT_FALSE(table_exists(database->owner_url(), "half_done"));
    ASSERT_TRUE(retried);
    EXPECT_TRUE(retried->empty());
}

// Two servers starting at once both run the migrator; the advisory lock makes one of them apply
// each file and the other find it applied, where without it one would fail on "already exists".
TEST(Migrate, ConcurrentMigratorsApplyEachFileOnce) {
    auto database = empty_database();
    ASSERT_NE(database, nullptr);
    const auto migrations = two_migrations();
    result<std::vector<std::string>> left = std::vector<std::string>{};
    result<std::vector<std::string>> right = std::vector<std::string>{};

    std::thread first([&] { left = db::migrate(database->owner_url(), migrations); });
    std::thread second([&] { right = db::migrate(database->owner_url(), migrations); });
    first.join();
    second.join();

    ASSERT_TRUE(left) << left.error().message;
    ASSERT_TRUE(right) << right.error().message;
    EXPECT_EQ(left->size() + right->size(), migrations.size());
}

TEST(Migrate, EmbeddedMigrationsApplyToAnEmptyDatabase) {
    auto database = empty_database();
    ASSERT_NE(database, nullptr);

    auto applied = db::migrate(database->owner_url());

    ASSERT_TRUE(applied) << applied.error().message;
    ASSERT_FALSE(applied->empty());
    EXPECT_EQ(applied->front(), "0001_core.sql");
    EXPECT_TRUE(table_exists(database->owner_url(), "schema_migrations"));
}

}  // namespace
}  // namespace dott
