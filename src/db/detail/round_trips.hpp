#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "db/pool.hpp"

namespace dott::db::detail {

/// A statement every pooled connection prepares before its first transaction opens.
struct opening_statement {
    const char* name;
    const char* sql;
};

/// How many opening statements there are.
inline constexpr std::size_t opening_statement_count = 2;

/// The statements an opening runs, each prepared on a connection the first time it needs it:
/// one that sets both transaction-local settings from their values, and one that sets the
/// organization and takes the user from a live session (so it needs the schema's `sessions`
/// table, which a database without migrations lacks). Each answers one row whose second
/// column is the user set.
[[nodiscard]] std::span<const opening_statement, opening_statement_count>
opening_statements() noexcept;

/// How a transaction opens for a scope: BEGIN (READ ONLY when the scope says so), then one of
/// the opening statements with the scope's values bound as parameters. The connection sends both
/// in one round trip (pooled_connection::open).
struct opening {
    const char* begin;
    std::size_t statement;            ///< Its index in opening_statements().
    std::vector<std::string> params;  ///< Its parameters, as text.
};

/// The opening of a transaction for `who`. The organization and user must each be empty or a
/// UUID, and a session's digest 32 bytes; anything else fails with errc::invalid_argument naming
/// the field (org_id, user_id or session), before anything is sent. Pure and thread-safe.
[[nodiscard]] result<opening> opening_for(const scope& who);

/// The most distinct statements run() prepares; past it, statements run unprepared.
inline constexpr std::size_t max_prepared_statements = 512;

/// The name under which every connection prepares `sql`: the same name for the same text in
/// the whole process, so each connection prepares a statement once and reuses it. Nothing when
/// max_prepared_statements names are already taken by other texts. Thread-safe.
[[nodiscard]] std::optional<std::string> prepared_name(std::string_view sql);

}  // namespace dott::db::detail
