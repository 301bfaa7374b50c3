// Stored scores: computed from the whole record in the transaction of every write of their
// inputs, with the organization's formula, and shown by the API.

#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/role.hpp"
#include "integration/test_server.hpp"
#include "store/accounts.hpp"
#include "store/line_items.hpp"
#include "store/resource.hpp"
#include "store/scores.hpp"

namespace dott::test {
namespace {

using nlohmann::json;
using std::chrono::system_clock;

/// Seconds since the epoch of midday UTC on a date written YYYY-MM-DD.
system_clock::time_point midday(const std::string& date) {
    std::chrono::year_month_day ymd{std::chrono::year(std::stoi(date.substr(0, 4))),
                                    std::chrono::month(std::stoi(date.substr(5, 2))),
                                    std::chrono::day(std::stoi(date.substr(8, 2)))};
    return std::chrono::sys_days(ymd) + std::chrono::hours(12);
}

class ApiScores : public ::testing::Test {
  protected:
    void SetUp() override {
        set_today("2025-06-30");
        owner_ = new_member(server_, "Scores org");
        base_ = "/api/v1/orgs/" + owner_.org_id;
    }

    /// Moves the server's clock to midday of `date`.
    void set_today(const std::string& date) {
        auto by = std::chrono::duration_cast<std::chrono::seconds>(
            midday(date) - (system_clock::now() + std::chrono::seconds(offset_)));
        offset_ += by.count();
        server_.advance(by);
    }

    json call(const std::string& method, const std::string& path, const json& body = nullptr,
              int expected = 0, const member* who = nullptr) {
        auto res = send_json(server_, method, base_ + path, (who ? *who : owner_).cookie,
                             body.is_null() ? "" : body.dump());
        if (expected != 0) {
            EXPECT_EQ(res.status, expected) << method << " " << path << ": " << res.body;
        } else {
            EXPECT_LT(res.status, 300) << method << " " << path << ": " << res.body;
        }
        return res.body.empty() ? json() : json::parse(res.body, nullptr, false);
    }

    /// The stored row of event_scores, read straight from the database after the write's
    /// commit: combined, formula version, and the whole scorecard and recommendation.
    json stored(const std::string& event_id) {
        auto row = db::run<json>(
            server_.pool(), db::scope{.org_id = owner_.org_id, .read_only = true},
            [&](db::transaction& tx) -> result<json> {
                auto rows = tx.exec(
                    "select combined, formula_version, computed_for::text, scorecard::text, "
                    "recommendation::text, pre_event, efficiency, post_event, rox "
                    "from event_scores where event_id = $1::uuid",
                    event_id);
                if (rows.empty()) {
                    return json();
                }
                return json{{"combined", rows[0][0].as<int>()},
                            {"formula_version", rows[0][1].as<int>()},
                            {"computed_for", rows[0][2].as<std::string>()},
                            {"scorecard", json::parse(rows[0][3].c_str())},
                            {"recommendation", json::parse(rows[0][4].c_str())},
                            {"pre_event", rows[0][5].as<int>()},
                            {"efficiency", rows[0][6].as<int>()},
                            {"post_event", rows[0][7].as<int>()},
                            {"rox", rows[0][8].as<int>()}};
            });
        EXPECT_TRUE(row.has_value());
        return row.value_or(json());
    }

    std::string create_event(const json& body) {
        return call("POST", "/events", body, 201).value("id", "");
    }

    /// Adds a member with `role` to the owner's organization.
    member add_member(domain::role role) {
        member m = new_member(server_, "Own org");
        auto added = db::run<void>(
            server_.pool(), db::scope{.org_id = owner_.org_id},
            [&](db::transaction& tx) { return store::upsert_membership(tx, m.user_id, role); });
        EXPECT_TRUE(added.has_value());
        return m;
    }

    /// Rows of a resource written through the store in one transaction, as an import would.
    void insert_rows(const std::string& resource, const std::string& event_id,
                     const std::vector<json>& rows) {
        const store::resource* r = store::find_resource(resource);
        ASSERT_NE(r, nullptr);
        auto done = db::run<void>(
            server_.pool(),
            db::scope{.org_id = owner_.org_id,
                      .user_id = owner_.user_id,
                      .clock = [] { return midday("2025-06-30"); }},
            [&](db::transaction& tx) -> result<void> {
                for (const json& row : rows) {
                    if (auto inserted = store::insert_row(tx, *r, event_id, row, "2025-06-30");
                        !inserted) {
                        return std::unexpected(inserted.error());
                    }
                }
                return {};
            });
        ASSERT_TRUE(done.has_value()) << done.error().message;
    }

