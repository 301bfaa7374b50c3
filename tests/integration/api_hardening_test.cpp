// Findings of adversarial testing, each kept as a test so that it stays fixed.

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

class ApiHardening : public ::testing::Test {
  protected:
    void SetUp() override {
        m_ = new_member(server_, "Hardening org");
        events_ = "/api/v1/orgs/" + m_.org_id + "/events";
        auto created = send_json(
            server_, "POST", events_, m_.cookie,
            json{{"name", "Summit"}, {"starts_on", "2026-09-01"}, {"ends_on", "2026-09-02"}}
                .dump());
        ASSERT_EQ(created.status, 201) << created.body;
        event_ = events_ + "/" + json::parse(created.body).at("id").get<std::string>();
    }

    /// Runs `count` requests at once and returns their statuses.
    std::vector<long> at_once(int count, const std::function<long(int)>& request) {
        std::vector<long> statuses(count);
        std::vector<std::thread> threads;
        for (int i = 0; i < count; ++i) {
            threads.emplace_back([&, i] { statuses[i] = request(i); });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        return statuses;
    }

    test_server server_;
    member m_;
    std::string events_;
    std::string event_;
};

// A client that sends no If-Match asked for no conflict detection: concurrent writers of one
// event must take turns, never fail with 412.
TEST_F(ApiHardening, ConcurrentPatchesWithoutIfMatchAllSucceed) {
    auto statuses = at_once(12, [&](int i) {
        return send_json(server_, "PATCH", event_, m_.cookie,
                         json{{"venue", "Hall " + std::to_string(i)}}.dump())
            .status;
    });

    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 12);
    auto event = json::parse(send_json(server_, "GET", event_, m_.cookie).body);
    EXPECT_EQ(event.at("version"), 13);
}

TEST_F(ApiHardening, ConcurrentDeletesOfOneEventSucceedOnce) {
    auto statuses =
        at_once(6, [&](int) { return send_json(server_, "DELETE", event_, m_.cookie).status; });

    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 204), 1);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 404), 5);
}

// Every budget writer locks the event before the line; an event's deletion removes its lines.
// Were a line's update to lock the line first, the two could deadlock and one would fail.
TEST_F(ApiHardening, LineUpdatesRacingTheirEventsDeletionNeverDeadlock) {
    for (int round = 0; round < 8; ++round) {
        auto created = send_json(server_, "POST", events_, m_.cookie,
                                 json{{"name", "Race " + std::to_string(round)},
                                      {"starts_on", "2026-11-01"},
                                      {"ends_on", "2026-11-01"}}
                                     .dump());
        ASSERT_EQ(created.status, 201);
        std::string event = events_ + "/" + json::parse(created.body).at("id").get<std::string>();
        auto line = send_json(server_, "POST", event + "/line-items", m_.cookie,
                              json{{"category", "Travel"}, {"currency", "EUR"}}.dump());
        ASSERT_EQ(line.status, 201);
        std::string item =
            event + "/line-items/" + json::parse(line.body).at("id").get<std::string>();

        auto statuses = at_once(4, [&](int i) {
            if (i == 0) {
                return send_json(server_, "DELETE", event, m_.cookie).status;
            }
            return send_json(server_, "PATCH", item, m_.cookie,
                             json{{"planned_minor", 100 * i}}.dump())
                .status;
        });

        EXPECT_EQ(statuses[0], 204);
        for (int i = 1; i < 4; ++i) {
            EXPECT_TRUE(statuses[i] == 200 || statuses[i] == 404) << statuses[i];
        }
    }
}

TEST_F(ApiHardening, IfMatchFollowsStrongComparison) {
    auto patch = [&](const std::string& if_match) {
        return send_json(server_, "PATCH", event_, m_.cookie, json{{"tier", 1}}.dump(),
                         {{"If-Match", if_match}})
            .status;
    };

    EXPECT_EQ(patch("W/\"1\""), 412);
    EXPECT_EQ(patch("\"7\", \"1\""), 200);  // A list that names the current version.
    EXPECT_EQ(patch("*"), 200);
    EXPECT_EQ(patch("\"2\""), 412);
    EXPECT_EQ(patch("garbage"), 412);
}

