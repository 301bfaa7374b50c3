#include "importer/load.hpp"

#include <nlohmann/json.hpp>

#include "store/events.hpp"

namespace dott::importer {

domain::event to_event(const conference_listing& listing) {
    domain::event e;
    e.name = listing.name;
    e.type = "conference";
    e.status = "idea";
    e.starts_on = listing.start_date;
    e.ends_on = listing.end_date;
    e.time_zone = "UTC";
    e.city = listing.city;
    e.country = listing.country;
    e.url = listing.url;
    e.online = listing.online;
    e.topics = {listing.topic};
    e.source = "imported";
    return e;
}

result<load_summary> load_conferences(db::transaction& tx,
                                      const std::vector<conference_listing>& listings,
                                      const std::string& origin) {
    load_summary summary;
    summary.listings = listings.size();
    for (const auto& listing : listings) {
        auto outcome = store::upsert_event_by_key(tx, to_event(listing), listing_key(listing));
        if (!outcome) {
            return std::unexpected(outcome.error());
        }
        switch (*outcome) {
            case store::upsert_outcome::inserted:
                ++summary.inserted;
                break;
            case store::upsert_outcome::updated:
                ++summary.updated;
                break;
            case store::upsert_outcome::unchanged:
                ++summary.unchanged;
                break;
        }
    }
    auto audited = store::append_audit(tx, "import.conferences", "import", origin,
                                       {{"listings", summary.listings},
                                        {"inserted", summary.inserted},
                                        {"updated", summary.updated},
                                        {"unchanged", summary.unchanged}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return summary;
}

}  // namespace dott::importer
