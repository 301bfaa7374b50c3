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

/// What success means for an event, written down before it: a pipeline amount, a number of
/// meetings and of leads (the attendee target lives with the attendance), and the date they
/// were defined.
struct event_targets {
    std::optional<std::int64_t> pipeline_minor;
    std::optional<std::string> pipeline_currency;
    std::optional<std::int64_t> meetings;
    std::optional<std::int64_t> leads;
    std::optional<std::string> defined_on;

    [[nodiscard]] bool any() const noexcept {
        return pipeline_minor.has_value() || meetings.has_value() || leads.has_value();
    }
};

/// The headline of an event's stored scores, as reads of the event show it: the combined
/// score, the recommended tier and decision, and the formula version and date they were
/// computed with and for. Writes of an event ignore it.
struct event_score_summary {
    int combined = 0;
    std::string tier;
    std::string decision;
    int formula_version = 1;
    std::string computed_for;
};

/// One event of an organization's portfolio: a conference, a booth, a dinner, a webinar...
/// Dates and times are the local wall-clock dates and times of the event in its IANA
/// `time_zone` (times "HH:MM", empty for an all-day event), so that a conference across a
/// daylight-saving change keeps the times of its programme; instants are derived from them.
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
    std::optional<std::string> start_time;
    std::optional<std::string> end_time;
    std::string time_zone = "UTC";

    /// The UTC instants (RFC 3339) of the start and the end, derived on reads from the dates,
    /// times and time zone; writes ignore them.
    std::string starts_at;
    std::string ends_at;
    std::optional<std::string> city;
    std::optional<std::string> country;
    std::optional<std::string> venue;
    std::optional<std::string> url;
    bool online = false;
    std::vector<std::string> topics;
    std::string source = "typed";
    event_budget budget;

    // The plan: goals, targets and when each step was taken, which the Pre-Event score grades.
    std::optional<std::string> goals;
    std::optional<std::string> goals_set_on;
    event_targets targets;
    std::optional<std::string> owner_assigned_on;
    std::optional<std::string> recap_done_on;

    /// Filled by reads that ask for it, from the stored scores; empty before the first
    /// computation.
    std::optional<event_score_summary> scores;

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

/// Checks the rules that span fields or that a schema cannot say: real dates within the years
/// of check_event_date (the plan's dates too), end not before start (nor, on a one-day event, end
/// time before start time), times written HH:MM, a time zone name, a tier of 1 to 3, a pipeline
/// target with an ISO 4217 currency. The failure names the field.
[[nodiscard]] result<void> check_event(const event& e);

/// Fills the dates of the plan that the writer left empty: goals, targets and an owner that
/// are present get `today` (YYYY-MM-DD) as the date they were set unless one is given. Goals
/// and an owner that are absent lose their date, since nothing was set; a targets date stays,
/// as it may date the attendee target, which the attendance holds.
void date_plan_steps(event& e, const std::string& today);

/// Checks a line item: a known currency and a non-empty category. The failure names the field.
[[nodiscard]] result<void> check_line_item(const line_item& item);

/// Whether two versions of a line differ in money: planned, committed or actual amount, or
/// currency.
[[nodiscard]] bool money_differs(const line_item& before, const line_item& after) noexcept;

/// The one rule of budget approval, for every writer of a line (the API and imports alike).
/// `changed` is `before` with a writer's changes applied (for a new line, `before` is a
/// default line, a draft); `decides` says whether the writer may decide approvals (owners and
/// admins). Only a writer who decides may move a line to approved or rejected, or out of
/// either. When anyone else changes the money of an approved or rejected line, the line goes
/// back to submitted, since the decision was about other figures; `changed.approval` is set
/// to that. Fails with forbidden, naming `approval`, when the writer asked for a move only
/// owners and admins may make.
[[nodiscard]] result<void> settle_approval(const line_item& before, line_item& changed,
                                           bool decides);

}  // namespace dott::domain
