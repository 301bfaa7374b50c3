#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/pqxx>

/// SQL that turns a bound count of microseconds since the Unix epoch into a timestamptz.
#define DOTT_SQL_TIMESTAMP(param) "to_timestamp(" param "::bigint / 1000000.0)"

/// SQL that renders a timestamptz column as RFC 3339 in UTC ("2026-03-05T09:30:00.000000Z").
#define DOTT_SQL_RFC3339(column) \
    "to_char(" column " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

namespace dott::store::detail {

[[nodiscard]] inline std::int64_t to_epoch_micros(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

/// A nullable text column as an optional.
[[nodiscard]] inline std::optional<std::string> optional_text(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return field.as<std::string>();
}

}  // namespace dott::store::detail