TEST_F(ApiHardening, TextWithANulCharacterIsRefusedNotCut) {
    auto res = send_json(server_, "PATCH", event_, m_.cookie, R"({"name":"a\u0000b"})");

    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(json::parse(send_json(server_, "GET", event_, m_.cookie).body).at("name"), "Summit");
}

TEST_F(ApiHardening, UnknownTimeZonesAndBlankNamesAreRefused) {
    auto zone =
        send_json(server_, "PATCH", event_, m_.cookie, json{{"time_zone", "Mars/Olympus"}}.dump());
    auto blank = send_json(server_, "PATCH", event_, m_.cookie, json{{"name", "   "}}.dump());
    auto real = send_json(server_, "PATCH", event_, m_.cookie,
                          json{{"time_zone", "America/Argentina/Buenos_Aires"}}.dump());

    EXPECT_EQ(zone.status, 422);
    EXPECT_EQ(json::parse(zone.body).at("field"), "time_zone");
    EXPECT_EQ(blank.status, 422);
    EXPECT_EQ(real.status, 200);
}

TEST_F(ApiHardening, MediaTypeIsMatchedExactlyButCaseInsensitively) {
    std::string body = json{{"tier", 2}}.dump();

    auto upper =
        send("PATCH", server_.url(event_),
             {{"Cookie", m_.cookie}, {"Content-Type", "APPLICATION/JSON; charset=utf-8"}}, body);
    auto lookalike = send("PATCH", server_.url(event_),
                          {{"Cookie", m_.cookie}, {"Content-Type", "application/jsonx"}}, body);

    EXPECT_EQ(upper.status, 200);
    EXPECT_EQ(lookalike.status, 415);
}

// A charset other than UTF-8 would make the server read the text as something it is not.
TEST_F(ApiHardening, JsonInAnotherCharsetIsRefused) {
    std::string body = json{{"tier", 2}}.dump();

    auto latin =
        send("PATCH", server_.url(event_),
             {{"Cookie", m_.cookie}, {"Content-Type", "application/json; charset=latin1"}}, body);
    auto quoted = send(
        "PATCH", server_.url(event_),
        {{"Cookie", m_.cookie}, {"Content-Type", "application/json; charset=\"UTF-8\""}}, body);

    EXPECT_EQ(latin.status, 415);
    EXPECT_NE(json::parse(latin.body).at("detail").get<std::string>().find("UTF-8"),
              std::string::npos);
    EXPECT_EQ(quoted.status, 200) << quoted.body;
}

// A planned total is what the event may spend: never below zero. Lines may be negative, since
// credits and refunds exist.
TEST_F(ApiHardening, APlannedBudgetTotalCannotBeNegative) {
    auto negative = send_json(server_, "PUT", event_ + "/budget", m_.cookie,
                              json{{"planned_minor", -100}, {"currency", "EUR"}}.dump());
    auto zero = send_json(server_, "PUT", event_ + "/budget", m_.cookie,
                          json{{"planned_minor", 0}, {"currency", "EUR"}}.dump());
    auto credit = send_json(
        server_, "POST", event_ + "/line-items", m_.cookie,
        json{{"category", "Refund"}, {"currency", "EUR"}, {"planned_minor", -100}}.dump());

    EXPECT_EQ(negative.status, 422);
    EXPECT_EQ(json::parse(negative.body).at("field"), "/planned_minor");
    EXPECT_EQ(zero.status, 200) << zero.body;
    EXPECT_EQ(credit.status, 201) << credit.body;
}