    /// The complete event of the engine's unit tests (tests/unit/domain/scoring_test.cpp),
    /// recorded through the API and the store, with the same hand-computed scores.
    std::string record_complete_event() {
        call("POST", "/exchange-rates",
             {{"from_currency", "USD"},
              {"to_currency", "EUR"},
              {"effective_on", "2025-06-01"},
              {"numerator", 9},
              {"denominator", 10}},
             201);
        std::string id = create_event({{"name", "DevOps Days"},
                                       {"starts_on", "2025-06-10"},
                                       {"ends_on", "2025-06-12"},
                                       {"time_zone", "Europe/Amsterdam"},
                                       {"owner_user_id", owner_.user_id},
                                       {"owner_assigned_on", "2025-02-01"},
                                       {"goals", "Pipeline from platform teams"},
                                       {"goals_set_on", "2025-03-01"},
                                       {"target_pipeline_minor", 10'000'000},
                                       {"target_pipeline_currency", "EUR"},
                                       {"target_meetings", 20},
                                       {"target_leads", 200},
                                       {"targets_defined_on", "2025-03-01"},
                                       {"recap_done_on", "2025-06-20"}});
        const std::string event = "/events/" + id;

        // The budget is set and locked on 2025-04-01, before the first day.
        set_today("2025-04-01");
        call("PUT", event + "/budget", {{"planned_minor", 5'000'000}, {"currency", "EUR"}});
        call("POST", event + "/budget/lock");
        set_today("2025-06-30");

        call("POST", event + "/roles",
             {{"role", "Booth lead"}, {"person_name", "Grace"}, {"assigned_on", "2025-04-01"}});
        call("POST", event + "/roles",
             {{"role", "Speaker manager"}, {"person_name", "Alan"}, {"assigned_on", "2025-04-02"}});
        call("POST", event + "/milestones",
             {{"name", "venue booked"}, {"due_on", "2025-04-01"}, {"done_on", "2025-03-30"}});
        call("POST", event + "/milestones",
             {{"name", "materials shipped"}, {"due_on", "2025-06-01"}, {"done_on", "2025-06-03"}});
        for (auto [title, due, done] : {std::tuple{"book hotel", "2025-05-01", "2025-05-01"},
                                        std::tuple{"print flyers", "2025-05-10", "2025-05-09"},
                                        std::tuple{"ship booth", "2025-06-01", "2025-06-05"}}) {
            call("POST", event + "/tasks",
                 {{"title", title},
                  {"due_on", due},
                  {"status", "done"},
                  {"done_on", done},
                  {"owner_user_id", owner_.user_id}});
        }
        call("POST", event + "/tasks", {{"title", "send follow-ups"}, {"due_on", "2025-06-20"}});
        call("POST", event + "/line-items",
             {{"category", "Booth"}, {"currency", "EUR"}, {"actual_minor", 4'000'000}});
        call("POST", event + "/line-items",
             {{"category", "Travel"}, {"currency", "USD"}, {"actual_minor", 1'000'000}});

        // 150 leads, 25 held meetings and 40 answers (10 fives, 30 fours: 170 in all), each
        // kind in one transaction.
        std::vector<json> contacts;
        for (int i = 0; i < 150; ++i) {
            contacts.push_back({{"full_name", "Contact " + std::to_string(i)}});
        }
        insert_rows("contacts", "", contacts);
        auto listed = db::run<std::vector<std::string>>(
            server_.pool(), db::scope{.org_id = owner_.org_id},
            [](db::transaction& tx) -> result<std::vector<std::string>> {
                std::vector<std::string> ids;
                for (const auto& row : tx.exec("select id from contacts")) {
                    ids.push_back(row[0].as<std::string>());
                }
                return ids;
            });
        std::vector<json> leads;
        for (const auto& contact : listed.value_or(std::vector<std::string>{})) {
            leads.push_back({{"contact_id", contact}, {"captured_on", "2025-06-11"}});
        }
        insert_rows("leads", id, leads);
        std::vector<json> meetings(
            25, {{"title", "Briefing"}, {"held_on", "2025-06-11"}, {"status", "held"}});
        insert_rows("meetings", id, meetings);
        std::vector<json> feedback;
        for (int i = 0; i < 40; ++i) {
            feedback.push_back({{"rating", i < 10 ? 5 : 4}, {"submitted_on", "2025-06-13"}});
        }
        insert_rows("feedback", id, feedback);

        call("PUT", event + "/attendance",
             {{"target", 50},
              {"registered", 60},
              {"attended", 45},
              {"no_shows", 15},
              {"engaged", 30}},
             201);
        struct deal {
            const char* external_id;
            long amount;
            const char* currency;
            const char* attribution;
            bool won;
        };
        for (const deal& d : {deal{"opp-a", 6'000'000, "EUR", "sourced", true},
                              deal{"opp-b", 4'000'000, "USD", "influenced", false},
                              deal{"opp-c", 2'000'000, "EUR", "influenced", true}}) {
            json opportunity = call("POST", "/opportunities",
                                    {{"external_id", d.external_id},
                                     {"name", d.external_id},
                                     {"amount_minor", d.amount},
                                     {"currency", d.currency},
                                     {"stage", d.won ? "Closed Won" : "Proposal"},
                                     {"is_closed", d.won},
                                     {"is_won", d.won}},
                                    201);
            call("POST", event + "/opportunity-links",
                 {{"opportunity_id", opportunity.at("id")}, {"attribution", d.attribution}}, 201);
        }
        for (int i = 0; i < 3; ++i) {
            call("POST", event + "/proof",
                 {{"title", "Recap " + std::to_string(i)},
                  {"url", "https://example.com/recap"},
                  {"captured_on", "2025-06-20"}},
                 201);
        }
        return id;
    }

