// Portfolio summaries: totals stay per currency, every figure in the reporting currency says it
// was converted and with which rate, and a missing rate empties a total instead of leaving a
// part out.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

class ApiSummaries : public ::testing::Test {
  protected:
    void SetUp() override {
        owner_ = new_member(server_, "Summaries org");
        base_ = "/api/v1/orgs/" + owner_.org_id;
        call("PATCH", "", {{"reporting_currency", "EUR"}});

        // Two editions of a real conference, one per quarter of 2025.
        winter_ =
            create("/events",
                   {{"name", "FOSDEM"}, {"starts_on", "2025-02-01"}, {"ends_on", "2025-02-02"}});
        spring_ = create(
            "/events",
            {{"name", "Devoxx France"}, {"starts_on", "2025-04-16"}, {"ends_on", "2025-04-18"}});
        line(winter_, "Booth", "EUR", 1'000'000, 950'050);
        line(winter_, "Travel", "USD", 200'000, 210'000);
        line(spring_, "Booth", "USD", 500'000, 0);
        rate("2025-01-01", 9, 10);
        rate("2025-04-01", 92, 100);
    }

    json call(const std::string& method, const std::string& path, const json& body = nullptr,
              int expected = 200) {
        auto res = send_json(server_, method, base_ + path, owner_.cookie,
                             body.is_null() ? "" : body.dump());
        EXPECT_EQ(res.status, expected) << method << " " << path << ": " << res.body;
        return json::parse(res.body, nullptr, false);
    }

    std::string create(const std::string& path, const json& body) {
        return call("POST", path, body, 201).value("id", "");
    }

    void line(const std::string& event, const std::string& category, const std::string& currency,
              std::int64_t planned, std::int64_t actual) {
        create("/events/" + event + "/line-items", {{"category", category},
                                                    {"currency", currency},
                                                    {"planned_minor", planned},
                                                    {"committed_minor", planned},
                                                    {"actual_minor", actual}});
    }

    void rate(const std::string& on, int numerator, int denominator) {
        create("/exchange-rates", {{"from_currency", "USD"},
                                   {"to_currency", "EUR"},
                                   {"effective_on", on},
                                   {"numerator", numerator},
                                   {"denominator", denominator}});
    }

    static const json& named(const json& list, const std::string& key, const std::string& value) {
        for (const auto& item : list) {
            if (item.at(key) == value) {
                return item;
            }
        }
        static const json none;
        ADD_FAILURE() << "no " << key << " " << value << " in " << list.dump();
        return none;
    }

    test_server server_;
    member owner_;
    std::string base_;
    std::string winter_;
    std::string spring_;
};

// Booth: 10,000.00 EUR in Q1, and 5,000.00 USD in Q2 at the Q2 rate 0.92 = 4,600.00 EUR.
// Travel: 2,000.00 USD in Q1 at 0.9 = 1,800.00 EUR; its actual 2,100.00 USD = 1,890.00 EUR.
TEST_F(ApiSummaries, SpendByCategoryAndQuarterConvertsEachQuarterAtItsOwnRate) {
    json spend = call("GET", "/summaries/spend");

    EXPECT_EQ(spend.at("reporting_currency"), "EUR");
    EXPECT_EQ(spend.at("cells").size(), 3u);
    const json& booth = named(spend.at("by_category"), "category", "Booth");
    EXPECT_EQ(booth.at("by_currency").size(), 2u);
    EXPECT_EQ(booth.at("reported").at("planned").at("amount_minor"), 1'460'000);
    EXPECT_EQ(booth.at("reported").at("planned").at("converted"), true);
    EXPECT_EQ(booth.at("reported").at("planned").at("rates_used").size(), 1u);
    EXPECT_EQ(booth.at("reported").at("planned").at("rates_used")[0].at("rate"), "0.92");
    EXPECT_EQ(booth.at("reported").at("actual").at("amount_minor"), 950'050);
    const json& travel = named(spend.at("by_category"), "category", "Travel");
    EXPECT_EQ(travel.at("reported").at("planned").at("amount_minor"), 180'000);
    EXPECT_EQ(travel.at("reported").at("actual").at("amount_minor"), 189'000);
    const json& q1 = named(spend.at("by_quarter"), "quarter", "2025-Q1");
    EXPECT_EQ(q1.at("reported").at("planned").at("amount_minor"), 1'180'000);
    EXPECT_EQ(named(q1.at("by_currency"), "currency", "EUR").at("actual_minor"), 950'050);
    EXPECT_TRUE(spend.at("missing").empty());
}

TEST_F(ApiSummaries, AMissingRateEmptiesTheConvertedTotalAndIsListed) {
    line(winter_, "Catering", "GBP", 300'000, 0);

    json spend = call("GET", "/summaries/spend");

    const json& q1 = named(spend.at("by_quarter"), "quarter", "2025-Q1");
    EXPECT_TRUE(q1.at("reported").at("planned").is_null());
    EXPECT_EQ(named(q1.at("by_currency"), "currency", "GBP").at("planned_minor"), 300'000);
    EXPECT_EQ(spend.at("missing"), json::array({"exchange_rate.GBP_EUR"}));
    // Q2 holds no pounds: its total stands.
    const json& q2 = named(spend.at("by_quarter"), "quarter", "2025-Q2");
    EXPECT_EQ(q2.at("reported").at("planned").at("amount_minor"), 460'000);
}

TEST_F(ApiSummaries, TheDateRangeLimitsEverySummary) {
    json spend = call("GET", "/summaries/spend?from=2025-04-01");
    json scores = call("GET", "/summaries/scores?to=2025-03-31");

    EXPECT_EQ(spend.at("by_quarter").size(), 1u);
    EXPECT_EQ(spend.at("by_quarter")[0].at("quarter"), "2025-Q2");
    EXPECT_EQ(scores.at("scored_events").get<int>() + scores.at("unscored_events").get<int>(), 1);
}

// 10,000.00 USD sourced at the February rate 0.9 is 9,000.00 EUR; 5,000.00 EUR influenced at a
// weight of 40 % adds 2,000.00 EUR.
TEST_F(ApiSummaries, PipelineByEventKeepsCurrenciesAndShowsTheAttributedFigure) {
    std::string sourced = create("/opportunities", {{"external_id", "006A"},
                                                    {"name", "Platform renewal"},
                                                    {"amount_minor", 1'000'000},
                                                    {"currency", "USD"},
                                                    {"stage", "Proposal"}});
    std::string influenced = create("/opportunities", {{"external_id", "006B"},
                                                       {"name", "Expansion"},
                                                       {"amount_minor", 500'000},
                                                       {"currency", "EUR"},
                                                       {"stage", "Closed Won"},
                                                       {"is_closed", true},
                                                       {"is_won", true}});
    create("/events/" + winter_ + "/opportunity-links",
           {{"opportunity_id", sourced}, {"attribution", "sourced"}});
    create("/events/" + winter_ + "/opportunity-links",
           {{"opportunity_id", influenced}, {"attribution", "influenced"}, {"weight_percent", 40}});

    json pipeline = call("GET", "/summaries/pipeline");

    ASSERT_EQ(pipeline.at("events").size(), 1u);
    const json& event = pipeline.at("events")[0];
    EXPECT_EQ(event.at("event_id"), winter_);
    EXPECT_EQ(event.at("opportunities"), 2);
    EXPECT_EQ(named(event.at("by_currency"), "currency", "USD").at("sourced_minor"), 1'000'000);
    EXPECT_EQ(named(event.at("by_currency"), "currency", "EUR").at("influenced_minor"), 500'000);
    EXPECT_EQ(named(event.at("by_currency"), "currency", "EUR").at("won_minor"), 500'000);
    EXPECT_EQ(event.at("attributed_pipeline").at("amount_minor"), 1'100'000);
    EXPECT_EQ(event.at("attributed_pipeline").at("currency"), "EUR");
    EXPECT_EQ(event.at("attributed_pipeline").at("converted"), true);
    EXPECT_TRUE(pipeline.at("next_cursor").is_null());
}

TEST_F(ApiSummaries, PipelinePagesFollowTheCursor) {
    for (const auto& event : {winter_, spring_}) {
        std::string opportunity = create("/opportunities", {{"external_id", "006-" + event},
                                                            {"name", "Deal"},
                                                            {"amount_minor", 100},
                                                            {"currency", "EUR"},
                                                            {"stage", "Proposal"}});
        create("/events/" + event + "/opportunity-links",
               {{"opportunity_id", opportunity}, {"attribution", "sourced"}});
    }

    json first = call("GET", "/summaries/pipeline?limit=1");
    json second = call(
        "GET", "/summaries/pipeline?limit=1&cursor=" + first.at("next_cursor").get<std::string>());

    EXPECT_EQ(first.at("events")[0].at("event_id"), winter_);
    EXPECT_EQ(second.at("events")[0].at("event_id"), spring_);
    EXPECT_TRUE(second.at("next_cursor").is_null());
}

TEST_F(ApiSummaries, ScoreDistributionCountsEveryStoredScore) {
    json scores = call("GET", "/summaries/scores");

    EXPECT_EQ(scores.at("scored_events"), 2);
    EXPECT_EQ(scores.at("unscored_events"), 0);
    int banded = 0;
    for (const auto& band : scores.at("combined_bands")) {
        banded += band.at("events").get<int>();
    }
    EXPECT_EQ(banded, 2);
    int tiered = 0;
    for (const auto& [tier, count] : scores.at("tiers").items()) {
        tiered += count.get<int>();
    }
    EXPECT_EQ(tiered, 2);
    EXPECT_EQ(scores.at("formula_versions"), json::array({1}));
    EXPECT_TRUE(scores.at("means").at("combined").is_number());
}

TEST_F(ApiSummaries, BadQueriesAreRefusedNamingTheParameter) {
    json bad_date = call("GET", "/summaries/spend?from=2025-02-30", nullptr, 422);
    json unknown = call("GET", "/summaries/scores?limit=5", nullptr, 422);
    json cursor = call("GET", "/summaries/pipeline?cursor=bm90LWEtY3Vyc29y", nullptr, 422);

    EXPECT_EQ(bad_date.at("field"), "from");
    EXPECT_EQ(unknown.at("field"), "limit");
    EXPECT_EQ(cursor.at("field"), "cursor");
}

}  // namespace
}  // namespace dott::test
