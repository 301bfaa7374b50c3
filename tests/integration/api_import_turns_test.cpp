// Imports of one organization take turns: at once they neither duplicate events nor trip over
// each other's lines, a dry run gives way to an import that commits, and an import the server
// gives up on when it stops is rolled back.

#include <chrono>
#include <functional>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/spreadsheets.hpp"
#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

/// A tracker of `events` events named "<name> N", each dated and holding `lines` lines, so
/// that an import creates the events it does not find.
std::string tracker(const std::string& name, int events, int lines) {
    std::string csv = "Event,Event date,Category,Planned\r\n";
    for (int e = 1; e <= events; ++e) {
        for (int l = 1; l <= lines; ++l) {
            csv += name + " " + std::to_string(e) + ",2026-03-" + (e < 10 ? "0" : "") +
                   std::to_string(e) + ",Line " + std::to_string(l) + "," + std::to_string(l) +
                   "00\r\n";
        }
    }
    return csv;
}

client_response import_budget(const test_server& server, const member& who, const std::string& csv,
                              const std::string& query = "") {
    return send("POST",
                server.url("/api/v1/orgs/" + who.org_id + "/imports/budget" +
                           (query.empty() ? "" : "?" + query)),
                {{"Content-Type", "text/csv"}, {"Cookie", who.cookie}}, csv);
}

/// Runs `count` calls at once; an answer that never came is status 0 with the reason as body.
std::vector<client_response> at_once(int count, const std::function<client_response(int)>& call) {
    std::vector<client_response> answers(count);
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            try {
                answers[i] = call(i);
            } catch (const std::exception& e) {
                answers[i].body = e.what();
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return answers;
}

/// Waits until an import of the organization holds its turn (`mode` ExclusiveLock for one
/// that commits, ShareLock for a dry run): the advisory lock keyed by the first 32 bits of the
/// organization's id. False after 60 seconds.
bool wait_for_turn(test_server& server, const std::string& org_id, const std::string& mode) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto held = db::run<bool>(
            server.pool(), db::scope{.read_only = true}, [&](db::transaction& tx) -> result<bool> {
                return tx
                    .exec(
                        "select exists (select 1 from pg_locks where locktype = 'advisory' "
                        "and granted and mode = $2 and objsubid = 2 and classid = 1146049609 "
                        "and objid = ('x' || left($1, 8))::bit(32)::bigint::oid)",
                        org_id, mode)[0][0]
                    .as<bool>();
            });
        if (held.value_or(false)) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

int count_of(const json& report, const char* what) {
    return report.at("counts").at(what).get<int>();
}

// Four people import the same tracker at once, naming events that do not exist yet: the first
// creates the events and lines, the others find them unchanged, and the file imports again.
TEST(ApiImportTurns, ConcurrentImportsOfOneFileCreateEachEventAndLineOnce) {
    test_server server;
    auto who = new_member(server, "Busy finance team");
    const std::string csv = tracker("Turn Expo", 10, 3);

    auto answers = at_once(4, [&](int) { return import_budget(server, who, csv); });
    auto again = import_budget(server, who, csv);

    int inserted = 0;
    int created = 0;
    for (const auto& answer : answers) {
        ASSERT_EQ(answer.status, 200) << answer.body;
        auto report = json::parse(answer.body);
        inserted += count_of(report, "insert");
        created += count_of(report, "events_created");
        EXPECT_EQ(count_of(report, "insert") + count_of(report, "unchanged"), 30);
    }
    EXPECT_EQ(inserted, 30);
    EXPECT_EQ(created, 10);
    auto counts = table_counts(server, who.org_id);
    EXPECT_EQ(counts["events"], 10);
    EXPECT_EQ(counts["budget_line_items"], 30);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(count_of(json::parse(again.body), "unchanged"), 30);
}

// The same into events that exist: no import fails on a line another one is writing.
TEST(ApiImportTurns, ConcurrentImportsIntoExistingEventsAllSucceed) {
    test_server server;
    auto who = new_member(server, "Busy events team");
    for (int e = 1; e <= 3; ++e) {
        const std::string day = "2026-03-0" + std::to_string(e);
        create_event(server, who, "Known Expo " + std::to_string(e), day, day);
    }
    const std::string csv = tracker("Known Expo", 3, 10);

    auto answers = at_once(4, [&](int) { return import_budget(server, who, csv); });

    int inserted = 0;
    for (const auto& answer : answers) {
        ASSERT_EQ(answer.status, 200) << answer.body;
        inserted += count_of(json::parse(answer.body), "insert");
    }
    EXPECT_EQ(inserted, 30);
    EXPECT_EQ(table_counts(server, who.org_id)["budget_line_items"], 30);
}

// A dry run is thrown away whatever it finds, so it does not hold up an import that commits:
// it stops, answering 409, and the import goes ahead at once.
TEST(ApiImportTurns, ADryRunGivesWayToAnImportThatCommits) {
    test_server server;
    auto who = new_member(server, "Rehearsing team");
    const std::string rehearsal = tracker("Rehearsal Expo", 10, 400);
    client_response dry;
    std::jthread rehearsing([&] {
        try {
            dry = import_budget(server, who, rehearsal, "dry_run=true");
        } catch (const std::exception& e) {
            dry.body = e.what();
        }
    });
    ASSERT_TRUE(wait_for_turn(server, who.org_id, "ShareLock"));

    auto started = std::chrono::steady_clock::now();
    auto committed = import_budget(server, who, tracker("Real Expo", 2, 5));
    auto waited = std::chrono::steady_clock::now() - started;
    rehearsing.join();

    ASSERT_EQ(committed.status, 200) << committed.body;
    EXPECT_TRUE(json::parse(committed.body).at("committed").get<bool>());
    EXPECT_LT(waited, 10s);
    ASSERT_EQ(dry.status, 409) << dry.body.substr(0, 300);
    EXPECT_NE(json::parse(dry.body).at("detail").get<std::string>().find("dry run stopped"),
              std::string::npos);
    EXPECT_EQ(table_counts(server, who.org_id)["budget_line_items"], 10);
}

// SIGTERM lets requests in flight finish for the drain time, then closes their connections:
// an import still running then gets no answer, so it must not be kept either.
TEST(ApiImportTurns, AnImportCutOffByTheDrainLimitIsRolledBack) {
    // No drain time at all, and a file large enough to be mid-way when the server stops.
    test_server stopping(false, 0s);
    auto who = new_member(stopping, "Team importing at closing time");
    const std::string csv = tracker("Late Expo", 28, 1000);
    client_response answer;
    bool answered = false;
    std::jthread importing([&] {
        try {
            answer = import_budget(stopping, who, csv);
            answered = true;
        } catch (const std::exception&) {
            answered = false;
        }
    });
    ASSERT_TRUE(wait_for_turn(stopping, who.org_id, "ExclusiveLock"));

    auto started = std::chrono::steady_clock::now();
    stopping.stop();
    auto took = std::chrono::steady_clock::now() - started;
    importing.join();

    EXPECT_FALSE(answered && answer.status == 200) << answer.body.substr(0, 300);
    EXPECT_LT(took, 20s);
    auto counts = table_counts(stopping, who.org_id);
    EXPECT_EQ(counts["events"], 0);
    EXPECT_EQ(counts["budget_line_items"], 0);
}

}  // namespace
}  // namespace dott::test
