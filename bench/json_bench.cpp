// How much Dott's request-body checks cost over a plain parse of the same body.
// The ceiling is nlohmann/json's own parse, measured in the same run; the output ends with
// the ratios of Dott's parse, and of parse plus schema validation, to that ceiling.

#include <map>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

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
