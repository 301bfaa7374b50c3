#pragma once

#include <string>
#include <string_view>

#include <pqxx/except>

#include "common/result.hpp"

namespace dott::db::detail {

/// The first line of a libpq or PostgreSQL message, without the "ERROR:" prefix, cut to a few
/// hundred characters. PostgreSQL puts row values in DETAIL lines, which this drops.
[[nodiscard]] std::string first_line(std::string_view message);

/// The name inside `constraint "name"` in a PostgreSQL message, or empty when there is none.
[[nodiscard]] std::string constraint_name(std::string_view message);

/// The error a failed statement becomes, from its SQLSTATE and the server's message:
/// integrity conflicts -> conflict, rejected values and row-level security WITH CHECK failures
/// -> invalid_argument, missing privileges -> forbidden, lost connections, cancellations and
/// overload -> unavailable, anything else -> internal with the SQLSTATE and the first line of
/// the message for the caller's log. Parameter values never appear in the result.
[[nodiscard]] error map_sql_error(std::string_view sqlstate, std::string_view message);

/// The SQLSTATE of a libpqxx error. libpqxx 6 leaves it empty for some errors while still
/// throwing the matching exception class, so the class stands in for it then.
[[nodiscard]] std::string sqlstate_of(const pqxx::sql_error& failure);

/// The error a libpqxx sql_error becomes: map_sql_error() of its SQLSTATE and message.
[[nodiscard]] error map_sql_error(const pqxx::sql_error& failure);

/// True when an SQLSTATE means the server closed or is closing the session.
[[nodiscard]] bool is_connection_loss(std::string_view sqlstate) noexcept;

}  // namespace dott::db::detail
