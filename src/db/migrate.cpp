#include "db/migrate.hpp"

#include <algorithm>
#include <exception>
#include <string_view>
#include <utility>

#include "crypto/crypto.hpp"
#include "db/detail/error_map.hpp"
#include "db/pool.hpp"

namespace dott::db {
namespace detail {

/// The files of db/migrations/ as (name, text), generated at build time by dott_embed().
const std::vector<std::pair<std::string_view, std::string_view>>& migration_files();

}  // namespace detail

namespace {

// Every migrator takes this transaction-scoped advisory lock first, so two servers starting at
// once apply each file exactly once. The number is arbitrary but fixed forever.
constexpr long long migration_lock_key = 0x646f74745f6d6967;

constexpr std::string_view create_ledger_sql =
    "create table if not exists schema_migrations ("
    " name text primary key,"
    " checksum text not null,"
    " applied_at timestamptz not null default now())";

error describe(const std::exception& failure, std::string_view context) {
    error mapped{errc::internal, detail::first_line(failure.what()), {}};
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&failure)) {
        mapped = detail::map_sql_error(*sql);
    } else if (dynamic_cast<const pqxx::broken_connection*>(&failure) != nullptr) {
        mapped.code = errc::unavailable;
    }
    mapped.message = std::string(context) + ": " + mapped.message;
    return mapped;
}

/// Applies `step` unless it is already recorded. Returns true when it was applied now.
result<bool> apply_one(pqxx::connection& connection, const migration& step) {
    const std::string checksum = migration_checksum(step.sql);
    try {
        pqxx::work tx(connection);
        tx.exec_params("select pg_advisory_xact_lock($1)", migration_lock_key);

        auto recorded =
            tx.exec_params("select checksum from schema_migrations where name = $1", step.name);
        if (!recorded.empty()) {
            if (recorded[0][0].as<std::string>() == checksum) {
                return false;
            }
            return fail(errc::conflict,
                        "migration " + step.name +
                            " was changed after it was applied (recorded checksum " +
                            recorded[0][0].as<std::string>() + ", file checksum " + checksum +
                            "); restore the file and add a new migration instead");
        }

        tx.exec(step.sql);
        tx.exec_params("insert into schema_migrations (name, checksum) values ($1, $2)", step.name,
                       checksum);
        tx.commit();
        return true;
    } catch (const std::exception& e) {
        return std::unexpected(describe(e, "migration " + step.name + " failed"));
    }
}

}  // namespace

const std::vector<migration>& embedded_migrations() {
    static const std::vector<migration> all = [] {
        std::vector<migration> files;
        for (const auto& [name, sql] : detail::migration_files()) {
            files.push_back(migration{std::string(name), std::string(sql)});
        }
        std::ranges::sort(files, {}, &migration::name);
        return files;
    }();
    return all;
}

std::string migration_checksum(std::string_view sql) { return crypto::to_hex(crypto::sha256(sql)); }

result<std::vector<std::string>> migrate(const std::string& owner_url) {
    return migrate(owner_url, embedded_migrations());
}

result<std::vector<std::string>> migrate(const std::string& owner_url,
                                         std::span<const migration> migrations) {
    std::vector<const migration*> ordered;
    for (const auto& step : migrations) {
        ordered.push_back(&step);
    }
    std::ranges::sort(ordered, {}, [](const migration* step) { return step->name; });

    auto connection = connect(owner_url);
    if (!connection) {
        return std::unexpected(connection.error());
    }

    try {
        pqxx::work tx(**connection);
        tx.exec_params("select pg_advisory_xact_lock($1)", migration_lock_key);
        tx.exec(std::string(create_ledger_sql));
        tx.commit();
    } catch (const std::exception& e) {
        return std::unexpected(describe(e, "cannot create schema_migrations"));
    }

    std::vector<std::string> applied;
    for (const migration* step : ordered) {
        auto done = apply_one(**connection, *step);
        if (!done) {
            return std::unexpected(done.error());
        }
        if (*done) {
            applied.push_back(step->name);
        }
    }
    return applied;
}

}  // namespace dott::db
