#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "api/detail/representation.hpp"

namespace dott::api::detail {
namespace {

domain::event full_event() {
    domain::event e;
    e.id = "7b1f2c3e-0000-4000-8000-000000000001";
    e.name = "PGConf \"India\"\n2026";
    e.type = "conference";
    e.status = "planning";
    e.tier = 2;
    e.series = "PGConf India";
    e.owner_user_id = "7b1f2c3e-0000-4000-8000-000000000002";
    e.starts_on = "2026-03-04";
    e.ends_on = "2026-03-06";
    e.time_zone = "Asia/Kolkata";
    e.city = "Bengaluru";
    e.country = "India";
    e.venue = "Conrad \\ Bengaluru";
    e.url = "https://pgconf.in";
    e.online = true;
    e.topics = {"data", "postgres", "caf\xc3\xa9"};
    e.source = "typed";
    e.version = 3;
    e.created_at = "2025-12-01T10:00:00.000000Z";
    e.updated_at = "2025-12-02T10:00:00.000000Z";
    e.budget.planned_minor = 1250000;
    e.budget.currency = "INR";
    e.budget.locked_at = "2025-12-02T10:00:00.000000Z";
    e.budget.locked_by = "7b1f2c3e-0000-4000-8000-000000000002";
    e.start_time = "09:00";
    e.end_time = "18:00";
    e.starts_at = "2026-03-04T03:30:00Z";
    e.ends_at = "2026-03-06T12:30:00Z";
    e.goals = "Meet 40 platform teams";
    e.goals_set_on = "2025-11-20";
    e.targets.pipeline_minor = 50000000;
    e.targets.pipeline_currency = "INR";
    e.targets.meetings = 40;
    e.targets.leads = 200;
    e.targets.defined_on = "2025-11-20";
    e.owner_assigned_on = "2025-11-01";
    e.recap_done_on = "2026-03-12";
    e.scores = domain::event_score_summary{81, "tier_1", "repeat", 2, "2026-03-12"};
    return e;
}

std::string written(const domain::event& e, bool with_scores = false) {
    std::string text;
    json::writer w(text);
    write_json(w, e, with_scores);
    return text;
}

// A list page is written as text and a single event is dumped from a document: both must be
// the same bytes, which holds when the text's keys are sorted and escaped as a dump would be.
TEST(Unit, WrittenEventIsTheDumpOfItsDocument) {
    for (const auto& e : {full_event(), domain::event{}}) {
        auto text = written(e);

        EXPECT_EQ(nlohmann::json::parse(text).dump(), text);
        EXPECT_EQ(to_json(e).dump(), text);
        EXPECT_EQ(scored_json(e).dump(), written(e, true));
        EXPECT_EQ(nlohmann::json::parse(written(e, true)).dump(), written(e, true));
    }
}

TEST(Unit, WrittenEventCarriesEveryFieldWithNullsForMissingOnes) {
    auto full = to_json(full_event());
    auto empty = to_json(domain::event{});

    EXPECT_EQ(full["name"], "PGConf \"India\"\n2026");
    EXPECT_EQ(full["tier"], 2);
    EXPECT_EQ(full["budget"]["planned_minor"], 1250000);
    EXPECT_EQ(full["budget"]["locked"], true);
    EXPECT_EQ(full["topics"].size(), 3u);
    EXPECT_EQ(full.size(), empty.size());
    EXPECT_TRUE(empty["tier"].is_null());
    EXPECT_TRUE(empty["budget"]["currency"].is_null());
    EXPECT_EQ(empty["budget"]["locked"], false);
    EXPECT_EQ(full["target_meetings"], 40);
    EXPECT_EQ(full["start_time"], "09:00");
    EXPECT_FALSE(full.contains("scores"));
    EXPECT_EQ(scored_json(full_event())["scores"]["combined"], 81);
    EXPECT_TRUE(scored_json(domain::event{})["scores"].is_null());
}

}  // namespace
}  // namespace dott::api::detail
