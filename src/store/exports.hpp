#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::store {

/// Sums of an event's budget lines in one currency.
struct currency_budget {
    std::string currency;
    std::int64_t planned_minor = 0;
    std::int64_t committed_minor = 0;
    std::int64_t actual_minor = 0;
};

/// An event as an export writes it.
struct event_export {
    std::string id;
    std::string name;
    std::string type;
    std::string status;
    std::optional<int> tier;
    std::optional<std::string> series;
    std::string starts_on;
    std::string ends_on;
    std::string time_zone;
    std::optional<std::string> city;
    std::optional<std::string> country;
    std::optional<std::string> venue;
    bool online = false;
    std::optional<std::int64_t> budget_planned_minor;  ///< The event's planned total, if set.
    std::optional<std::string> budget_currency;
    bool budget_locked = false;
    std::vector<currency_budget> line_totals;  ///< Per currency, in code order; none without lines.
};

/// A budget line as an export writes it, with its event.
struct line_item_export {
    std::string id;
    std::string event_id;
    std::string event_name;
    std::string event_starts_on;
    std::string category;
    std::optional<std::string> vendor;
    std::string description;
    std::string currency;
    std::int64_t planned_minor = 0;
    std::int64_t committed_minor = 0;
    std::int64_t actual_minor = 0;
    std::string approval;
    std::string source;
    std::string updated_at;
};

/// One event an opportunity is linked to.
struct opportunity_link_export {
    std::string event_name;
    std::string attribution;
    std::optional<int> weight_percent;
};

/// An opportunity as an export writes it, with the events it is linked to.
struct opportunity_export {
    std::string id;
    std::string crm;
    std::string external_id;
    std::string name;
    std::optional<std::string> account;
    std::int64_t amount_minor = 0;
    std::string currency;
    std::string stage;
    bool is_closed = false;
    bool is_won = false;
    std::optional<std::string> close_date;
    std::vector<opportunity_link_export> links;
};

// Each walks the organization's rows through a server-side cursor, a few hundred at a time, so
// that an export of any size holds one batch in memory; `each` may stop the walk with an error.

/// Events by start date, then id.
[[nodiscard]] result<void> for_each_event_export(
    db::transaction& tx, const std::function<result<void>(const event_export&)>& each);

/// Budget lines by their event's start date, the event, then the line's creation.
[[nodiscard]] result<void> for_each_line_item_export(
    db::transaction& tx, const std::function<result<void>(const line_item_export&)>& each);

/// Opportunities by close date (none last), then name and id.
[[nodiscard]] result<void> for_each_opportunity_export(
    db::transaction& tx, const std::function<result<void>(const opportunity_export&)>& each);

}  // namespace dott::store
