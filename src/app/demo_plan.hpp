#pragma once

// The demo organization's story: which listed conferences the demo team runs, what it planned
// and spent, how each event went, and every row that records it. Pure and deterministic: the
// same events and the same date always give the same plan, drawn from fixed seeds, never from
// the clock or the system's randomness. demo.cpp writes the plan through the store.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "domain/money.hpp"
#include "domain/role.hpp"

namespace dott::app::demo {

/// The currency the demo organization reports in.
inline constexpr const char* reporting_currency = "EUR";

/// Who does something in the demo team: the demo owner (0) or a colleague (1 + its index in
/// portfolio::colleagues).
using person = std::size_t;
inline constexpr person demo_owner = 0;

/// A member of the demo team besides its owner. Nobody signs in as a colleague.
struct colleague {
    std::string email;
    std::string display_name;
    domain::role role = domain::role::viewer;
};

/// A rate into the reporting currency: one unit of `from` is numerator / denominator euros
/// from `effective_on`.
struct rate_row {
    std::string from;
    std::string effective_on;
    std::int64_t numerator = 1;
    std::int64_t denominator = 1;
};

struct contact_row {
    std::string full_name;
    std::string email;
    std::string company;
    std::string job_title;
};

struct opportunity_row {
    std::string external_id;
    std::string name;
    std::string account;
    domain::money amount;
    std::string stage;
    bool is_closed = false;
    bool is_won = false;
    std::string close_date;
};

struct role_row {
    std::string role;
    std::optional<person> member;
    std::optional<std::string> person_name;  ///< Somebody outside the team (an agency).
    std::optional<std::string> assigned_on;
};

struct milestone_row {
    std::string name;
    std::string due_on;
    std::optional<std::string> done_on;
};

struct task_row {
    std::string title;
    std::optional<person> owner;
    std::string due_on;
    std::string status;  ///< open, in_progress, done or cancelled.
    std::optional<std::string> done_on;
};

struct lead_row {
    std::size_t contact = 0;  ///< An index into portfolio::contacts.
    std::string captured_on;
    std::string status;
    std::string notes;
};

struct meeting_row {
    std::string title;
    std::size_t contact = 0;  ///< An index into portfolio::contacts.
    std::string held_on;
    std::string status;
    std::string notes;
};

struct link_row {
    std::size_t opportunity = 0;  ///< An index into portfolio::opportunities.
    bool sourced = true;
    std::optional<int> weight_percent;
};

struct speaker_row {
    std::string full_name;
    std::string job_title;
    std::string company;
    std::string talk_title;
    std::string status;
};

struct attendance_row {
    std::optional<std::int64_t> target;
    std::optional<std::int64_t> registered;
    std::optional<std::int64_t> attended;
    std::optional<std::int64_t> no_shows;
    std::optional<std::int64_t> engaged;
};

struct feedback_row {
    int rating = 3;
    std::string submitted_on;
    std::optional<std::string> comment;
};

struct proof_row {
    std::string title;
    std::string url;
    std::string captured_on;
    std::string kind;
};

/// One event the demo team runs and everything recorded about it as of the plan's date.
struct event_story {
    /// The listed event the team runs (an index into the events given to plan_portfolio), or
    /// nothing for an event of the team's own: a customer dinner, a roadshow stop, a webinar.
    std::optional<std::size_t> listing;

    /// The event as it reads once written: the listing's facts with the team's type, status,
    /// tier, series and plan (the owner is `owner`, set by the writer).
    domain::event event;
    std::optional<person> owner;

    std::optional<domain::money> budget;
    std::optional<std::string> budget_locked_on;
    std::vector<domain::line_item> lines;
    std::vector<role_row> roles;
    std::vector<milestone_row> milestones;
    std::vector<task_row> tasks;
    std::vector<lead_row> leads;
    std::vector<meeting_row> meetings;
    std::vector<link_row> links;
    std::vector<speaker_row> speakers;
    std::optional<attendance_row> attendance;
    std::vector<feedback_row> feedback;
    std::vector<proof_row> proof;
};

/// Everything the demo organization holds besides the listed events it does not run.
struct portfolio {
    std::vector<colleague> colleagues;
    std::vector<rate_row> rates;
    std::vector<contact_row> contacts;
    std::vector<opportunity_row> opportunities;
    std::vector<event_story> stories;
};

/// Plans the demo team's portfolio over `listed`, the conference listings stored as events
/// (names, dates, places; their ids are not read), as of `today` (YYYY-MM-DD). About a hundred
/// events: series of conferences the team goes to in 2025 and 2026, single editions, and its
/// own dinners, roadshow stops and webinars, with every quality of planning and result. Only
/// what has happened by `today` is recorded: plan steps, payments and outcomes dated later
/// are left out, and only events that have ended have outcomes. The same arguments always
/// give the same plan.
[[nodiscard]] portfolio plan_portfolio(std::span<const domain::event> listed,
                                       const std::string& today);

/// The date `days` days after `date` (before it when negative); both YYYY-MM-DD.
[[nodiscard]] std::string add_days(const std::string& date, int days);

}  // namespace dott::app::demo
