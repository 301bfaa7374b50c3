#include "domain/event.hpp"

#include <algorithm>
#include <array>

#include "domain/calendar.hpp"
#include "domain/money.hpp"

namespace dott::domain {
namespace {

constexpr std::array<std::string_view, 8> types = {
    "conference",  "trade_show", "sponsorship", "hosted_dinner",
    "field_event", "webinar",    "offsite",     "other",
};

constexpr std::array<std::string_view, 6> statuses = {
    "idea", "planning", "confirmed", "live", "completed", "reported",
};

bool contains(std::span<const std::string_view> values, std::string_view text) {
    return std::find(values.begin(), values.end(), text) != values.end();
}

}  // namespace

std::span<const std::string_view> event_types() noexcept { return types; }

std::span<const std::string_view> event_statuses() noexcept { return statuses; }

bool is_event_type(std::string_view text) noexcept { return contains(types, text); }

bool is_approval_state(std::string_view text) noexcept {
    return text == "draft" || text == "submitted" || text == "approved" || text == "rejected";
}

bool is_approval_decision(std::string_view approval) noexcept {
    return approval == "approved" || approval == "rejected";
}

bool is_event_status(std::string_view text) noexcept { return contains(statuses, text); }

result<void> check_event(const event& e) {
    if (e.name.find_first_not_of(" \t\r\n") == std::string::npos) {
        return fail(errc::invalid_argument, "name must not be blank", "name");
    }
    if (!is_calendar_date(e.starts_on)) {
        return fail(errc::invalid_argument, "starts_on must be a date written YYYY-MM-DD",
                    "starts_on");
    }
    if (!is_calendar_date(e.ends_on)) {
        return fail(errc::invalid_argument, "ends_on must be a date written YYYY-MM-DD", "ends_on");
    }

    // ISO dates compare correctly as text.
    if (e.ends_on < e.starts_on) {
        return fail(errc::invalid_argument, "ends_on is before starts_on", "ends_on");
    }
    if (!is_time_zone_name(e.time_zone)) {
        return fail(errc::invalid_argument, "time_zone must be an IANA name such as Europe/Berlin",
                    "time_zone");
    }
    if (!is_event_type(e.type)) {
        return fail(errc::invalid_argument, "type is not a known event type", "type");
    }
    if (!is_event_status(e.status)) {
        return fail(errc::invalid_argument, "status is not a known event status", "status");
    }
    if (e.tier && (*e.tier < 1 || *e.tier > 3)) {
        return fail(errc::invalid_argument, "tier must be 1, 2 or 3", "tier");
    }
    return {};
}

result<void> check_line_item(const line_item& item) {
    if (!is_currency_code(item.currency)) {
        return fail(errc::invalid_argument, "currency must be an ISO 4217 code such as EUR",
                    "currency");
    }
    if (item.category.empty()) {
        return fail(errc::invalid_argument, "category must not be empty", "category");
    }
    if (!is_approval_state(item.approval)) {
        return fail(errc::invalid_argument,
                    "approval must be draft, submitted, approved or rejected", "approval");
    }
    return {};
}

}  // namespace dott::domain
