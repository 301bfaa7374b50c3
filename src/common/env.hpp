#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dott {

/// The value of an environment variable, or nothing when it is unset or empty.
[[nodiscard]] std::optional<std::string> env(const char* name);

/// True when `text` is a canonical lower- or upper-case UUID (8-4-4-4-12 hex digits).
/// Routes check ids with it before they reach the database, so a malformed id answers exactly
/// like an unknown one.
[[nodiscard]] bool is_uuid(std::string_view text) noexcept;

/// The wall clock, injectable so tests can move time without sleeping.
using clock_fn = std::function<std::chrono::system_clock::time_point()>;

/// The real system clock.
[[nodiscard]] clock_fn system_clock();

/// The UTC calendar date of a time point, written YYYY-MM-DD.
[[nodiscard]] std::string utc_date(std::chrono::system_clock::time_point when);

}  // namespace dott
