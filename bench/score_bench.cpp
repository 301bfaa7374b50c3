// How many events per second the scores of a 10,000-event portfolio are recomputed at.
//
// Today this is the domain step alone: domain::score_event over 10,000 generated events with
// the inputs real events have (roles, milestones, tasks, spend in several currencies with
// dated rates, opportunities sourced and influenced, attendance, feedback), some of them
// missing as they would be. recompute_portfolio() is the one thing the benchmark times; when
// stored scores exist, a store-level recompute (read the inputs, score, write the scorecards,
// in one transaction) replaces its body and the generated inputs become seeded rows.

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "domain/scoring.hpp"

namespace {

using namespace dott::domain;

constexpr std::size_t portfolio_size = 10'000;

std::string date_in_2025(unsigned day_of_year) {
    static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned day = day_of_year % 365;
    unsigned month = 0;
    while (day >= month_days[month]) {
        day -= month_days[month];
        ++month;
    }
    char text[32];
    std::snprintf(text, sizeof(text), "2025-%02u-%02u", month + 1, day + 1);
    return text;
}

/// One event's inputs, drawn from `random`; about one input in six is missing.
scoring_inputs generate_event(std::mt19937& random) {
    auto chance = [&random](unsigned percent) { return random() % 100 < percent; };
    const unsigned start = 30 + random() % 300;
    const char* currencies[] = {"USD", "EUR", "GBP"};

    scoring_inputs in;
    in.today = "2025-12-31";
    in.starts_on = date_in_2025(start);
    in.ends_on = date_in_2025(start + random() % 4);
    in.reporting_currency = "USD";
    in.rates = {{"EUR", "USD", "2025-01-01", 108, 100}, {"GBP", "USD", "2025-01-01", 127, 100}};
    if (chance(85)) {
        in.goals_set_on = date_in_2025(start - 30);
    }
    if (chance(80)) {
        in.targets = {money{static_cast<std::int64_t>(random() % 50'000'000), "USD"}, random() % 40,
                      random() % 300, random() % 2000, date_in_2025(start - 25)};
    }
    in.budget_planned = money{static_cast<std::int64_t>(1'000'000 + random() % 9'000'000),
                              currencies[random() % 3]};
    if (chance(70)) {
        in.budget_locked_on = date_in_2025(start - 20);
    }
    if (chance(90)) {
        in.owner_assigned_on = date_in_2025(start - 40);
    }
    for (const char* role : {"lead", "logistics", "sales"}) {
        in.roles.push_back(
            {role, chance(75) ? std::optional(date_in_2025(start - 15)) : std::nullopt});
    }
    for (unsigned i = 0; i < 4; ++i) {
        in.milestones.push_back(
            {"milestone " + std::to_string(i), date_in_2025(start - 10 + i),
             chance(80) ? std::optional(date_in_2025(start - 11 + i)) : std::nullopt});
    }
    for (unsigned i = 0; i < 8; ++i) {
        in.tasks.push_back({"task " + std::to_string(i), date_in_2025(start - 5 + i),
                            chance(85) ? std::optional(date_in_2025(start - 6 + i)) : std::nullopt,
                            chance(90)});
    }
    if (chance(85)) {
        in.actual_spend = std::vector<money>{
            {static_cast<std::int64_t>(random() % 8'000'000), "USD"},
            {static_cast<std::int64_t>(random() % 2'000'000), currencies[1 + random() % 2]}};
    }
    if (chance(85)) {
        in.leads = random() % 400;
        in.meetings = random() % 50;
        in.registered = 100 + random() % 1900;
        in.attended = *in.registered * (50 + random() % 50) / 100;
        in.no_shows = *in.registered - *in.attended;
        in.engaged = *in.attended / 2;
    }
    if (chance(80)) {
        std::vector<opportunity_input> deals;
        for (unsigned i = 0, n = random() % 12; i < n; ++i) {
            deals.push_back(
                {"opp-" + std::to_string(random()),
                 money{static_cast<std::int64_t>(random() % 20'000'000), currencies[random() % 3]},
                 chance(40) ? attribution::sourced : attribution::influenced, chance(25)});
        }
        in.opportunities = std::move(deals);
    }
    in.proof_count = random() % 5;
    if (chance(70)) {
        in.recap_done_on = date_in_2025(start + 3 + random() % 20);
    }
    if (chance(75)) {
        auto count = static_cast<std::int64_t>(20 + random() % 300);
        auto average = static_cast<std::int64_t>(2 + random() % 4);
        in.feedback = feedback_input{count * average, count};
    }
    return in;
}

std::vector<scoring_inputs> generate_portfolio() {
    std::mt19937 random(42);
    std::vector<scoring_inputs> events;
    events.reserve(portfolio_size);
    for (std::size_t i = 0; i < portfolio_size; ++i) {
        events.push_back(generate_event(random));
    }
    return events;
}

/// Recomputes every event's scorecard; returns how many were scored. The one step to replace
/// with the store-level recompute.
// TODO: time the store-level recompute (read every event's inputs, score, write the stored
// scorecards in one transaction) once stored scores exist; until then this figure leaves out
// the database, which will likely dominate a real recompute.
std::size_t recompute_portfolio(const std::vector<scoring_inputs>& events,
                                const scoring_weights& weights) {
    std::size_t scored = 0;
    for (const auto& event : events) {
        auto card = score_event(event, weights);
        if (card) {
            benchmark::DoNotOptimize(card->combined.value);
            ++scored;
        }
    }
    return scored;
}

void recompute_scores(benchmark::State& state) {
    const auto events = generate_portfolio();
    const auto weights = default_weights();
    std::size_t scored = 0;
    for (auto _ : state) {
        scored = recompute_portfolio(events, weights);
    }
    if (scored != events.size()) {
        state.SkipWithError("some events could not be scored");
        return;
    }
    state.counters["events_per_s"] = benchmark::Counter(
        static_cast<double>(scored), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(recompute_scores)->Unit(benchmark::kMillisecond);

/// Prints the figure the performance notes record.
class score_reporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            if (auto rate = run.counters.find("events_per_s"); rate != run.counters.end()) {
                events_per_second_ = rate->second.value;
                milliseconds_ = run.GetAdjustedRealTime();
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void print_summary() const {
        std::printf("scores: a 10,000-event portfolio in %.1f ms (%.0f events/s)\n", milliseconds_,
                    events_per_second_);
    }

  private:
    double events_per_second_ = 0;
    double milliseconds_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    score_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_summary();
    return 0;
}
