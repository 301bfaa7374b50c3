#pragma once

// The fixed material the demo story is told with: what each kind of event costs and aims at,
// the steps it goes through, the places and currencies the demo team works in, and the
// invented people and companies it meets. Every name here is made up.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace dott::app::demo::detail {

/// Where a budget line is paid: in the event's local currency, in euros (the team's own
/// bookings) or in US dollars (a vendor that bills in dollars).
enum class paid_in { local, euro, dollar };

/// One budget line of a kind of event. `share` is its percent of the planned total; an early
/// line is contracted and paid before the event, a late one settled after it.
struct line_template {
    std::string_view category;
    std::string_view description;
    std::string_view vendor;  ///< Empty: the event's organiser.
    int share = 0;
    paid_in currency = paid_in::local;
    bool early = true;
};

/// A milestone or task: its name and its due date in days from the first day of the event, or
/// from its last day when `after_end`.
struct step_template {
    std::string_view name;
    int days = 0;
    bool after_end = false;
};

/// A range of whole numbers, both ends included.
struct span_of {
    std::int64_t low = 0;
    std::int64_t high = 0;
};

/// What the demo team does at one kind of event: its budget and targets (money in euros), the
/// lines it spends on, the roles it staffs, its milestones and tasks, and what it collects.
struct event_kind {
    std::string_view type;  ///< An event type as stored: trade_show, sponsorship...
    span_of budget;
    span_of leads;
    span_of meetings;
    span_of pipeline;
    span_of attendees;
    std::span<const line_template> lines;
    std::span<const std::string_view> roles;
    std::span<const step_template> milestones;
    std::span<const step_template> tasks;
    std::span<const std::string_view> proof;
    std::string_view lead_note;
    std::string_view goal;  ///< Followed by the targets: "Meet 30 buyers at the booth...".
    bool speakers = false;
    bool feedback = false;
};

[[nodiscard]] const event_kind& booth();
[[nodiscard]] const event_kind& sponsorship();
[[nodiscard]] const event_kind& conference();
[[nodiscard]] const event_kind& dinner();
[[nodiscard]] const event_kind& roadshow();
[[nodiscard]] const event_kind& webinar();

/// A country the demo team runs events in, its currency and (for a country with one) its time
/// zone.
struct place {
    std::string_view country;
    std::string_view currency;
    std::string_view time_zone;  ///< Empty for a country of several zones.
};

/// The place of a country as the listings write it, or nothing where the team does not go.
[[nodiscard]] std::optional<place> find_place(std::string_view country);

/// A currency and what one unit of it was worth in euros at the start of 2025, in millionths.
struct opening_rate {
    std::string_view currency;
    std::int64_t millionths = 0;
};

[[nodiscard]] std::span<const opening_rate> opening_rates();

/// The euro value of one unit of `currency` at the start of 2025, in millionths (1,000,000
/// for the euro itself).
[[nodiscard]] std::int64_t opening_millionths(std::string_view currency);

/// A stop of the roadshow: its city, country and the month it visits in.
struct roadshow_stop {
    std::string_view city;
    std::string_view country;
    int year = 0;
    unsigned month = 0;
};

[[nodiscard]] std::span<const roadshow_stop> roadshow_stops();

/// The quarterly webinar's subjects, one per edition in date order.
[[nodiscard]] std::span<const std::string_view> webinar_subjects();

[[nodiscard]] std::span<const std::string_view> first_names();
[[nodiscard]] std::span<const std::string_view> last_names();
[[nodiscard]] std::span<const std::string_view> job_titles();

/// Invented customer companies; each one's mail domain is its name in lower case with
/// hyphens, under .example.
[[nodiscard]] std::span<const std::string_view> companies();

/// What an opportunity is for: "platform rollout", "pilot"...
[[nodiscard]] std::span<const std::string_view> deal_kinds();

/// The team's own speakers: name, then job title.
[[nodiscard]] std::span<const std::pair<std::string_view, std::string_view>> speakers();
[[nodiscard]] std::span<const std::string_view> talk_titles();

/// Comments attendees leave, from the lowest rating (index 0 for 1) to the highest.
[[nodiscard]] std::string_view feedback_comment(int rating);

}  // namespace dott::app::demo::detail