// Dates are real days between 1900 and 2200, and the message says which rule a date broke.
TEST_F(ApiHardening, EventDatesAreRealDaysWithinTheYearsPeoplePlanIn) {
    auto far = send_json(server_, "PATCH", event_, m_.cookie,
                         json{{"starts_on", "9999-12-30"}, {"ends_on", "9999-12-31"}}.dump());
    auto no_such_day =
        send_json(server_, "PATCH", event_, m_.cookie, json{{"starts_on", "2025-02-30"}}.dump());
    auto last_year = send_json(server_, "PATCH", event_, m_.cookie,
                               json{{"starts_on", "2200-12-31"}, {"ends_on", "2200-12-31"}}.dump());
    auto goals_date = send_json(server_, "PATCH", event_, m_.cookie,
                                json{{"goals", "Meet"}, {"goals_set_on", "1850-01-01"}}.dump());

    ASSERT_EQ(far.status, 422);
    EXPECT_EQ(json::parse(far.body).at("field"), "starts_on");
    EXPECT_EQ(json::parse(far.body).at("detail"),
              "starts_on must be between 1900-01-01 and 2200-12-31");
    ASSERT_EQ(no_such_day.status, 422);
    EXPECT_EQ(json::parse(no_such_day.body).at("detail"),
              "starts_on 2025-02-30 is not a real calendar date");
    ASSERT_EQ(last_year.status, 200) << last_year.body;
    EXPECT_EQ(json::parse(last_year.body).at("ends_at"), "2201-01-01T00:00:00Z");
    EXPECT_EQ(goals_date.status, 422);
    EXPECT_EQ(json::parse(goals_date.body).at("field"), "goals_set_on");
}

// The database holds the same bounds, for writers that do not pass through the domain's check.
TEST_F(ApiHardening, TheDatabaseRefusesEventDatesBeyondTheBounds) {
    std::string event_id = event_.substr(event_.rfind('/') + 1);

    auto written = db::run<bool>(server_.pool(), db::scope{.org_id = m_.org_id},
                                 [&](db::transaction& tx) -> result<bool> {
                                     tx.exec(
                                         "update events set ends_on = '2201-01-01' "
                                         "where id = $1::uuid",
                                         event_id);
                                     return true;
                                 });

    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error().code, errc::invalid_argument);
    EXPECT_EQ(written.error().message.find("events_"), std::string::npos);
}

TEST_F(ApiHardening, ACursorCannotBeReplayedWithTheOtherSort) {
    for (int i = 0; i < 3; ++i) {
        auto created = send_json(server_, "POST", events_, m_.cookie,
                                 json{{"name", "E" + std::to_string(i)},
                                      {"starts_on", "2026-10-0" + std::to_string(i + 1)},
                                      {"ends_on", "2026-10-0" + std::to_string(i + 1)}}
                                     .dump());
        ASSERT_EQ(created.status, 201);
    }
    auto page = json::parse(send_json(server_, "GET", events_ + "?limit=1", m_.cookie).body);
    std::string cursor = page.at("next_cursor");

    auto replayed =
        send_json(server_, "GET", events_ + "?limit=1&sort=-starts_on&cursor=" + cursor, m_.cookie);

    EXPECT_EQ(replayed.status, 422);
}

// A cursor is opaque but not signed: a forged one must be refused by name, not reach the
// database as a value of the wrong type.
TEST_F(ApiHardening, AForgedCursorIsRefusedNamingTheCursor) {
    std::string forged = crypto::base64url_encode(
        json{{"s", "combined"}, {"d", false}, {"v", "abc"}, {"i", crypto::random_uuid()}}.dump());

    auto res = send_json(server_, "GET", events_ + "?sort=combined&cursor=" + forged, m_.cookie);

    EXPECT_EQ(res.status, 422) << res.body;
    EXPECT_EQ(json::parse(res.body).value("field", ""), "cursor");
}

// Nothing about a request is judged before its sender is known: a bad query from nobody is
// 401, from a stranger to the organization the same 404 as for an unknown organization.
TEST_F(ApiHardening, QueriesAreJudgedOnlyAfterTheMembershipCheck) {
    auto stranger = new_member(server_, "Stranger org");
    const std::string bad = "/events?limit=0&foo=bar";

    auto anonymous = send_json(server_, "GET", events_ + "?limit=0", "");
    auto foreign = send_json(server_, "GET", "/api/v1/orgs/" + m_.org_id + bad, stranger.cookie);
    auto unknown =
        send_json(server_, "GET", "/api/v1/orgs/" + crypto::random_uuid() + bad, stranger.cookie);
    auto member = send_json(server_, "GET", events_ + "?limit=0", m_.cookie);

    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(foreign.body, unknown.body);
    EXPECT_EQ(member.status, 422);
}

