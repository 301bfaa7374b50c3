#pragma once

#include <string_view>

namespace dott::api {

/// True when `name` has the shape of an IANA zone name and names a zone of the system's time
/// zone database (tzdata). Reads the database from disk; safe from any thread.
[[nodiscard]] bool is_known_time_zone(std::string_view name);

}  // namespace dott::api
