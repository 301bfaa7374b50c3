#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::store {

/// How an import waits for its turn among the organization's imports.
enum class import_turn {
    commit,    ///< Alone: one committing import of an organization at a time.
    rehearse,  ///< A dry run: beside other dry runs, never beside a committing import.
};

/// Waits until the transaction's organization has no import running that this one must not
/// run beside, and holds the turn until the transaction ends (a transaction-scoped advisory
/// lock keyed by the organization: exclusive to commit, shared to rehearse). Imports that take
/// turns see each other's rows: the second finds the lines the first wrote. Call it before
/// reading anything the import depends on.
[[nodiscard]] result<void> take_import_turn(db::transaction& tx, import_turn turn);

/// Whether a committing import of the transaction's organization waits for the turn this
/// transaction holds. A dry run asks it now and then, and gives way.
[[nodiscard]] result<bool> is_commit_waiting(db::transaction& tx);

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
