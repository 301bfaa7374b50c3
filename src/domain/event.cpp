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

// A wall-clock time written HH:MM, 00:00 to 23:59.
bool is_clock_time(std::string_view text) {
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
        return false;
    }
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    return hours < 24 && minutes < 60;
}

result<void> check_optional_date(const std::optional<std::string>& date, const char* field) {
    if (date) {
        return check_event_date(*date, field);
    }
    return {};
}

result<void> check_plan(const event& e) {
    for (auto [time, field] :
         {std::pair{&e.start_time, "start_time"}, std::pair{&e.end_time, "end_time"}}) {
        if (*time && !is_clock_time(**time)) {
            return fail(errc::invalid_argument,
                        std::string(field) + " must be a wall-clock time written HH:MM", field);
        }
    }
    if (e.starts_on == e.ends_on && e.start_time && e.end_time && *e.end_time < *e.start_time) {
        return fail(errc::invalid_argument, "end_time is before start_time on a one-day event",
                    "end_time");
    }
    for (auto [date, field] : {std::pair{&e.goals_set_on, "goals_set_on"},
                               std::pair{&e.targets.defined_on, "targets_defined_on"},
                               std::pair{&e.owner_assigned_on, "owner_assigned_on"},
                               std::pair{&e.recap_done_on, "recap_done_on"}}) {
        if (auto checked = check_optional_date(*date, field); !checked) {
            return checked;
        }
    }
    const event_targets& t = e.targets;
    if (t.pipeline_minor.has_value() != t.pipeline_currency.has_value()) {
        return fail(errc::invalid_argument,
                    "a pipeline target needs both target_pipeline_minor and "
                    "target_pipeline_currency",
                    t.pipeline_minor ? "target_pipeline_currency" : "target_pipeline_minor");
    }
    if (t.pipeline_currency && !is_currency_code(*t.pipeline_currency)) {
        return fail(errc::invalid_argument,
                    "target_pipeline_currency must be an ISO 4217 code such as EUR",
                    "target_pipeline_currency");
    }
    return {};
}

void date_step(bool present, std::optional<std::string>& date, const std::string& today) {
    if (!present) {
        date.reset();
    } else if (!date) {
        date = today;
    }
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
    if (auto starts = check_event_date(e.starts_on, "starts_on"); !starts) {
        return starts;
    }
    if (auto ends = check_event_date(e.ends_on, "ends_on"); !ends) {
        return ends;
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
    return check_plan(e);
}

void date_plan_steps(event& e, const std::string& today) {
    date_step(e.goals.has_value(), e.goals_set_on, today);
    // The attendee target lives with the attendance, so a date given without an event target
    // is kept: it may date that one.
    if (e.targets.any() && !e.targets.defined_on) {
        e.targets.defined_on = today;
    }
    date_step(e.owner_user_id.has_value(), e.owner_assigned_on, today);
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

bool money_differs(const line_item& before, const line_item& after) noexcept {
    return before.currency != after.currency || before.planned_minor != after.planned_minor ||
           before.committed_minor != after.committed_minor ||
           before.actual_minor != after.actual_minor;
}

result<void> settle_approval(const line_item& before, line_item& changed, bool decides) {
    if (decides) {
        return {};
    }
    if (changed.approval != before.approval && is_approval_decision(changed.approval)) {
        return fail(errc::forbidden, "only owners and admins can approve or reject budget lines",
                    "approval");
    }
    if (!is_approval_decision(before.approval)) {
        return {};
    }

    // The decision was about the figures it saw: new figures need a new decision, which an
    // explicit "submitted" asks for as well.
    if (money_differs(before, changed) &&
        (changed.approval == before.approval || changed.approval == "submitted")) {
        changed.approval = "submitted";
        return {};
    }
    if (changed.approval != before.approval) {
        return fail(errc::forbidden,
                    "only owners and admins can move a budget line out of " + before.approval,
                    "approval");
    }
    return {};
}

}  // namespace dott::domain
