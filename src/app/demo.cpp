#include "app/demo.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "importer/conference.hpp"
#include "importer/load.hpp"
#include "store/accounts.hpp"
#include "store/events.hpp"
#include "store/line_items.hpp"
#include "store/scores.hpp"

namespace dott::app {
namespace {

constexpr const char* demo_organization = "Demo Events Co";

/// The listing files of every year folder, in a stable order.
result<std::vector<std::filesystem::path>> listing_files(const std::filesystem::path& data_dir) {
    std::filesystem::path root = data_dir / "conferences";
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        return fail(errc::invalid_argument,
                    "no conference listings at " + root.string() +
                        " (set DOTT_DATA_DIR to the folder that holds conferences/)",
                    "DOTT_DATA_DIR");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string currency_for(const std::optional<std::string>& country) {
    static constexpr std::array<std::string_view, 16> euro_countries = {
        "Austria",    "Belgium",     "Croatia",  "Estonia", "Finland", "France",
        "Germany",    "Greece",      "Ireland",  "Italy",   "Latvia",  "Lithuania",
        "Luxembourg", "Netherlands", "Portugal", "Spain"};
    if (!country) {
        return "USD";
    }
    if (std::find(euro_countries.begin(), euro_countries.end(), *country) != euro_countries.end()) {
        return "EUR";
    }
    if (*country == "U.K.") {
        return "GBP";
    }
    if (*country == "Switzerland") {
        return "CHF";
    }
    if (*country == "Canada") {
        return "CAD";
    }
    if (*country == "Australia") {
        return "AUD";
    }
    return "USD";
}

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[16];
    std::strftime(text, sizeof(text), "%Y-%m-%d", &utc);
    return text;
}

/// Demo budget lines for an event, derived from a digest of its listing key so that every
/// demo organization gets the same numbers. About one event in four gets a budget.
std::vector<domain::line_item> demo_lines(const domain::event& e, const std::string& key,
                                          bool is_past) {
    static constexpr std::array<std::string_view, 5> categories = {
        "Booth & space", "Travel", "Sponsorship", "Hospitality", "Swag & print"};
    std::string digest = crypto::sha256(key);
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(digest[i % 32]); };
    if (byte(0) % 4 != 0) {
        return {};
    }
    std::vector<domain::line_item> lines;
    std::size_t count = 2 + byte(1) % 3;
    for (std::size_t i = 0; i < count; ++i) {
        domain::line_item line;
        line.event_id = e.id;
        line.category = std::string(categories[(byte(2) + i) % categories.size()]);
        line.description = "Demo data";
        line.currency = currency_for(e.country);
        line.planned_minor = (static_cast<std::int64_t>(byte(3 + i)) * 200 + 500) * 100;
        line.committed_minor =
            is_past ? line.planned_minor : line.planned_minor * (byte(9 + i) % 100) / 100;
        line.actual_minor = is_past ? line.planned_minor * (85 + byte(15 + i) % 30) / 100 : 0;
        line.source = "demo";
        lines.push_back(std::move(line));
    }
    return lines;
}

result<store::user_record> demo_owner(db::pool& pool, accounts::service& accounts,
                                      std::ostream& out) {
    auto existing = db::run<std::optional<store::user_record>>(
        pool, db::scope{},
        [](db::transaction& tx) { return store::find_user_by_email(tx, demo_email); });
    if (!existing) {
        return std::unexpected(existing.error());
    }
    if (existing->has_value()) {
        return **existing;
    }
    std::string password = crypto::random_base62(20);
    auto opened = accounts.sign_up(demo_email, password, "Demo Owner");
    if (!opened) {
        return std::unexpected(opened.error());
    }
    out << "\n  Demo organization ready. Sign in as the demo owner (shown only this once):\n"
        << "    email:    " << demo_email << "\n"
        << "    password: " << password << "\n\n";
    return store::user_record{.id = opened->user_id, .email = demo_email};
}

}  // namespace

result<void> ensure_demo(db::pool& pool, accounts::service& accounts,
                         const std::filesystem::path& data_dir, std::ostream& out) {
    // Read and check every file before anything is written.
    auto files = listing_files(data_dir);
    if (!files) {
        return std::unexpected(files.error());
    }
    auto listings = importer::read_conference_files(*files);
    if (!listings) {
        return std::unexpected(listings.error());
    }

    auto owner = demo_owner(pool, accounts, out);
    if (!owner) {
        return std::unexpected(owner.error());
    }
    auto orgs = accounts.organizations_of(owner->id);
    if (!orgs) {
        return std::unexpected(orgs.error());
    }
    std::string org_id;
    if (orgs->empty()) {
        auto org = accounts.create_organization(owner->id, demo_organization, "EUR");
        if (!org) {
            return std::unexpected(org.error());
        }
        org_id = org->id;
    } else {
        org_id = orgs->front().id;
    }

    std::string now = today();
    db::scope scope{.org_id = org_id, .user_id = owner->id};
    return db::run<void>(pool, scope, [&](db::transaction& tx) -> result<void> {
        auto first = store::list_events(tx, store::event_filter{.limit = 1});
        if (!first) {
            return std::unexpected(first.error());
        }
        if (!first->events.empty()) {
            // A demo seeded before scores were stored gets them once.
            if (!first->events.front().scores) {
                store::schedule_all_scores(tx);
            }
            return {};
        }

        // Every event is scored once, after the seeding, instead of after each of its writes.
        store::schedule_all_scores(tx);
        for (const auto& listing : *listings) {
            domain::event e = importer::to_event(listing);
            e.source = "demo";
            e.status = e.ends_on < now ? "completed" : e.starts_on <= now ? "live" : "idea";
            auto outcome = store::upsert_event_by_key(tx, e, importer::listing_key(listing));
            if (!outcome) {
                return std::unexpected(outcome.error());
            }
        }

        // Budgets go on the events as stored, one pass after every listing is in.
        store::event_filter all{.limit = 500};
        for (;;) {
            auto page = store::list_events(tx, all);
            if (!page) {
                return std::unexpected(page.error());
            }
            for (const auto& e : page->events) {
                std::string key = e.name + "|" + e.starts_on;
                for (const auto& line : demo_lines(e, key, e.ends_on < now)) {
                    if (auto added = store::insert_line_item(tx, line); !added) {
                        return std::unexpected(added.error());
                    }
                }
            }
            if (!page->next_cursor) {
                break;
            }
            all.cursor = page->next_cursor;
        }
        return store::append_audit(tx, "demo.seeded", "organization", org_id,
                                   nlohmann::json{{"listings", listings->size()}});
    });
}

}  // namespace dott::app