    test_server server_;
    long offset_ = 0;
    member owner_;
    std::string base_;
};

TEST_F(ApiScores, ACompleteEventIsStoredWithTheScoresComputedByHand) {
    ASSERT_EQ(call("PATCH", "", {{"reporting_currency", "EUR"}}).value("reporting_currency", ""),
              "EUR");
    std::string id = record_complete_event();

    json row = stored(id);
    json scores = call("GET", "/events/" + id + "/scores");

    // See the hand computation over complete_inputs() in the engine's unit test.
    EXPECT_EQ(row.at("efficiency"), 70);
    EXPECT_EQ(row.at("pre_event"), 91);
    EXPECT_EQ(row.at("post_event"), 87);
    EXPECT_EQ(row.at("combined"), 89);
    EXPECT_EQ(row.at("rox"), 76);
    EXPECT_EQ(row.at("formula_version"), 1);
    EXPECT_EQ(row.at("computed_for"), "2025-06-30");
    EXPECT_EQ(scores.at("combined").at("value"), 89);
    EXPECT_EQ(scores.at("missing"), json::array());
    EXPECT_EQ(scores.at("formula_version"), 1);
    EXPECT_EQ(scores.at("computed_for"), "2025-06-30");

    // ROI: cost 40 000 EUR + 10 000 USD × 0.9; pipeline 60 000 + (36 000 + 20 000) × 50 %.
    const json& roi = scores.at("roi");
    EXPECT_EQ(roi.at("actual_cost").at("amount_minor"), 4'900'000);
    EXPECT_TRUE(roi.at("actual_cost").at("converted"));
    EXPECT_EQ(roi.at("actual_cost").at("rates_used").at(0).at("rate"), "0.9");
    EXPECT_EQ(roi.at("attributed_pipeline").at("amount_minor"), 8'800'000);
    EXPECT_EQ(roi.at("won_revenue").at("amount_minor"), 7'000'000);
    EXPECT_FALSE(roi.at("won_revenue").at("converted"));
    EXPECT_EQ(roi.at("pipeline_to_cost_percent"), 180);
    EXPECT_EQ(roi.at("roi_percent"), 43);
    EXPECT_EQ(roi.at("cost_per_lead").at("amount_minor"), 32'667);
    EXPECT_EQ(roi.at("cost_per_opportunity").at("amount_minor"), 1'633'333);

    const json& rec = scores.at("recommendation");
    EXPECT_EQ(rec.at("tier"), "tier_1");
    EXPECT_EQ(rec.at("decision"), "repeat");
    EXPECT_NE(rec.at("rationale").get<std::string>().find("Combined score 89"), std::string::npos);

    // What the store gathered for the engine, read from every table of the record.
    auto inputs = db::run<domain::scoring_inputs>(
        server_.pool(), db::scope{.org_id = owner_.org_id, .read_only = true},
        [&](db::transaction& tx) { return store::gather_scoring_inputs(tx, id, "2025-06-30"); });
    ASSERT_TRUE(inputs.has_value()) << inputs.error().message;
    EXPECT_EQ(inputs->leads, 150);
    EXPECT_EQ(inputs->meetings, 25);
    EXPECT_EQ(inputs->feedback->total, 170);
    EXPECT_EQ(inputs->feedback->count, 40);
    EXPECT_EQ(inputs->proof_count, 3);
    EXPECT_EQ(inputs->budget_locked_on, "2025-04-01");
    EXPECT_EQ(inputs->targets.attendees, 50);
    EXPECT_EQ(inputs->actual_spend,
              (std::vector<domain::money>{{4'000'000, "EUR"}, {1'000'000, "USD"}}));
    EXPECT_EQ(inputs->opportunities->size(), 3u);
    EXPECT_EQ(inputs->tasks.size(), 4u);
    EXPECT_EQ(inputs->reporting_currency, "EUR");

    json listed = call("GET", "/events/" + id);
    EXPECT_EQ(listed.at("scores").at("combined"), 89);
    EXPECT_EQ(listed.at("scores").at("tier"), "tier_1");
    EXPECT_EQ(listed.at("target_pipeline_minor"), 10'000'000);
    EXPECT_EQ(listed.at("owner_assigned_on"), "2025-02-01");
}

// Each kind of input, written through the API, changes the stored row by the time the write
// has answered: the scores were computed in the write's own transaction.
TEST_F(ApiScores, EveryWriteOfAnInputChangesTheStoredScores) {
    // A leads target makes the number of leads count.
    std::string id = create_event({{"name", "Field day"},
                                   {"starts_on", "2025-06-10"},
                                   {"ends_on", "2025-06-10"},
                                   {"target_leads", 10}});
    const std::string event = "/events/" + id;
    json last = stored(id);
    ASSERT_FALSE(last.is_null());
    auto changed = [&](const std::string& what) {
        json now = stored(id);
        EXPECT_NE(now.at("scorecard"), last.at("scorecard")) << what;
        last = now;
        return now;
    };
    auto id_of = [](const json& row) { return "/" + row.at("id").get<std::string>(); };

    // Budget lines and the planned total.
    json line = call("POST", event + "/line-items",
                     {{"category", "Booth"}, {"currency", "USD"}, {"actual_minor", 100'000}}, 201);
    changed("line item added");
    call("PUT", event + "/budget", {{"planned_minor", 80'000}, {"currency", "USD"}});
    changed("budget set");
    EXPECT_EQ(last.at("scorecard").at("efficiency").at("breakdown").at(2).at("explanation"),
              "spent 1000.00 USD of a planned 800.00 USD, 25.00% over budget");
    call("PATCH", event + "/line-items" + id_of(line), {{"actual_minor", 70'000}});
    changed("line item changed");
    call("DELETE", event + "/line-items" + id_of(line));
    changed("line item deleted");

    // Milestones and tasks.
    json milestone =
        call("POST", event + "/milestones", {{"name", "Venue"}, {"due_on", "2025-05-01"}}, 201);
    changed("milestone added");
    call("PATCH", event + "/milestones" + id_of(milestone), {{"done_on", "2025-04-30"}});
    changed("milestone done");
    call("DELETE", event + "/milestones" + id_of(milestone));
    changed("milestone deleted");
    json task = call("POST", event + "/tasks", {{"title", "Book"}, {"due_on", "2025-05-01"}}, 201);
    changed("task added");
    call("PATCH", event + "/tasks" + id_of(task), {{"owner_user_id", owner_.user_id}});
    changed("task owned");
    call("DELETE", event + "/tasks" + id_of(task));
    changed("task deleted");

    // Leads: one deleted directly, the other with its contact.
    json ada = call("POST", "/contacts", {{"full_name", "Ada"}}, 201);
    json alan = call("POST", "/contacts", {{"full_name", "Alan"}}, 201);
    call("POST", event + "/leads", {{"contact_id", ada.at("id")}, {"captured_on", "2025-06-10"}},
         201);
    changed("lead added");
    EXPECT_EQ(last.at("scorecard").at("roi").at("missing"),
              json::array({"opportunities", "actual_spend"}));
    json lead = call("POST", event + "/leads",
                     {{"contact_id", alan.at("id")}, {"captured_on", "2025-06-10"}}, 201);
    changed("second lead added");
    call("DELETE", event + "/leads" + id_of(lead));
    changed("lead deleted");

    // Opportunities and their links.
    auto new_opportunity = [&](const std::string& external_id) {
        return call("POST", "/opportunities",
                    {{"external_id", external_id},
                     {"name", "Deal"},
                     {"amount_minor", 500'000},
                     {"currency", "USD"},
                     {"stage", "Proposal"}},
                    201);
    };
    json opportunity = new_opportunity("X-1");
    json link =
        call("POST", event + "/opportunity-links",
             {{"opportunity_id", opportunity.at("id")}, {"attribution", "influenced"}}, 201);
    changed("opportunity linked");
    EXPECT_EQ(last.at("scorecard").at("roi").at("attributed_pipeline").at("amount_minor"), 250'000);
    call("PATCH", event + "/opportunity-links" + id_of(link), {{"weight_percent", 20}});
    changed("link weight changed");
    EXPECT_EQ(last.at("scorecard").at("roi").at("attributed_pipeline").at("amount_minor"), 100'000);
    call("PATCH", "/opportunities" + id_of(opportunity), {{"amount_minor", 1'000'000}});
    changed("linked opportunity changed");
    json second = call(
        "POST", event + "/opportunity-links",
        {{"opportunity_id", new_opportunity("X-2").at("id")}, {"attribution", "sourced"}}, 201);
    changed("second opportunity linked");
    call("DELETE", event + "/opportunity-links" + id_of(second));
    changed("link deleted");

    // Attendance.
    call("PUT", event + "/attendance", {{"registered", 100}, {"attended", 80}}, 201);
    changed("attendance set");
    call("PUT", event + "/attendance", {{"registered", 100}, {"attended", 90}}, 200);
    changed("attendance changed");
    call("DELETE", event + "/attendance");
    changed("attendance cleared");

    // The reporting currency is USD: a EUR target needs a rate, and the rate changes it.
    call("PATCH", event,
         {{"target_pipeline_minor", 1'000'000}, {"target_pipeline_currency", "EUR"}});
    changed("event changed");
    const json& missing = last.at("scorecard").at("missing");
    EXPECT_NE(std::find(missing.begin(), missing.end(), "exchange_rate.EUR_USD"), missing.end());
    json rate = call("POST", "/exchange-rates",
                     {{"from_currency", "EUR"},
                      {"to_currency", "USD"},
                      {"effective_on", "2025-01-01"},
                      {"numerator", 11},
                      {"denominator", 10}},
                     201);
    changed("exchange rate added");
    call("PATCH", "/exchange-rates" + id_of(rate), {{"numerator", 12}});
    changed("exchange rate changed");
    call("DELETE", "/exchange-rates" + id_of(rate));
    changed("exchange rate deleted");

    call("DELETE", "/contacts" + id_of(ada));
    changed("contact and its lead deleted");
    call("DELETE", "/opportunities" + id_of(opportunity));
    changed("opportunity and its link deleted");
}

// A writer outside the API (an import, the command line) gets the same: the store registers
// the event's scoring once however many rows it writes, and runs it before the commit.
TEST_F(ApiScores, ABulkWriteThroughTheStoreScoresItsEventOnceBeforeTheCommit) {
    std::string id = create_event(
        {{"name", "Import target"}, {"starts_on", "2025-06-10"}, {"ends_on", "2025-06-10"}});
    json before = stored(id);
    std::vector<std::string> seen;

    auto done = db::run<void>(
        server_.pool(), db::scope{.org_id = owner_.org_id, .user_id = owner_.user_id},
        [&](db::transaction& tx) -> result<void> {
            for (int i = 0; i < 3; ++i) {
                domain::line_item line;
                line.event_id = id;
                line.category = "Imported";
                line.currency = "EUR";
                line.actual_minor = 1000;
                if (auto added = store::insert_line_item(tx, line); !added) {
                    return std::unexpected(added.error());
                }
            }
            for (const auto& row :
                 tx.exec("select scorecard->'roi'->>'actual_cost_by_currency' from event_scores "
                         "where event_id = $1::uuid",
                         id)) {
                seen.push_back(row[0].c_str());
            }
            EXPECT_TRUE(tx.is_waiting("scores:" + id));
            return {};
        });
    ASSERT_TRUE(done.has_value()) << done.error().message;
    json after = stored(id);

    // Inside the transaction the scores were still those of before; after it, the three lines.
    EXPECT_EQ(seen, std::vector<std::string>{"[]"});
    EXPECT_EQ(before.at("scorecard").at("roi").at("actual_cost_by_currency"), json::array());
    EXPECT_EQ(after.at("scorecard").at("roi").at("actual_cost_by_currency"),
              json::array({{{"amount_minor", 3000}, {"currency", "EUR"}}}));
}

TEST_F(ApiScores, AWriteThatFailsLeavesTheScoresAsTheyWere) {
    std::string id =
        create_event({{"name", "Meetup"}, {"starts_on", "2025-06-10"}, {"ends_on", "2025-06-10"}});
    call("POST", "/events/" + id + "/line-items",
         {{"category", "Room"}, {"currency", "USD"}, {"actual_minor", 1'000'000'000'000'000}}, 201);
    json before = stored(id);

    // A second line would take the event's actual total past 10^15: refused, all of it.
    call("POST", "/events/" + id + "/line-items",
         {{"category", "Room"}, {"currency", "USD"}, {"actual_minor", 1}}, 422);
    // A cost ceiling in EUR, then a change of reporting currency that the formula cannot
    // score with: refused, and the currency stays.
    call("PUT", "/scoring-formula",
         {{"tiers", {{"max_cost_per_opportunity", {{"amount_minor", 100}, {"currency", "USD"}}}}}});
    json after_formula = stored(id);
    call("PATCH", "", {{"reporting_currency", "EUR"}}, 422);

    EXPECT_EQ(stored(id).at("scorecard"), after_formula.at("scorecard"));
    EXPECT_EQ(after_formula.at("scorecard").at("roi"), before.at("scorecard").at("roi"));
    EXPECT_EQ(call("GET", "").at("reporting_currency"), "USD");
}

TEST_F(ApiScores, ANewFormulaScoresEveryEventWithItsVersionInOneTransaction) {
    std::string first =
        create_event({{"name", "One"}, {"starts_on", "2025-06-10"}, {"ends_on", "2025-06-10"}});
    std::string second = create_event({{"name", "Two"},
                                       {"starts_on", "2025-07-10"},
                                       {"ends_on", "2025-07-10"},
                                       {"goals", "Twenty meetings"},
                                       {"goals_set_on", "2025-05-01"}});
    json defaults = call("GET", "/scoring-formula");
    EXPECT_EQ(defaults.at("version"), 1);
    EXPECT_TRUE(defaults.at("is_default"));
    EXPECT_EQ(defaults.at("weights").at("combined").at("pre_event"), 40);

    // Everything on goals: the second event's Pre-Event score becomes 100.
    json goals_only = {{"pre_event",
                        {{"goals_set", 100},
                         {"success_defined", 0},
                         {"budget_locked", 0},
                         {"owner_assigned", 0},
                         {"roles_assigned", 0},
                         {"efficiency", 0}}}};
    json put = call("PUT", "/scoring-formula", goals_only);
    json got = call("GET", "/scoring-formula");

    EXPECT_EQ(put.at("version"), 2);
    EXPECT_EQ(got.at("version"), 2);
    EXPECT_FALSE(got.at("is_default"));
    EXPECT_EQ(got.at("weights").at("pre_event").at("goals_set"), 100);
    EXPECT_EQ(got.at("weights").at("post_event").at("targets_hit"), 30);
    EXPECT_EQ(stored(first).at("formula_version"), 2);
    EXPECT_EQ(stored(second).at("formula_version"), 2);
    EXPECT_EQ(stored(second).at("pre_event"), 100);
    EXPECT_EQ(stored(first).at("pre_event"), 0);

    // The same weights again are no change: no version, no scoring.
    EXPECT_EQ(call("PUT", "/scoring-formula", goals_only).at("version"), 2);
    EXPECT_EQ(call("GET", "/scoring-formula").at("version"), 2);

    // A whole formula as GET shows it goes back in unchanged, cost ceiling included.
    json whole = defaults.at("weights");
    whole["tiers"]["max_cost_per_opportunity"] = {{"amount_minor", 500'000}, {"currency", "USD"}};
    whole["recap_days"] = 30;
    EXPECT_EQ(call("PUT", "/scoring-formula", whole).at("weights"), whole);
    EXPECT_EQ(call("GET", "/scoring-formula").at("weights"), whole);
    EXPECT_EQ(call("GET", "/events/" + first + "/scores").at("formula_version"), 3);
}

// Owners changing the formula at the same moment take turns: each change is a version of its
// own, none is refused, and the last to commit is the current one.
TEST_F(ApiScores, ConcurrentFormulaChangesEachGetTheirOwnVersion) {
    create_event({{"name", "Busy"}, {"starts_on", "2025-06-10"}, {"ends_on", "2025-06-10"}});
    constexpr int writers = 10;
    std::vector<client_response> answers(writers);
    std::vector<std::thread> threads;

    for (int i = 0; i < writers; ++i) {
        threads.emplace_back([&, i] {
            answers[i] = send_json(server_, "PUT", base_ + "/scoring-formula", owner_.cookie,
                                   json{{"recap_days", i + 1}}.dump());
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }

    std::set<int> versions;
    for (const auto& answer : answers) {
        ASSERT_EQ(answer.status, 200) << answer.body;
        versions.insert(json::parse(answer.body).at("version").get<int>());
    }
    EXPECT_EQ(versions.size(), static_cast<std::size_t>(writers));
    EXPECT_EQ(*versions.begin(), 2);
    EXPECT_EQ(*versions.rbegin(), writers + 1);
    EXPECT_EQ(call("GET", "/scoring-formula").at("version"), writers + 1);
}

TEST_F(ApiScores, FormulaBodiesAreCheckedAndOnlyManagersChangeTheFormula) {
    member viewer = add_member(domain::role::viewer);
    member editor = add_member(domain::role::editor);
    json valid = {{"recap_days", 7}};

    call("PUT", "/scoring-formula", valid, 403, &viewer);
    call("PUT", "/scoring-formula", valid, 403, &editor);
    call("PATCH", "", {{"reporting_currency", "EUR"}}, 403, &editor);
    json unknown = call("PUT", "/scoring-formula", {{"colour", 1}}, 422);
    json too_heavy = call("PUT", "/scoring-formula", {{"rox", {{"feedback", 1001}}}}, 422);
    json not_100 = call("PUT", "/scoring-formula", {{"combined", {{"pre_event", 50}}}}, 422);
    json zeros = call("PUT", "/scoring-formula",
                      {{"rox", {{"attendance_rate", 0}, {"feedback", 0}, {"engagement", 0}}}}, 422);

    EXPECT_EQ(not_100.value("field", ""), "combined_pre_event");
    EXPECT_EQ(zeros.value("field", ""), "rox");
    EXPECT_FALSE(unknown.value("detail", "").empty());
    EXPECT_FALSE(too_heavy.value("detail", "").empty());
    EXPECT_EQ(call("GET", "/scoring-formula", nullptr, 200, &viewer).at("version"), 1);
    EXPECT_EQ(call("PUT", "/scoring-formula", valid).at("version"), 2);
}

// The 2025 edition of a series compares itself with the 2024 one; a change to the 2024
// edition reaches the 2025 edition's year-over-year figure in the same transaction.
TEST_F(ApiScores, TheNextEditionOfASeriesSeesTheYearOverYearChange) {
    std::string earlier = create_event({{"name", "Summit 2024"},
                                        {"series", "Summit"},
                                        {"starts_on", "2024-06-10"},
                                        {"ends_on", "2024-06-11"}});
    std::string later = create_event({{"name", "Summit 2025"},
                                      {"series", "Summit"},
                                      {"starts_on", "2025-06-10"},
                                      {"ends_on", "2025-06-11"}});
    json before = stored(later).at("recommendation");
    EXPECT_EQ(before.at("previous_combined_score"), stored(earlier).at("combined"));

    call("PATCH", "/events/" + earlier,
         {{"goals", "Meet the platform teams"},
          {"goals_set_on", "2024-01-10"},
          {"target_meetings", 10},
          {"target_leads", 50},
          {"targets_defined_on", "2024-01-10"},
          {"recap_done_on", "2024-06-15"}});
    call("POST", "/events/" + earlier + "/proof",
         {{"title", "Deck"}, {"url", "https://example.com/deck"}, {"captured_on", "2024-06-15"}},
         201);
    int earlier_combined = stored(earlier).at("combined");
    json after = stored(later).at("recommendation");
    int later_combined = stored(later).at("combined");

    EXPECT_GT(earlier_combined, before.at("previous_combined_score").get<int>());
    EXPECT_EQ(after.at("previous_combined_score"), earlier_combined);
    EXPECT_EQ(after.at("year_over_year_change"), later_combined - earlier_combined);
    EXPECT_NE(after.at("rationale").get<std::string>().find("in the previous edition"),
              std::string::npos);

    // Moving the earlier edition to another series, and back, moves the comparison with it.
    call("PATCH", "/events/" + earlier, {{"series", "Other summit"}});
    EXPECT_TRUE(stored(later).at("recommendation").at("previous_combined_score").is_null());
    call("PATCH", "/events/" + earlier, {{"series", "Summit"}});
    EXPECT_EQ(stored(later).at("recommendation").at("previous_combined_score"), earlier_combined);

    // Deleting the earlier edition leaves the later one without a previous edition.
    call("DELETE", "/events/" + earlier);
    EXPECT_TRUE(stored(later).at("recommendation").at("previous_combined_score").is_null());
}

TEST_F(ApiScores, TierRecommendationsAreListedBestFirstWithFiltersAndACursor) {
    for (int i = 0; i < 3; ++i) {
        create_event({{"name", "Event " + std::to_string(i)},
                      {"starts_on", "2025-06-1" + std::to_string(i)},
                      {"ends_on", "2025-06-1" + std::to_string(i)},
                      {"goals", i > 0 ? json("Goals") : json(nullptr)},
                      {"goals_set_on", i > 0 ? json("2025-01-01") : json(nullptr)},
                      {"recap_done_on", i > 1 ? json("2025-06-13") : json(nullptr)}});
    }

    json first = call("GET", "/tier-recommendations?limit=2");
    json rest = call("GET", "/tier-recommendations?limit=2&cursor=" +
                                first.at("next_cursor").get<std::string>());
    json cut = call("GET", "/tier-recommendations?tier=cut&decision=cut");
    call("GET", "/tier-recommendations?tier=tier_9", nullptr, 422);
    call("GET", "/tier-recommendations?colour=red", nullptr, 422);

    ASSERT_EQ(first.at("recommendations").size(), 2u);
    ASSERT_EQ(rest.at("recommendations").size(), 1u);
    EXPECT_TRUE(rest.at("next_cursor").is_null());
    EXPECT_EQ(first.at("recommendations").at(0).at("event").at("name"), "Event 2");
    EXPECT_GE(first.at("recommendations").at(0).at("combined_score").get<int>(),
              first.at("recommendations").at(1).at("combined_score").get<int>());
    EXPECT_EQ(rest.at("recommendations").at(0).at("event").at("name"), "Event 0");
    EXPECT_EQ(cut.at("recommendations").size(), 3u);
    EXPECT_FALSE(first.at("recommendations").at(0).at("rationale").get<std::string>().empty());
    EXPECT_TRUE(first.at("recommendations").at(0).contains("year_over_year_change"));
    EXPECT_TRUE(first.at("recommendations").at(0).contains("cost_per_opportunity"));
}

TEST_F(ApiScores, EventsAreSortedByNameAndCombinedScoreWithACursor) {
    create_event({{"name", "Bravo"}, {"starts_on", "2025-06-10"}, {"ends_on", "2025-06-10"}});
    create_event({{"name", "Alpha"},
                  {"starts_on", "2025-06-12"},
                  {"ends_on", "2025-06-12"},
                  {"goals", "Goals"},
                  {"goals_set_on", "2025-01-01"}});
    create_event({{"name", "Charlie"}, {"starts_on", "2025-06-11"}, {"ends_on", "2025-06-11"}});

    json by_name = call("GET", "/events?sort=name&limit=2");
    json by_name_rest = call(
        "GET", "/events?sort=name&limit=2&cursor=" + by_name.at("next_cursor").get<std::string>());
    json by_score = call("GET", "/events?sort=-combined");
    call("GET", "/events?sort=-combined&cursor=" + by_name.at("next_cursor").get<std::string>(),
         nullptr, 422);
    call("GET", "/events?sort=colour", nullptr, 422);

    EXPECT_EQ(by_name.at("events").at(0).at("name"), "Alpha");
    EXPECT_EQ(by_name.at("events").at(1).at("name"), "Bravo");
    EXPECT_EQ(by_name_rest.at("events").at(0).at("name"), "Charlie");
    EXPECT_EQ(by_score.at("events").at(0).at("name"), "Alpha");
    EXPECT_FALSE(by_score.at("events").at(0).at("scores").is_null());
}

TEST_F(ApiScores, BudgetLinesAreFilteredSortedAndPaged) {
    std::string id =
        create_event({{"name", "Expo"}, {"starts_on", "2025-06-10"}, {"ends_on", "2025-06-10"}});
    const std::string lines = "/events/" + id + "/line-items";
    call("POST", lines, {{"category", "Travel"}, {"currency", "EUR"}, {"planned_minor", 300}}, 201);
    call("POST", lines, {{"category", "Booth"}, {"currency", "EUR"}, {"planned_minor", 100}}, 201);
    call("POST", lines, {{"category", "Booth"}, {"currency", "USD"}, {"planned_minor", 200}}, 201);

    json booth = call("GET", lines + "?category=Booth&sort=-planned_minor");
    json eur = call("GET", lines + "?currency=EUR&approval=draft&sort=planned_minor&limit=1");
    json eur_rest =
        call("GET", lines + "?currency=EUR&approval=draft&sort=planned_minor&limit=1&cursor=" +
                        eur.at("next_cursor").get<std::string>());
    call("GET", lines + "?approval=maybe", nullptr, 422);
    call("GET", lines + "?vendor=x", nullptr, 422);
    call("GET", lines + "?sort=vendor", nullptr, 422);

    ASSERT_EQ(booth.at("line_items").size(), 2u);
    EXPECT_EQ(booth.at("line_items").at(0).at("planned_minor"), 200);
    ASSERT_EQ(eur.at("line_items").size(), 1u);
    EXPECT_EQ(eur.at("line_items").at(0).at("planned_minor"), 100);
    ASSERT_EQ(eur_rest.at("line_items").size(), 1u);
    EXPECT_EQ(eur_rest.at("line_items").at(0).at("planned_minor"), 300);
    EXPECT_TRUE(eur_rest.at("next_cursor").is_null());
}

// Wall-clock times are kept as the programme says them: 09:00 to 18:00 in Berlin on both days
// of a conference across the change to summer time (the night of 28 to 29 March 2026).
TEST_F(ApiScores, AConferenceAcrossADaylightSavingChangeKeepsItsWallClockTimes) {
    std::string id = create_event({{"name", "Berlin Summit"},
                                   {"starts_on", "2026-03-28"},
                                   {"ends_on", "2026-03-29"},
                                   {"start_time", "09:00"},
                                   {"end_time", "18:00"},
                                   {"time_zone", "Europe/Berlin"}});

    json e = call("GET", "/events/" + id);

    EXPECT_EQ(e.at("starts_on"), "2026-03-28");
    EXPECT_EQ(e.at("start_time"), "09:00");
    EXPECT_EQ(e.at("ends_on"), "2026-03-29");
    EXPECT_EQ(e.at("end_time"), "18:00");
    EXPECT_EQ(e.at("time_zone"), "Europe/Berlin");
    EXPECT_EQ(e.at("starts_at"), "2026-03-28T08:00:00Z");
    EXPECT_EQ(e.at("ends_at"), "2026-03-29T16:00:00Z");
    call("PATCH", "/events/" + id, {{"start_time", "9:00"}}, 422);
    call("POST", "/events",
         {{"name", "Backwards"},
          {"starts_on", "2026-03-28"},
          {"ends_on", "2026-03-28"},
          {"start_time", "18:00"},
          {"end_time", "09:00"}},
         422);
}

}  // namespace
}  // namespace dott::test
