#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dott::db {

/// `value` quoted for a libpq key=value connection string: in single quotes, with backslashes
/// and quotes escaped, so paths with spaces stay one value.
[[nodiscard]] std::string quote_conninfo_value(std::string_view value);

/// The same connection as `url` (a URI or key=value string) but to database `dbname`.
/// Fails with errc::invalid_argument when libpq cannot parse `url`; the message never repeats
/// the string, which may carry a password.
[[nodiscard]] result<std::string> with_database(const std::string& url, std::string_view dbname);

}  // namespace dott::db
