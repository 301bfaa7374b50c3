#include "app/demo.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/demo_plan.hpp"
#include "common/log.hpp"
#include "crypto/crypto.hpp"
#include "importer/conference.hpp"
#include "importer/load.hpp"
#include "store/accounts.hpp"
#include "store/events.hpp"
#include "store/line_items.hpp"
#include "store/resource.hpp"
#include "store/scores.hpp"

namespace dott::app {
namespace {

using nlohmann::json;
using time_point = std::chrono::system_clock::time_point;

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

/// The time the seeding acts at: the clock's, except while a step of the demo's history is
/// written on the day it happened (a budget locked weeks before its event), which is when
/// the store dates it. Read by the seeding transaction's scope on the seeding thread only.
struct acting_time {
    clock_fn clock;
    std::optional<time_point> at;

    [[nodiscard]] time_point now() const { return at ? *at : clock(); }
};

/// 09:00 UTC on a date written YYYY-MM-DD.
time_point morning_of(const std::string& date) {
    using namespace std::chrono;
    year_month_day day{year{std::stoi(date.substr(0, 4))},
                       month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                       std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
    return sys_days{day} + hours{9};
}

/// Writes a demo portfolio through the store, in the caller's transaction, exactly as the
/// API's writes would: every row passes the same checks and is audited.
class writer {
  public:
    writer(db::transaction& tx, acting_time& acting, std::string today,
           std::vector<std::string> people)
        : tx_(tx), acting_(acting), today_(std::move(today)), people_(std::move(people)) {}

    result<void> write(const demo::portfolio& plan, std::span<const domain::event> listed);

  private:
    result<std::string> add(std::string_view resource, const std::string& event_id,
                            const json& values);
    result<void> write_story(const demo::event_story& story, std::span<const domain::event> listed);
    result<domain::event> write_event(const demo::event_story& story,
                                      std::span<const domain::event> listed);
    result<domain::event> write_budget(const demo::event_story& story, domain::event e);

    /// A row of a resource of the event's record, to be written under the event.
    using record_row = std::pair<std::string_view, json>;
    void add_plan_rows(const demo::event_story& story, std::vector<record_row>& rows) const;
    void add_outcome_rows(const demo::event_story& story, std::vector<record_row>& rows) const;

    db::transaction& tx_;
    acting_time& acting_;
    std::string today_;
    std::vector<std::string> people_;  ///< User ids: the owner, then each colleague.
    std::vector<std::string> contacts_;
    std::vector<std::string> opportunities_;
};

/// Adds `value` under `name` when it is set: a field left out of a new row is null.
template <typename T>
void put(json& values, const char* name, const std::optional<T>& value) {
    if (value) {
        values[name] = *value;
    }
}

result<std::string> writer::add(std::string_view resource, const std::string& event_id,
                                const json& values) {
    const store::resource* r = store::find_resource(resource);
    if (r == nullptr) {
        return fail(errc::internal, "no resource " + std::string(resource));
    }
    auto row = store::insert_row(tx_, *r, event_id, values, today_);
    if (!row) {
        return std::unexpected(row.error());
    }
    return row->contains("id") ? row->at("id").get<std::string>() : std::string();
}

result<void> writer::write(const demo::portfolio& plan, std::span<const domain::event> listed) {
    for (const auto& rate : plan.rates) {
        auto added = add("exchange-rates", "",
                         {{"from_currency", rate.from},
                          {"to_currency", demo::reporting_currency},
                          {"effective_on", rate.effective_on},
                          {"numerator", rate.numerator},
                          {"denominator", rate.denominator}});
        if (!added) {
            return std::unexpected(added.error());
        }
    }
    for (const auto& c : plan.contacts) {
        auto added = add("contacts", "",
                         {{"full_name", c.full_name},
                          {"email", c.email},
                          {"company", c.company},
                          {"job_title", c.job_title}});
        if (!added) {
            return std::unexpected(added.error());
        }
        contacts_.push_back(*added);
    }
    for (const auto& o : plan.opportunities) {
        auto added = add("opportunities", "",
                         {{"crm", "salesforce"},
                          {"external_id", o.external_id},
                          {"name", o.name},
                          {"account", o.account},
                          {"amount_minor", o.amount.minor},
                          {"currency", o.amount.currency},
                          {"stage", o.stage},
                          {"is_closed", o.is_closed},
                          {"is_won", o.is_won},
                          {"close_date", o.close_date}});
        if (!added) {
            return std::unexpected(added.error());
        }
        opportunities_.push_back(*added);
    }
    for (const auto& story : plan.stories) {
        if (auto written = write_story(story, listed); !written) {
            return written;
        }
    }
    return {};
}

result<void> writer::write_story(const demo::event_story& story,
                                 std::span<const domain::event> listed) {
    auto e = write_event(story, listed);
    if (!e) {
        return std::unexpected(e.error());
    }
    auto budgeted = write_budget(story, std::move(*e));
    if (!budgeted) {
        return std::unexpected(budgeted.error());
    }
    for (domain::line_item line : story.lines) {
        line.event_id = budgeted->id;
        if (auto checked = domain::check_line_item(line); !checked) {
            return checked;
        }
        if (auto added = store::insert_line_item(tx_, line); !added) {
            return std::unexpected(added.error());
        }
    }
    std::vector<record_row> rows;
    add_plan_rows(story, rows);
    add_outcome_rows(story, rows);
    for (const auto& [resource, values] : rows) {
        if (auto added = add(resource, budgeted->id, values); !added) {
            return std::unexpected(added.error());
        }
    }
    return {};
}

// A listed event the team runs is changed into the team's event; an event of its own is new.
result<domain::event> writer::write_event(const demo::event_story& story,
                                          std::span<const domain::event> listed) {
    domain::event e = story.event;
    if (story.owner) {
        e.owner_user_id = people_.at(*story.owner);
    }
    if (auto checked = domain::check_event(e); !checked) {
        return std::unexpected(checked.error());
    }
    if (story.listing) {
        return store::update_event(tx_, listed[*story.listing], e);
    }
    return store::insert_event(tx_, e);
}

// The planned total, then the lock on the day it was taken.
result<domain::event> writer::write_budget(const demo::event_story& story, domain::event e) {
    if (!story.budget) {
        return e;
    }
    auto planned = store::set_event_budget(tx_, e, story.budget->minor, story.budget->currency);
    if (!planned || !story.budget_locked_on) {
        return planned;
    }
    acting_.at = morning_of(*story.budget_locked_on);
    auto locked = store::set_event_budget_lock(tx_, *planned, true);
    acting_.at.reset();
    return locked;
}

// Roles, milestones, tasks and speakers.
void writer::add_plan_rows(const demo::event_story& story, std::vector<record_row>& rows) const {
    for (const auto& r : story.roles) {
        json values = {{"role", r.role}};
        if (r.member) {
            values["user_id"] = people_.at(*r.member);
        }
        put(values, "person_name", r.person_name);
        put(values, "assigned_on", r.assigned_on);
        rows.emplace_back("roles", std::move(values));
    }
    for (const auto& m : story.milestones) {
        json values = {{"name", m.name}, {"due_on", m.due_on}};
        put(values, "done_on", m.done_on);
        rows.emplace_back("milestones", std::move(values));
    }
    for (const auto& t : story.tasks) {
        json values = {{"title", t.title}, {"due_on", t.due_on}, {"status", t.status}};
        if (t.owner) {
            values["owner_user_id"] = people_.at(*t.owner);
        }
        put(values, "done_on", t.done_on);
        rows.emplace_back("tasks", std::move(values));
    }
    for (const auto& s : story.speakers) {
        rows.emplace_back("speakers", json{{"full_name", s.full_name},
                                           {"job_title", s.job_title},
                                           {"company", s.company},
                                           {"talk_title", s.talk_title},
                                           {"status", s.status}});
    }
}

// Leads, meetings, links to opportunities, attendance, feedback and proof.
void writer::add_outcome_rows(const demo::event_story& story, std::vector<record_row>& rows) const {
    for (const auto& l : story.leads) {
        rows.emplace_back("leads", json{{"contact_id", contacts_.at(l.contact)},
                                        {"captured_on", l.captured_on},
                                        {"status", l.status},
                                        {"notes", l.notes}});
    }
    for (const auto& m : story.meetings) {
        rows.emplace_back("meetings", json{{"title", m.title},
                                           {"contact_id", contacts_.at(m.contact)},
                                           {"held_on", m.held_on},
                                           {"status", m.status},
                                           {"notes", m.notes}});
    }
    for (const auto& link : story.links) {
        json values = {{"opportunity_id", opportunities_.at(link.opportunity)},
                       {"attribution", link.sourced ? "sourced" : "influenced"}};
        put(values, "weight_percent", link.weight_percent);
        rows.emplace_back("opportunity-links", std::move(values));
    }
    if (story.attendance) {
        const auto& a = *story.attendance;
        json values = json::object();
        put(values, "target", a.target);
        put(values, "registered", a.registered);
        put(values, "attended", a.attended);
        put(values, "no_shows", a.no_shows);
        put(values, "engaged", a.engaged);
        rows.emplace_back("attendance", std::move(values));
    }
    for (const auto& f : story.feedback) {
        json values = {{"rating", f.rating}, {"submitted_on", f.submitted_on}};
        put(values, "comment", f.comment);
        rows.emplace_back("feedback", std::move(values));
    }
    for (const auto& p : story.proof) {
        rows.emplace_back("proof", json{{"title", p.title},
                                        {"url", p.url},
                                        {"captured_on", p.captured_on},
                                        {"kind", p.kind}});
    }
}

/// Every event of the transaction's organization, in start order.
result<std::vector<domain::event>> all_events(db::transaction& tx) {
    std::vector<domain::event> events;
    store::event_filter filter{.limit = 500};
    for (;;) {
        auto page = store::list_events(tx, filter);
        if (!page) {
            return std::unexpected(page.error());
        }
        events.insert(events.end(), page->events.begin(), page->events.end());
        if (!page->next_cursor) {
            return events;
        }
        filter.cursor = page->next_cursor;
    }
}

/// The demo team's colleagues as users of their own and their memberships. Nobody signs in as
/// a colleague: each new account gets the hash of a password that is thrown away. A colleague
/// who already has an account keeps it.
result<std::vector<std::string>> add_colleagues(db::transaction& tx,
                                                const std::vector<demo::colleague>& colleagues) {
    std::vector<std::string> ids;
    for (const demo::colleague& c : colleagues) {
        auto found = store::find_user_by_email(tx, c.email);
        if (!found) {
            return std::unexpected(found.error());
        }
        if (*found) {
            ids.push_back((*found)->id);
        } else {
            auto hash = crypto::hash_password(crypto::random_base62(32));
            if (!hash) {
                return std::unexpected(hash.error());
            }
            auto user = store::insert_user(tx, c.email, c.display_name, *hash);
            if (!user) {
                return std::unexpected(user.error());
            }
            ids.push_back(user->id);
        }
        if (auto joined = store::upsert_membership(tx, ids.back(), c.role); !joined) {
            return std::unexpected(joined.error());
        }
    }
    return ids;
}

/// How many events a seeding stored, and how many of them the demo team runs.
struct seed_counts {
    std::size_t events = 0;
    std::size_t run = 0;
};

/// Seeds the transaction's organization for `today`: every listing as an event, then the
/// portfolio the demo team runs among them, written as `owner_id` (the transaction's user).
result<seed_counts> seed(db::transaction& tx,
                         const std::vector<importer::conference_listing>& listings,
                         const std::string& owner_id, acting_time& acting,
                         const std::string& today) {
    for (const auto& listing : listings) {
        domain::event e = importer::to_event(listing);
        e.source = "demo";
        auto outcome = store::upsert_event_by_key(tx, e, importer::listing_key(listing));
        if (!outcome) {
            return std::unexpected(outcome.error());
        }
    }
    auto listed = all_events(tx);
    if (!listed) {
        return std::unexpected(listed.error());
    }
    demo::portfolio plan = demo::plan_portfolio(*listed, today);

    auto colleagues = add_colleagues(tx, plan.colleagues);
    if (!colleagues) {
        return std::unexpected(colleagues.error());
    }
    std::vector<std::string> people{owner_id};
    people.insert(people.end(), colleagues->begin(), colleagues->end());
    writer w(tx, acting, today, std::move(people));
    if (auto written = w.write(plan, *listed); !written) {
        return std::unexpected(written.error());
    }

    seed_counts counts{.events = listed->size(), .run = plan.stories.size()};
    counts.events += static_cast<std::size_t>(
        std::count_if(plan.stories.begin(), plan.stories.end(),
                      [](const demo::event_story& s) { return !s.listing.has_value(); }));
    auto audited = store::append_audit(
        tx, "demo.seeded", "organization", tx.who().org_id,
        json{{"listings", listings.size()}, {"events", counts.events}, {"run", counts.run}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return counts;
}

/// The demo owner's organization, created (reporting in euros) on the first start.
result<std::string> demo_organization_of(accounts::service& accounts,
                                         const store::user_record& owner) {
    auto orgs = accounts.organizations_of(owner.id);
    if (!orgs) {
        return std::unexpected(orgs.error());
    }
    if (!orgs->empty()) {
        return orgs->front().id;
    }
    auto org = accounts.create_organization(owner.id, demo_organization, demo::reporting_currency);
    if (!org) {
        return std::unexpected(org.error());
    }
    return org->id;
}

}  // namespace

result<void> ensure_demo(db::pool& pool, accounts::service& accounts,
                         const std::filesystem::path& data_dir, std::ostream& out,
                         const clock_fn& clock) {
    const auto started = std::chrono::steady_clock::now();

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
    auto org_id = demo_organization_of(accounts, *owner);
    if (!org_id) {
        return std::unexpected(org_id.error());
    }

    acting_time acting{.clock = clock};
    const std::string today = utc_date(clock());
    db::scope scope{
        .org_id = *org_id, .user_id = owner->id, .clock = [&acting] { return acting.now(); }};
    auto seeded = db::run<std::optional<seed_counts>>(
        pool, scope, [&](db::transaction& tx) -> result<std::optional<seed_counts>> {
            auto first = store::list_events(tx, store::event_filter{.limit = 1});
            if (!first) {
                return std::unexpected(first.error());
            }
            if (!first->events.empty()) {
                // A demo seeded before scores were stored gets them once.
                if (!first->events.front().scores) {
                    store::schedule_all_scores(tx);
                }
                return std::nullopt;
            }

            // Every event is scored once, after the seeding, instead of after each write.
            store::schedule_all_scores(tx);
            return seed(tx, *listings, owner->id, acting, today);
        });
    if (!seeded) {
        return std::unexpected(seeded.error());
    }
    if (*seeded) {
        auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        log::get("app")->info(
            "demo organization seeded: {} events, {} run by the demo team, scored for {} in {} ms",
            (*seeded)->events, (*seeded)->run, today, elapsed.count());
    }
    return {};
}

}  // namespace dott::app
