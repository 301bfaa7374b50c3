#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dott::domain {

/// True when `text` is a real calendar date written YYYY-MM-DD (leap years included).
[[nodiscard]] bool is_calendar_date(std::string_view text) noexcept;

/// The years an event's dates (and the dates of its plan) may fall in. Beyond them a date is
/// a typing error, and the instants derived from it would leave four-digit years.
inline constexpr int first_event_year = 1900;
inline constexpr int last_event_year = 2200;

/// Checks the date of `field`: written YYYY-MM-DD, a day the calendar has, within
/// first_event_year and last_event_year. Fails with invalid_argument naming `field`, with a
/// message saying which of the three it is not.
[[nodiscard]] result<void> check_event_date(std::string_view text, std::string_view field);

/// The UTC calendar date of a time point, written YYYY-MM-DD.
[[nodiscard]] std::string utc_date(std::chrono::system_clock::time_point t);

/// True when `text` has the shape of an IANA time zone name ("UTC", "Europe/Berlin",
/// "America/Argentina/Buenos_Aires"). The shape is checked here; whether the zone exists in
/// the time zone database is checked where that database is read.
[[nodiscard]] bool is_time_zone_name(std::string_view text) noexcept;

}  // namespace dott::domain
