// The demo organization a first start creates. Through the API it tells a portfolio's story:
// every tier and decision, combined scores across the bands, totals converted into euros,
// editions of a series compared year over year. It is the same on every fresh database, it is
// seeded once, every row passes the API's own schemas, and on any date it records only what
// has happened by then.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "api/schemas.hpp"
#include "app/demo.hpp"
#include "common/env.hpp"
#include "integration/test_server.hpp"
#include "store/accounts.hpp"
#include "store/line_items.hpp"
#include "store/resource.hpp"
#include "store/summaries.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

std::filesystem::path data_dir() {
    return std::filesystem::path(env("DOTT_SOURCE_DIR").value_or(".")) / "data";
}

/// A clock that stands at noon UTC on `date` (YYYY-MM-DD).
clock_fn noon_of(const std::string& date) {
    using namespace std::chrono;
    year_month_day day{year{std::stoi(date.substr(0, 4))},
                       month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                       std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
    const auto at = sys_days{day} + hours{12};
    return [at] { return at; };
}

/// The demo owner's user id and organization in a database that holds the demo.
db::scope demo_scope(db::pool& pool, accounts::service& accounts) {
    auto owner = db::run<std::optional<store::user_record>>(
        pool, db::scope{},
        [](db::transaction& tx) { return store::find_user_by_email(tx, app::demo_email); });
    EXPECT_TRUE(owner && *owner);
    if (!owner || !*owner) {
        return {};
    }
    auto orgs = accounts.organizations_of((*owner)->id);
    EXPECT_TRUE(orgs && orgs->size() == 1);
    if (!orgs || orgs->empty()) {
        return {};
    }
    return db::scope{.org_id = orgs->front().id, .user_id = (*owner)->id};
}

/// Runs `work` in a read-only transaction of the demo organization, failing the test on error.
template <typename T>
T read(db::pool& pool, const db::scope& scope, std::function<result<T>(db::transaction&)> work) {
    db::scope reader = scope;
    reader.read_only = true;
    auto value = db::run<T>(pool, reader, work);
    EXPECT_TRUE(value.has_value()) << (value ? "" : value.error().message);
    return value ? std::move(*value) : T{};
}

/// One count of a statement over the demo organization's rows, with $1 bound to `date` when
/// one is given.
std::int64_t count_of(db::pool& pool, const db::scope& scope, const std::string& sql,
                      const std::optional<std::string>& date = std::nullopt) {
    return read<std::int64_t>(pool, scope, [&](db::transaction& tx) -> result<std::int64_t> {
        return (date ? tx.exec(sql, *date) : tx.exec(sql))[0][0].as<std::int64_t>();
    });
}

/// Fails the test for every row that says something happened after `today`, or an outcome of
/// an event that has not ended by then.
void expect_nothing_after(db::pool& pool, const db::scope& scope, const std::string& today) {
    const std::map<std::string, std::string> checks = {
        {"rates dated later",
         "select count(*) from exchange_rates where effective_on > $1::date and "
         "effective_on > '2025-01-01'"},
        {"plan steps dated later",
         "select count(*) from events where goals_set_on > $1::date or "
         "targets_defined_on > $1::date or owner_assigned_on > $1::date or "
         "recap_done_on > $1::date or budget_locked_at::date > $1::date"},
        {"milestones done later", "select count(*) from milestones where done_on > $1::date"},
        {"tasks done later", "select count(*) from tasks where done_on > $1::date"},
        {"roles assigned later", "select count(*) from event_roles where assigned_on > $1::date"},
        {"won deals not closed yet",
         "select count(*) from opportunities where is_closed and close_date > $1::date"},
        {"leads of events not over",
         "select count(*) from leads l join events e on e.id = l.event_id "
         "where e.ends_on >= $1::date or l.captured_on > $1::date"},
        {"meetings held at events not over",
         "select count(*) from meetings m join events e on e.id = m.event_id "
         "where m.status <> 'planned' and e.ends_on >= $1::date"},
        {"deals of events not over",
         "select count(*) from event_opportunities l join events e on e.id = l.event_id "
         "where e.ends_on >= $1::date"},
        {"feedback before the end or later",
         "select count(*) from feedback f join events e on e.id = f.event_id "
         "where e.ends_on >= $1::date or f.submitted_on > $1::date"},
        {"proof of events not over",
         "select count(*) from proof p join events e on e.id = p.event_id "
         "where e.ends_on >= $1::date or p.captured_on > $1::date"},
        {"attendance of events not over",
         "select count(*) from attendance a join events e on e.id = a.event_id "
         "where e.ends_on >= $1::date and a.attended is not null"},
        {"spend settled before the event",
         "select count(*) from budget_line_items b join events e on e.id = b.event_id "
         "where e.starts_on > $1::date and b.actual_minor not in (0, b.planned_minor)"},
        {"scores not computed for today",
         "select count(*) from events e left join event_scores s on s.event_id = e.id "
         "where s.computed_for is distinct from $1::date"},
    };
    for (const auto& [what, sql] : checks) {
        EXPECT_EQ(count_of(pool, scope, sql, today), 0) << what << " on " << today;
    }
}

/// Every figure of the spend summary that is given in the reporting currency.
void expect_spend_converted(const json& spend) {
    ASSERT_FALSE(spend.at("by_category").empty());
    for (const char* grouping : {"by_category", "by_quarter"}) {
        for (const auto& group : spend.at(grouping)) {
            for (const char* kind : {"planned", "committed", "actual"}) {
                const json& figure = group.at("reported").at(kind);
                EXPECT_FALSE(figure.is_null()) << grouping << " " << group.dump();
                if (!figure.is_null()) {
                    EXPECT_EQ(figure.at("currency"), "EUR");
                }
            }
        }
    }
}

// The demo as a first start on 30 November 2026 seeds it, read through the API by its owner.
class DemoStory : public ::testing::Test {
  protected:
    static constexpr const char* today = "2026-11-30";

    static void SetUpTestSuite() {
        server_ = std::make_unique<test_server>();
        std::ostringstream printed;
        auto seeded = app::ensure_demo(server_->pool(), server_->accounts(), data_dir(), printed,
                                       noon_of(today));
        ASSERT_TRUE(seeded) << seeded.error().message;

        // The password is printed once, on the line after the email.
        std::string text = printed.str();
        auto at = text.find("password: ");
        ASSERT_NE(at, std::string::npos) << text;
        std::string password = text.substr(at + 10, text.find('\n', at) - at - 10);
        json credentials = {{"email", app::demo_email}, {"password", password}};
        auto signed_in = send_json(*server_, "POST", "/api/v1/auth/signin", "", credentials.dump());
        ASSERT_EQ(signed_in.status, 200) << signed_in.body;
        cookie_ = cookie_of(signed_in);
        scope_ = demo_scope(server_->pool(), server_->accounts());
        base_ = "/api/v1/orgs/" + scope_.org_id;
    }

    static void TearDownTestSuite() { server_.reset(); }

    static json get(const std::string& path) {
        auto res = send_json(*server_, "GET", base_ + path, cookie_);
        EXPECT_EQ(res.status, 200) << path << ": " << res.body;
        return json::parse(res.body, nullptr, false);
    }

    /// Every item of a paged list, following next_cursor.
    static std::vector<json> all(const std::string& path, const std::string& key) {
        std::vector<json> items;
        std::string cursor;
        do {
            std::string sep = path.find('?') == std::string::npos ? "?" : "&";
            json page = get(path + sep + "limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor));
            for (const auto& item : page.at(key)) {
                items.push_back(item);
            }
            cursor =
                page.at("next_cursor").is_null() ? "" : page.at("next_cursor").get<std::string>();
        } while (!cursor.empty());
        return items;
    }

    static std::unique_ptr<test_server> server_;
    static std::string cookie_;
    static std::string base_;
    static db::scope scope_;
};

std::unique_ptr<test_server> DemoStory::server_;
std::string DemoStory::cookie_;
std::string DemoStory::base_;
db::scope DemoStory::scope_;

TEST_F(DemoStory, ScoresSpreadOverTheBandsWithEveryTierAndDecision) {
    json scores = get("/summaries/scores");

    EXPECT_EQ(scores.at("unscored_events"), 0);
    EXPECT_GE(scores.at("scored_events").get<int>(), 842);
    int bands = 0;
    for (const auto& band : scores.at("combined_bands")) {
        bands += band.at("events").get<int>() > 0 ? 1 : 0;
    }
    EXPECT_GE(bands, 6) << scores.dump();
    for (const char* tier : {"tier_1", "tier_2", "tier_3", "cut"}) {
        EXPECT_GT(scores.at("tiers").at(tier).get<int>(), 0) << tier;
    }
    for (const char* decision : {"repeat", "adjust", "cut"}) {
        EXPECT_GT(scores.at("decisions").at(decision).get<int>(), 0) << decision;
    }

    // The team's own events are cut too, not only the listings it never ran.
    EXPECT_GT(count_of(server_->pool(), scope_,
                       "select count(*) from events e join event_scores s on s.event_id = e.id "
                       "where e.status in ('completed', 'reported') and s.tier = 'cut'"),
              0);
}

TEST_F(DemoStory, SummariesConvertEveryTotalIntoEuros) {
    expect_spend_converted(get("/summaries/spend"));

    auto events = all("/summaries/pipeline", "events");
    EXPECT_GE(events.size(), 30u);
    std::int64_t won = 0;
    for (const auto& e : events) {
        EXPECT_FALSE(e.at("attributed_pipeline").is_null()) << e.dump();
        if (!e.at("won_revenue").is_null()) {
            EXPECT_EQ(e.at("won_revenue").at("currency"), "EUR");
            won += e.at("won_revenue").at("amount_minor").get<std::int64_t>();
        }
    }
    EXPECT_GT(won, 0) << "some deals were won";
}

TEST_F(DemoStory, SeriesCompareEditionsYearOverYear) {
    auto recommendations = all("/tier-recommendations", "recommendations");

    int compared = 0;
    int declined = 0;
    for (const auto& r : recommendations) {
        if (r.at("year_over_year_change").is_null()) {
            continue;
        }
        ++compared;
        if (r.at("year_over_year_change").get<int>() <= -10 && r.at("decision") != "cut") {
            EXPECT_EQ(r.at("decision"), "adjust") << r.dump();
            ++declined;
        }
    }
    EXPECT_GE(compared, 20);
    EXPECT_GT(declined, 0);
}

TEST_F(DemoStory, ATeamOfFourRunsAboutEightyEventsAmongTheListings) {
    auto ideas = all("/events?status=idea", "events");
    auto events = all("/events", "events");

    std::size_t run = events.size() - ideas.size();
    EXPECT_GE(run, 60u);
    EXPECT_LE(run, 120u);
    std::set<std::string> types;
    std::set<std::string> owners;
    for (const auto& e : events) {
        EXPECT_EQ(e.at("source"), "demo");
        if (e.at("status") == "idea") {
            EXPECT_TRUE(e.at("owner_user_id").is_null());
            continue;
        }
        types.insert(e.at("type").get<std::string>());
        if (!e.at("owner_user_id").is_null()) {
            owners.insert(e.at("owner_user_id").get<std::string>());
        }
    }
    EXPECT_EQ(types.size(), 6u);
    EXPECT_EQ(owners.size(), 3u);

    // Colleagues are members with their own roles; the viewer owns no event.
    std::map<std::string, int> roles;
    for (const auto& email : {"maya.lindqvist@demo.dott.example", "jonas.weber@demo.dott.example",
                              "priya.raman@demo.dott.example"}) {
        auto user = read<std::optional<store::user_record>>(
            server_->pool(), db::scope{},
            [&](db::transaction& tx) { return store::find_user_by_email(tx, email); });
        ASSERT_TRUE(user.has_value()) << email;
        db::scope as_colleague{.org_id = scope_.org_id, .user_id = user->id};
        auto member = read<store::organization_record>(
            server_->pool(), as_colleague,
            [](db::transaction& tx) { return store::find_membership(tx); });
        ++roles[std::string(domain::to_string(member.role))];
    }
    EXPECT_EQ(roles, (std::map<std::string, int>{{"editor", 2}, {"viewer", 1}}));
}

TEST_F(DemoStory, RecordsNothingAfterItsDate) {
    expect_nothing_after(server_->pool(), scope_, today);
}

// Every row the demo wrote would be accepted by the API that creates it: the same schemas
// (lengths, patterns, bounds, choices) that the store's own checks do not repeat.
TEST_F(DemoStory, EveryRowPassesTheSchemaOfTheRouteThatCreatesIt) {
    auto run_events = read<std::vector<std::string>>(
        server_->pool(), scope_, [](db::transaction& tx) -> result<std::vector<std::string>> {
            std::vector<std::string> ids;
            for (const auto& row :
                 tx.exec("select id::text from events where status <> 'idea' order by id")) {
                ids.push_back(row[0].as<std::string>());
            }
            return ids;
        });
    ASSERT_GE(run_events.size(), 60u);

    std::map<std::string, int> checked;
    auto check = [&](const store::resource& r, const json& row) {
        json body = json::object();
        for (const auto& f : r.fields) {
            if (!row.at(f.name).is_null()) {
                body[std::string(f.name)] = row.at(f.name);
            }
        }
        std::string stem(r.name);
        std::replace(stem.begin(), stem.end(), '-', '_');
        auto valid = api::schemas().at(stem + "_create").validate(body);
        EXPECT_TRUE(valid) << r.name << " " << body.dump() << ": "
                           << (valid ? "" : valid.error().message);
        ++checked[std::string(r.name)];
    };
    read<bool>(server_->pool(), scope_, [&](db::transaction& tx) -> result<bool> {
        for (const auto& r : store::resources()) {
            const bool of_event = r.parent == store::parent_kind::event;
            for (const std::string& event_id :
                 of_event ? run_events : std::vector<std::string>{""}) {
                store::row_query query{.event_id = event_id, .limit = 200};
                for (;;) {
                    auto page = store::list_rows(tx, r, query);
                    if (!page) {
                        return std::unexpected(page.error());
                    }
                    for (const auto& row : page->rows) {
                        check(r, row);
                    }
                    if (!page->next_cursor) {
                        break;
                    }
                    query.cursor = page->next_cursor;
                }
            }
        }
        for (const std::string& event_id : run_events) {
            auto lines = store::list_line_items(tx, event_id, {.limit = 200});
            if (!lines) {
                return std::unexpected(lines.error());
            }
            for (const auto& l : lines->items) {
                json body = {{"category", l.category},
                             {"description", l.description},
                             {"currency", l.currency},
                             {"planned_minor", l.planned_minor},
                             {"committed_minor", l.committed_minor},
                             {"actual_minor", l.actual_minor},
                             {"approval", l.approval}};
                if (l.vendor) {
                    body["vendor"] = *l.vendor;
                }
                EXPECT_TRUE(api::schemas().at("line_item_create").validate(body)) << body.dump();
                EXPECT_EQ(l.source, "demo");
                ++checked["line-items"];
            }
        }
        return true;
    });

    // Every kind of row was written and checked.
    for (const auto& r : store::resources()) {
        EXPECT_GT(checked[std::string(r.name)], 0) << r.name;
    }
    EXPECT_GT(checked["line-items"], 200);
    EXPECT_GT(checked["leads"], 300);
}

/// A demo seeded on `date` into a fresh database of its own.
struct fresh_demo {
    std::unique_ptr<test_database> database;
    std::shared_ptr<accounts::service> accounts;
    std::string printed;

    db::pool& pool() { return database->app_pool(); }
};

fresh_demo seed_fresh(const std::string& date) {
    fresh_demo demo;
    auto created = test_database::create();
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    if (!created) {
        return demo;
    }
    demo.database = std::move(*created);
    demo.accounts =
        std::make_shared<accounts::service>(demo.database->shared_app_pool(), accounts::settings{});
    std::ostringstream printed;
    auto seeded = app::ensure_demo(demo.pool(), *demo.accounts, data_dir(), printed, noon_of(date));
    EXPECT_TRUE(seeded) << (seeded ? "" : seeded.error().message);
    demo.printed = printed.str();
    return demo;
}

/// The story a demo tells, as text: each event with its plan and scores, then how many rows of
/// each table it holds and what its budget lines add up to per currency.
std::string story_of(fresh_demo& demo) {
    db::scope scope = demo_scope(demo.pool(), *demo.accounts);
    return read<std::string>(demo.pool(), scope, [](db::transaction& tx) -> result<std::string> {
        std::ostringstream out;
        for (const auto& row :
             tx.exec("select e.name, e.starts_on::text, e.type, e.status, coalesce(e.series, ''), "
                     "coalesce(e.budget_planned_minor, -1), s.pre_event, s.post_event, s.combined, "
                     "s.tier, s.decision from events e join event_scores s on s.event_id = e.id "
                     "order by e.starts_on, e.name")) {
            for (const auto& field : row) {
                out << field.c_str() << "|";
            }
            out << "\n";
        }
        for (const char* table :
             {"event_roles", "milestones", "tasks", "contacts", "leads", "meetings",
              "opportunities", "event_opportunities", "speakers", "attendance", "feedback", "proof",
              "exchange_rates", "memberships"}) {
            out << table << " "
                << tx.exec(std::string("select count(*) from ") + table)[0][0].c_str() << "\n";
        }
        for (const auto& row :
             tx.exec("select currency, sum(planned_minor)::text, sum(actual_minor)::text "
                     "from budget_line_items group by currency order by currency")) {
            out << row[0].c_str() << " " << row[1].c_str() << " " << row[2].c_str() << "\n";
        }
        return out.str();
    });
}

TEST(DemoSeeding, TellsTheSameStoryOnEveryFreshDatabaseAndSeedsOnlyOnce) {
    fresh_demo first = seed_fresh("2026-11-30");
    fresh_demo second = seed_fresh("2026-11-30");
    ASSERT_TRUE(first.database && second.database);

    std::string story = story_of(first);
    EXPECT_EQ(story, story_of(second));
    EXPECT_NE(first.printed.find("password: "), std::string::npos);

    // A second start finds the demo and neither prints a password nor writes anything.
    std::ostringstream printed;
    auto again =
        app::ensure_demo(first.pool(), *first.accounts, data_dir(), printed, noon_of("2026-12-01"));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(printed.str(), "");
    EXPECT_EQ(story_of(first), story);
    db::scope scope = demo_scope(first.pool(), *first.accounts);
    EXPECT_EQ(count_of(first.pool(), scope,
                       "select count(*) from audit_log where action = 'demo.seeded'"),
              1);
}

// Early in 2025 hardly anything has happened: the demo is mostly plans, yet every total still
// converts and every event is scored.
TEST(DemoSeeding, MakesSenseEarlyInTheFirstYear) {
    const std::string today = "2025-03-01";
    fresh_demo demo = seed_fresh(today);
    ASSERT_TRUE(demo.database);
    db::scope scope = demo_scope(demo.pool(), *demo.accounts);

    expect_nothing_after(demo.pool(), scope, today);
    auto spend = read<json>(demo.pool(), scope, [](db::transaction& tx) {
        return store::spend_by_category_and_quarter(tx, {});
    });
    expect_spend_converted(spend);
    EXPECT_GT(count_of(demo.pool(), scope,
                       "select count(*) from events where status in ('completed', 'reported') "
                       "and ends_on < $1::date",
                       today),
              0);
}

}  // namespace
}  // namespace dott::test
