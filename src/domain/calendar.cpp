#include "domain/calendar.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>

namespace dott::domain {
namespace {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) {
        return 29;
    }
    return days[month - 1];
}

bool parse_digits(std::string_view text, int& value) {
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool is_calendar_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
        !parse_digits(text.substr(8, 2), day)) {
        return false;
    }
    if (year < 1900 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    return day <= days_in_month(year, month);
}

result<void> check_event_date(std::string_view text, std::string_view field) {
    const std::string name(field);
    int year = 0;
    int month = 0;
    int day = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        !parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
        !parse_digits(text.substr(8, 2), day)) {
        return fail(errc::invalid_argument, name + " must be a date written YYYY-MM-DD", name);
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        return fail(errc::invalid_argument,
                    name + " " + std::string(text) + " is not a real calendar date", name);
    }
    if (year < first_event_year || year > last_event_year) {
        return fail(errc::invalid_argument,
                    name + " must be between " + std::to_string(first_event_year) + "-01-01 and " +
                        std::to_string(last_event_year) + "-12-31",
                    name);
    }
    return {};
}

bool is_time_zone_name(std::string_view text) noexcept {
    if (text.empty() || text.size() > 64 || text.front() == '/' || text.back() == '/') {
        return false;
    }
    char previous = '\0';
    for (char c : text) {
        bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' ||
                       c == '-' || c == '+';
        if (!allowed || (c == '/' && previous == '/')) {
            return false;
        }
        previous = c;
    }
    // Names are path-like in the database; a dot segment could point outside it.
    return text.find("..") == std::string_view::npos;
}

std::string utc_date(std::chrono::system_clock::time_point t) {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    char text[16];
    std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

}  // namespace dott::domain
