#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "db/pool.hpp"

namespace dott::db::detail {

/// The one command that opens a transaction for `who`: BEGIN (READ ONLY when the scope says
/// so) and both transaction-local set_config calls, sent as one simple query so that opening a
/// transaction costs one round trip instead of three. The organization and user go in as
/// quoted literals, so each must be empty or a UUID (hex digits and dashes only, nothing that
/// could close the quote); anything else fails with errc::invalid_argument naming the field,
/// before anything is sent. Pure and thread-safe.
[[nodiscard]] result<std::string> begin_command(const scope& who);

/// The most distinct statements run() prepares; past it, statements run unprepared.
inline constexpr std::size_t max_prepared_statements = 512;

/// The name under which every connection prepares `sql`: the same name for the same text in
/// the whole process, so each connection prepares a statement once and reuses it. Nothing when
/// max_prepared_statements names are already taken by other texts. Thread-safe.
[[nodiscard]] std::optional<std::string> prepared_name(std::string_view sql);

}  // namespace dott::db::detail
