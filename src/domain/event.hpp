#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dott::domain {

/// An event's planned budget total, in one currency, which can be locked so that the plan
/// stops moving (who locked it and when are kept).
struct event_budget {
    std::optional<std::int64_t> planned_minor;
    std::optional<std::string> currency;
    std::optional<std::string> locked_at;
    std::optional<std::string> locked_by;

    [[nodiscard]] bool is_locked() const noexcept { return locked_at.has_value(); }
};

/// One event of an organization's portfolio: a conference, a booth, a dinner, a webinar...
/// Dates are the local calendar dates of the event in its IANA `time_zone`.
struct event {
    std::string id;
    std::string name;
    std::string type = "conference";
    std::string status = "idea";
    std::optional<int> tier;
    std::optional<std::string> series;
    std::optional<std::string> owner_user_id;
    std::string starts_on;
    std::string ends_on;
    std::string time_zone = "UTC";
    std::optional<std::string> city;
    std::optional<std::string> country;
    std::optional<std::string> venue;
    std::optional<std::string> url;
    bool online = false;
    std::vector<std::string> topics;
    std::string source = "typed";
    event_budget budget;
    int version = 1;
    std::string created_at;
    std::string updated_at;
};

/// One planned, committed and actual amount of an event's budget, in one currency.
struct line_item {
    std::string id;
    std::string event_id;
    std::string category;
    std::string description;
    std::optional<std::string> vendor;
    std::string currency;
    std::int64_t planned_minor = 0;
    std::int64_t committed_minor = 0;
    std::int64_t actual_minor = 0;
    std::string approval = "draft";  ///< draft, submitted, approved or rejected.
    std::string source = "typed";

    /// What identifies an imported line across versions of its spreadsheet; set on insert only.
    std::optional<std::string> import_key;
    int version = 1;
    std::string created_at;
    std::string updated_at;
};

/// The kinds of event the product knows, as stored.
[[nodiscard]] std::span<const std::string_view> event_types() noexcept;

/// The life cycle of an event, in order: idea, planning, confirmed, live, completed, reported.
[[nodiscard]] std::span<const std::string_view> event_statuses() noexcept;

/// The approval states of a budget line: draft, submitted, approved, rejected.
[[nodiscard]] bool is_approval_state(std::string_view text) noexcept;

/// Whether moving a line to `approval` needs the "manage org" capability: approving and
/// rejecting spend is a decision, drafting and submitting is not.
[[nodiscard]] bool is_approval_decision(std::string_view approval) noexcept;

[[nodiscard]] bool is_event_type(std::string_view text) noexcept;
[[nodiscard]] bool is_event_status(std::string_view text) noexcept;

/// Checks the rules that span fields or that a schema cannot say: real dates, end not before
/// start, a time zone name, a tier of 1 to 3. The failure names the field.
[[nodiscard]] result<void> check_event(const event& e);

/// Checks a line item: a known currency and a non-empty category. The failure names the field.
[[nodiscard]] result<void> check_line_item(const line_item& item);

}  // namespace dott::domain
