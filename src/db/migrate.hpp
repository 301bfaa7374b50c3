#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dott::db {

/// One schema change: a file name such as "0001_core.sql" and its SQL text.
struct migration {
    std::string name;
    std::string sql;
};

/// The SQL files of db/migrations/, compiled into the binary at build time, in name order.
[[nodiscard]] const std::vector<migration>& embedded_migrations();

/// The checksum recorded for a migration: lower-case hex SHA-256 of its text.
[[nodiscard]] std::string migration_checksum(std::string_view sql);

/// Applies the embedded migrations; see the overload below.
[[nodiscard]] result<std::vector<std::string>> migrate(const std::string& owner_url);

/// Connects with `owner_url` (the dott_owner role) and applies, in name order, each migration
/// not yet recorded in `schema_migrations`, each in its own transaction together with its
/// record. Returns the names applied now (empty when the schema was current). A recorded
/// migration whose checksum differs stops everything with errc::conflict naming the file, and
/// nothing after it is applied. Concurrent callers serialise on an advisory lock, so each file
/// is applied once. Fails with errc::unavailable when the server cannot be reached, and with the
/// mapped error of the failing statement (message naming the file) when a migration fails.
[[nodiscard]] result<std::vector<std::string>> migrate(const std::string& owner_url,
                                                       std::span<const migration> migrations);

}  // namespace dott::db
