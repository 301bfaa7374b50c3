// How much Dott's request-body checks cost over a plain parse of the same body.
// The ceiling is nlohmann/json's own parse, measured in the same run; the output ends with
// the ratios of Dott's parse, and of parse plus schema validation, to that ceiling. Also the
// time to write the portfolio list's page of 50 events as JSON text, the list's own share of
// a request, against copying the same bytes.

#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "api/detail/representation.hpp"
#include "api/schemas.hpp"
#include "json/json.hpp"
#include "json/schema.hpp"

namespace {

const std::string event_body = R"({
  "name": "PGConf India",
  "type": "conference",
  "status": "planning",
  "tier": 2,
  "series": "PGConf India",
  "starts_on": "2026-03-04",
  "ends_on": "2026-03-06",
  "time_zone": "Asia/Kolkata",
  "city": "Bengaluru",
  "country": "India",
  "venue": "Conrad Bengaluru",
  "url": "https://pgconf.in",
  "online": false,
  "topics": ["data", "opensource", "postgres"]
})";

void plain_parse(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(nlohmann::json::parse(event_body));
    }
}
BENCHMARK(plain_parse);

void dott_parse(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(dott::json::parse(event_body));
    }
}
BENCHMARK(dott_parse);

void dott_parse_and_validate(benchmark::State& state) {
    const auto& schema = dott::api::schemas().at("event_create");
    for (auto _ : state) {
        auto body = dott::json::parse(event_body);
        benchmark::DoNotOptimize(schema.validate(*body));
    }
}
BENCHMARK(dott_parse_and_validate);

/// A page of the portfolio list: 50 scored events, each the event body above as stored.
std::vector<dott::domain::event> event_page() {
    dott::domain::event stored;
    dott::api::detail::apply(nlohmann::json::parse(event_body), stored);
    stored.source = "typed";
    stored.starts_at = "2026-03-03T18:30:00Z";
    stored.ends_at = "2026-03-06T18:30:00Z";
    stored.created_at = stored.updated_at = "2025-11-02T10:15:30.123456Z";
    stored.budget = {.planned_minor = 2'500'000, .currency = "EUR"};
    stored.scores = dott::domain::event_score_summary{58, "tier_2", "adjust", 1, "2026-03-10"};

    std::vector<dott::domain::event> page(50, stored);
    for (std::size_t i = 0; i < page.size(); ++i) {
        page[i].id = "7b1f2c3e-0000-4000-8000-0000000000" + std::to_string(10 + i);
    }
    return page;
}

std::string write_page(const std::vector<dott::domain::event>& page) {
    std::string text;
    dott::json::writer w(text);
    w.begin_object().key("events").begin_array();
    for (const auto& e : page) {
        dott::api::detail::write_json(w, e, true);
    }
    w.end_array().key("next_cursor").null().end_object();
    return text;
}

void write_event_page(benchmark::State& state) {
    const auto page = event_page();
    for (auto _ : state) {
        benchmark::DoNotOptimize(write_page(page));
    }
}
BENCHMARK(write_event_page);

void copy_event_page(benchmark::State& state) {
    const std::string text = write_page(event_page());
    for (auto _ : state) {
        std::string copy(text);
        benchmark::DoNotOptimize(copy);
    }
}
BENCHMARK(copy_event_page);

/// Keeps each benchmark's time per iteration so the ratios can be printed after the run.
class ratio_reporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            times_[run.benchmark_name()] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void print_ratios() const {
        double ceiling = times_.at("plain_parse");
        std::printf("ratio dott_parse / plain_parse = %.2f\n", times_.at("dott_parse") / ceiling);
        std::printf("ratio dott_parse_and_validate / plain_parse = %.2f\n",
                    times_.at("dott_parse_and_validate") / ceiling);
        std::printf("write_event_page: %.1f us a page of 50 events, %.0f times copying it\n",
                    times_.at("write_event_page") / 1e3,
                    times_.at("write_event_page") / times_.at("copy_event_page"));
    }

  private:
    std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_ratios();
    return 0;
}
