#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::store {

/// An event as an import matches it: by name, and by date when the file gives one.
struct event_match {
    std::string id;
    std::string name;
    std::string starts_on;
    std::string ends_on;
};

/// The organization's events whose name, trimmed with inner runs of white space made single
/// and compared without regard to case, is `name` (given already so normalised); when `on` is
/// set (YYYY-MM-DD), only those running on that day. At most `limit` of them, by start date.
[[nodiscard]] result<std::vector<event_match>> find_events_by_name(
    db::transaction& tx, const std::string& name, const std::optional<std::string>& on,
    std::size_t limit = 5);

/// The events of `year` whose normalised name is `name`, for a CRM campaign written as the
/// event's name followed by its year ("Devoxx 2025").
[[nodiscard]] result<std::vector<event_match>> find_events_by_name_in_year(db::transaction& tx,
                                                                           const std::string& name,
                                                                           int year);

/// The id of the opportunity a CRM knows by `external_id`, if the organization has it.
[[nodiscard]] result<std::optional<std::string>> find_opportunity_id(
    db::transaction& tx, const std::string& crm, const std::string& external_id);

/// The id of the link between an event and an opportunity, if there is one.
[[nodiscard]] result<std::optional<std::string>> find_opportunity_link_id(
    db::transaction& tx, const std::string& event_id, const std::string& opportunity_id);

/// Marks an opportunity as brought in by an import (source "imported"), which the API cannot
/// set. Part of the import's own write, audited by the insert before it and the import entry.
[[nodiscard]] result<void> mark_opportunity_imported(db::transaction& tx,
                                                     const std::string& opportunity_id);

}  // namespace dott::store