TEST_F(ApiHardening, UnknownAndRepeatedQueryParametersAreRefused) {
    auto unknown = send_json(server_, "GET", events_ + "?colour=red", m_.cookie);
    auto repeated = send_json(server_, "GET", events_ + "?limit=5&limit=6", m_.cookie);

    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(json::parse(unknown.body).value("field", ""), "colour");
    EXPECT_EQ(repeated.status, 422);
    EXPECT_EQ(json::parse(repeated.body).value("field", ""), "limit");
}

// An event's total per currency is bounded when written, so that no total can overflow later
// and break the portfolio page for everyone in the organization.
TEST_F(ApiHardening, BudgetTotalsOfAnEventStayWithinRange) {
    json line = {{"category", "Booth"}, {"currency", "EUR"}, {"planned_minor", 1000000000000000}};
    auto first = send_json(server_, "POST", event_ + "/line-items", m_.cookie, line.dump());
    auto second = send_json(server_, "POST", event_ + "/line-items", m_.cookie, line.dump());
    auto page =
        send("GET", server_.url("/orgs/" + m_.org_id + "/portfolio"), {{"Cookie", m_.cookie}});

    EXPECT_EQ(first.status, 201);
    EXPECT_EQ(second.status, 422);
    EXPECT_EQ(json::parse(second.body).at("field"), "planned_minor");
    EXPECT_EQ(page.status, 200);
}

TEST_F(ApiHardening, DeletingAnEventAuditsTheMoneyOfItsLines) {
    auto line = send_json(
        server_, "POST", event_ + "/line-items", m_.cookie,
        json{{"category", "Travel"}, {"currency", "EUR"}, {"planned_minor", 777700}}.dump());
    ASSERT_EQ(line.status, 201);
    std::string event_id = event_.substr(event_.rfind('/') + 1);

    ASSERT_EQ(send_json(server_, "DELETE", event_, m_.cookie).status, 204);

    auto detail = db::run<std::string>(
        server_.pool(), db::scope{.org_id = m_.org_id},
        [&](db::transaction& tx) -> result<std::string> {
            auto rows = tx.exec(
                "select detail::text from audit_log where action = 'event.deleted' "
                "and target_id = $1",
                event_id);
            return rows.empty() ? std::string() : rows[0][0].as<std::string>();
        });
    ASSERT_TRUE(detail.has_value());
    auto audited = json::parse(*detail);
    ASSERT_EQ(audited.at("line_items").size(), 1u);
    EXPECT_EQ(audited.at("line_items")[0].at("planned_minor"), 777700);
}

TEST_F(ApiHardening, ForeignOriginsAndHostsAreRefused) {
    auto foreign_origin = send("POST", server_.url("/api/v1/auth/signout"),
                               {{"Cookie", m_.cookie}, {"Origin", "http://127.0.0.1:3000"}});
    auto cross_site = send("POST", server_.url("/api/v1/auth/signout"),
                           {{"Cookie", m_.cookie}, {"Sec-Fetch-Site", "same-site"}});
    auto rebound =
        send("GET", server_.url("/api/v1/me"), {{"Cookie", m_.cookie}, {"Host", "evil.example"}});
    auto own_origin = send_json(server_, "PATCH", event_, m_.cookie, json{{"tier", 3}}.dump(),
                                {{"Origin", server_.url("")}});

    EXPECT_EQ(foreign_origin.status, 403);
    EXPECT_EQ(cross_site.status, 403);
    EXPECT_EQ(rebound.status, 421);
    EXPECT_EQ(own_origin.status, 200);
    EXPECT_EQ(send_json(server_, "GET", "/api/v1/me", m_.cookie).status, 200);
}

}  // namespace
}  // namespace dott::test
