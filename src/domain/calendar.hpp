#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace dott::domain {

/// True when `text` is a real calendar date written YYYY-MM-DD (leap years included).
[[nodiscard]] bool is_calendar_date(std::string_view text) noexcept;

/// The UTC calendar date of a time point, written YYYY-MM-DD.
[[nodiscard]] std::string utc_date(std::chrono::system_clock::time_point t);

/// True when `text` has the shape of an IANA time zone name ("UTC", "Europe/Berlin",
/// "America/Argentina/Buenos_Aires"). The shape is checked here; whether the zone exists in
/// the time zone database is checked where that database is read.
[[nodiscard]] bool is_time_zone_name(std::string_view text) noexcept;

}  // namespace dott::domain
