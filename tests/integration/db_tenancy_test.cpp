// Tenancy at the SQL level: row-level security, the roles, and the transaction-local scope.
// These tests talk to PostgreSQL as dott_app, exactly as the server does.

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <tuple>
#include <vector>

#include "db/db.hpp"
#include "support/test_database.hpp"

namespace dott {
namespace {

constexpr std::array<const char*, 5> tenant_tables = {"organizations", "memberships", "events",
                                                      "budget_line_items", "audit_log"};

/// A fresh organization with one member, one event, one budget line item and one audit row,
/// written through dott_app the way the server would.
struct seeded_org {
    std::string org_id;
    std::string user_id;
};

seeded_org seed_org(db::pool& app) {
    seeded_org org;
    auto made = db::run(app, db::scope{}, [&](db::transaction& tx) -> result<void> {
        org.org_id = tx.exec("select gen_random_uuid()::text")[0][0].as<std::string>();
        org.user_id = tx.exec(
                            "insert into users (email, password_hash) "
                            "values (gen_random_uuid()::text || '@example.com', 'unused') "
                            "returning id::text")[0][0]
                          .as<std::string>();
        return {};
    });
    EXPECT_TRUE(made) << made.error().message;

    auto filled = db::run(app, db::scope{org.org_id, org.user_id}, [&](db::transaction& tx) {
        tx.exec("insert into organizations (id, name) values ($1::uuid, 'Seeded')", org.org_id);
        tx.exec(
            "insert into memberships (org_id, user_id, role) values ($1::uuid, $2::uuid, "
            "'owner')",
            org.org_id, org.user_id);
        auto event = tx.exec(
            "insert into events (org_id, name, starts_on, ends_on) "
            "values ($1::uuid, 'Seeded event', '2025-05-01', '2025-05-02') returning id::text",
            org.org_id);
        tx.exec(
            "insert into budget_line_items (org_id, event_id, category, currency) "
            "values ($1::uuid, $2::uuid, 'venue', 'USD')",
            org.org_id, event[0][0].as<std::string>());
        tx.exec(
            "insert into audit_log (org_id, actor_user_id, action) "
            "values ($1::uuid, $2::uuid, 'seeded')",
            org.org_id, org.user_id);
        return result<void>{};
    });
    EXPECT_TRUE(filled) << filled.error().message;
    return org;
}

std::string org_column(const std::string& table) {
    return table == "organizations" ? "id" : "org_id";
}

/// Rows of `table` visible under `who`: all of them, and those of another organization than
/// `org_id`.
struct visible_rows {
    long long all = -1;
    long long foreign = -1;
};

visible_rows count_rows(db::pool& app, const db::scope& who, const std::string& table,
                        const std::string& org_id) {
    auto counted = db::run(app, who, [&](db::transaction& tx) -> result<visible_rows> {
        // The table name comes from the fixed list above, never from input.
        auto row = tx.exec("select count(*), count(*) filter (where " + org_column(table) +
                               " <> $1::uuid) from " + table,
                           org_id)[0];
        return visible_rows{row[0].as<long long>(), row[1].as<long long>()};
    });
    EXPECT_TRUE(counted) << counted.error().message;
    return counted.value_or(visible_rows{});
}

TEST(Tenancy, TenantTablesReadEmptyWhenNoOrganizationIsSet) {
    auto& app = test::shared_database().app_pool();
    const seeded_org org = seed_org(app);

    for (const std::string table : tenant_tables) {
        EXPECT_GT(count_rows(app, db::scope{org.org_id, org.user_id}, table, org.org_id).all, 0)
            << table;
        EXPECT_EQ(count_rows(app, db::scope{}, table, org.org_id).all, 0) << table;
    }
}

TEST(Tenancy, OnlyTheSetOrganizationsRowsAreVisible) {
    auto& app = test::shared_database().app_pool();
    const seeded_org a = seed_org(app);
    const seeded_org b = seed_org(app);

    for (const std::string table : tenant_tables) {
        const visible_rows seen = count_rows(app, db::scope{a.org_id, ""}, table, a.org_id);

        EXPECT_GT(seen.all, 0) << table;
        EXPECT_EQ(seen.foreign, 0) << table;
    }
    EXPECT_NE(a.org_id, b.org_id);
}

TEST(Tenancy, InsertingARowForAnotherOrganizationFails) {
    auto& app = test::shared_database().app_pool();
    const seeded_org a = seed_org(app);
    const seeded_org b = seed_org(app);

    auto inserted = db::run(app, db::scope{a.org_id, a.user_id}, [&](db::transaction& tx) {
        tx.exec(
            "insert into events (org_id, name, starts_on, ends_on) "
            "values ($1::uuid, 'Planted', '2025-01-01', '2025-01-01')",
            b.org_id);
        return result<void>{};
    });

    ASSERT_FALSE(inserted);
    EXPECT_EQ(inserted.error().code, errc::invalid_argument);
    EXPECT_EQ(count_rows(app, db::scope{b.org_id, ""}, "events", b.org_id).all, 1);
}

// The organization is set per transaction, never per connection: with a single pooled
// connection, what one transaction set (even a session-level setting it forgot to undo) is not
// seen by the next transaction that runs with an empty scope.
TEST(Tenancy, SettingsDoNotLeakAcrossPooledTransactions) {
    auto& database = test::shared_database();
    const seeded_org org = seed_org(database.app_pool());
    auto single = db::pool::open(database.app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;

    auto first = db::run(**single, db::scope{org.org_id, org.user_id}, [&](db::transaction& tx) {
        tx.exec("select set_config('app.org_id', $1, false)", org.org_id);
        return result<long long>(tx.exec("select count(*) from events")[0][0].as<long long>());
    });
    auto second = db::run(**single, db::scope{}, [](db::transaction& tx) {
        return result<long long>(tx.exec("select count(*) from events")[0][0].as<long long>());
    });

    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(*first, 1);
    EXPECT_EQ(*second, 0);
}

TEST(RowSecurity, EveryTableWithAnOrgIdColumnHasForcedRowSecurity) {
    auto& app = test::shared_database().app_pool();

    auto tables = db::run(app, db::scope{}, [](db::transaction& tx) {
        std::vector<std::tuple<std::string, bool, bool>> found;
        for (const auto& row :
             tx.exec("select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c "
                     "join pg_namespace n on n.oid = c.relnamespace "
                     "where n.nspname = 'public' and c.relkind in ('r', 'p') and (c.relname in "
                     "(select table_name from information_schema.columns where table_schema = "
                     "'public' and column_name = 'org_id') or c.relname = 'organizations')")) {
            found.emplace_back(row[0].as<std::string>(), row[1].as<bool>(), row[2].as<bool>());
        }
        return result<decltype(found)>(std::move(found));
    });

    ASSERT_TRUE(tables) << tables.error().message;
    EXPECT_GE(tables->size(), tenant_tables.size());
    for (const auto& [name, enabled, forced] : *tables) {
        EXPECT_TRUE(enabled) << name;
        EXPECT_TRUE(forced) << name;
    }
}

// Row-level security filters by org_id on every query, so every tenant table needs an index
// whose first column is org_id or those filters become sequential scans.
TEST(RowSecurity, EveryTableWithAnOrgIdColumnHasAnIndexLeadingWithIt) {
    auto& app = test::shared_database().app_pool();

    auto missing = db::run(app, db::scope{}, [](db::transaction& tx) {
        std::vector<std::string> tables;
        for (const auto& row :
             tx.exec("select c.table_name from information_schema.columns c "
                     "where c.table_schema = 'public' and c.column_name = 'org_id' and not exists ("
                     "  select 1 from pg_index i join pg_class t on t.oid = i.indrelid "
                     "  join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0] "
                     "  where t.relname = c.table_name and a.attname = 'org_id')")) {
            tables.push_back(row[0].as<std::string>());
        }
        return result<decltype(tables)>(std::move(tables));
    });

    ASSERT_TRUE(missing) << missing.error().message;
    EXPECT_TRUE(missing->empty()) << "first of " << missing->size() << ": "
                                  << (missing->empty() ? "" : missing->front());
}

TEST(Roles, AppRoleCannotBypassRowSecurityAndOwnsNothing) {
    auto& app = test::shared_database().app_pool();

    auto checked = db::run(app, db::scope{}, [](db::transaction& tx) {
        auto role = tx.exec(
            "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit, "
            "current_user::text from pg_roles where rolname = current_user")[0];
        auto owned = tx.exec(
            "select (select count(*) from pg_class where relowner = r.oid) "
            "+ (select count(*) from pg_proc where proowner = r.oid) "
            "+ (select count(*) from pg_namespace where nspowner = r.oid) "
            "+ (select count(*) from pg_type where typowner = r.oid) "
            "from pg_roles r where r.rolname = 'dott_app'")[0][0];
        EXPECT_EQ(role[5].as<std::string>(), "dott_app");
        EXPECT_FALSE(role[0].as<bool>());
        EXPECT_FALSE(role[1].as<bool>());
        EXPECT_FALSE(role[2].as<bool>());
        EXPECT_FALSE(role[3].as<bool>());
        EXPECT_FALSE(role[4].as<bool>());
        EXPECT_EQ(owned.as<long long>(), 0);
        return result<void>{};
    });

    ASSERT_TRUE(checked) << checked.error().message;
}

TEST(AuditLog, AppRoleCannotUpdateOrDeleteAuditRows) {
    auto& app = test::shared_database().app_pool();
    const seeded_org org = seed_org(app);
    const db::scope in_org{org.org_id, org.user_id};

    auto updated = db::run(app, in_org, [](db::transaction& tx) {
        tx.exec("update audit_log set action = 'rewritten'");
        return result<void>{};
    });
    auto deleted = db::run(app, in_org, [](db::transaction& tx) {
        tx.exec("delete from audit_log");
        return result<void>{};
    });

    ASSERT_FALSE(updated);
    EXPECT_EQ(updated.error().code, errc::forbidden) << updated.error().message;
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().code, errc::forbidden);
    EXPECT_EQ(count_rows(app, in_org, "audit_log", org.org_id).all, 1);
}

}  // namespace
}  // namespace dott
