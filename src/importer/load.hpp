#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/event.hpp"
#include "importer/conference.hpp"

namespace dott::importer {

/// What an import changed.
struct load_summary {
    std::size_t listings = 0;   ///< Entries read from the files.
    std::size_t inserted = 0;   ///< New events.
    std::size_t updated = 0;    ///< Known events whose listing said something new.
    std::size_t unchanged = 0;  ///< Known events the listing did not change.
};

/// Stores parsed listings as events of the transaction's organization, all in that one
/// transaction: an event per distinct conference (a conference listed under several topics
/// is one event carrying every topic), keyed so that loading the same listings again adds
/// nothing. Records one audit entry for the import.
[[nodiscard]] result<load_summary> load_conferences(db::transaction& tx,
                                                    const std::vector<conference_listing>& listings,
                                                    const std::string& origin);

/// The event a listing becomes: a conference in the UTC zone (listings carry no time zone),
/// status "idea", source "imported".
[[nodiscard]] domain::event to_event(const conference_listing& listing);

}  // namespace dott::importer
