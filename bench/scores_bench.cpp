// How fast an organization's whole portfolio is scored again, as a new formula version, a new
// exchange rate or a new reporting currency demands: every event of a 10,000-event
// organization, each with budget lines, milestones, tasks, roles, leads, an opportunity link,
// attendance, feedback and proof, gathered, scored and stored in one transaction. Reports
// events per second. Runs on a fresh database of the private test cluster (or the server
// named by DATABASE_URL, DATABASE_OWNER_URL and DATABASE_ADMIN_URL).

#include <cstdlib>
#include <iostream>
#include <string>

#include <benchmark/benchmark.h>

#include "crypto/crypto.hpp"
#include "db/db.hpp"
#include "store/scores.hpp"
#include "support/test_database.hpp"

namespace {

constexpr int portfolio_size = 10'000;

const std::string& org_id() {
    static const std::string id = dott::crypto::random_uuid();
    return id;
}

dott::db::scope org_scope() { return dott::db::scope{.org_id = org_id()}; }

// One statement per table, so that filling the portfolio takes seconds, not the benchmark's
// own time. Every fourth event is an edition of one of 100 series.
const char* const fill_statements[] = {
    "insert into organizations (id, name, reporting_currency) values (app_org(), 'Bench', "
    "'EUR')",
    "insert into exchange_rates (org_id, from_currency, to_currency, effective_on, numerator, "
    "denominator) values (app_org(), 'USD', 'EUR', '2020-01-01', 9, 10)",
    "insert into events (org_id, name, series, starts_on, ends_on, goals, goals_set_on, "
    "target_meetings, target_leads, targets_defined_on, budget_planned_minor, budget_currency) "
    "select app_org(), 'Event ' || i, case when i % 4 = 0 then 'Series ' || (i % 100) end, "
    "date '2024-01-01' + (i % 700), date '2024-01-02' + (i % 700), 'Goals', '2023-12-01', 20, "
    "100, '2023-12-01', 5000000, 'EUR' from generate_series(1, $1) i",
    "insert into budget_line_items (org_id, event_id, category, currency, planned_minor, "
    "actual_minor) select app_org(), id, 'Booth', c, 2000000, 1900000 from events, "
    "unnest(array['EUR', 'USD']) c",
    "insert into milestones (org_id, event_id, name, due_on, done_on) select app_org(), id, "
    "'Milestone ' || n, starts_on - 30 * n, starts_on - 30 * n + (n - 1) from events, "
    "generate_series(1, 2) n",
    "insert into tasks (org_id, event_id, title, due_on, status, done_on) select app_org(), id, "
    "'Task ' || n, starts_on - 10 * n, case when n < 3 then 'done' else 'open' end, "
    "case when n < 3 then starts_on - 10 * n end from events, generate_series(1, 3) n",
    "insert into event_roles (org_id, event_id, role, person_name, assigned_on) select "
    "app_org(), id, 'Booth lead', 'Grace', starts_on - 60 from events",
    "insert into contacts (org_id, full_name) select app_org(), 'Contact ' || i from "
    "generate_series(1, 50) i",
    "insert into leads (org_id, event_id, contact_id, captured_on) select app_org(), e.id, "
    "c.id, e.starts_on from events e, (select id from contacts limit 5) c",
    "insert into opportunities (org_id, external_id, name, amount_minor, currency, stage) "
    "select app_org(), 'OPP-' || row_number() over (), 'Deal', 4000000, 'USD', 'Proposal' "
    "from events",
    "insert into event_opportunities (org_id, event_id, opportunity_id, attribution) select "
    "app_org(), e.id, o.id, 'influenced' from (select id, row_number() over (order by id) n "
    "from events) e join (select id, row_number() over (order by id) n from opportunities) o "
    "using (n)",
    "insert into attendance (org_id, event_id, target, registered, attended, engaged) select "
    "app_org(), id, 50, 60, 45, 30 from events",
    "insert into feedback (org_id, event_id, rating, submitted_on) select app_org(), id, "
    "1 + n % 5, ends_on from events, generate_series(1, 4) n",
    "insert into proof (org_id, event_id, title, url, captured_on) select app_org(), id, "
    "'Deck', 'https://example.com/deck', ends_on from events",
};

void fill_portfolio(dott::db::pool& pool) {
    auto filled =
        dott::db::run<void>(pool, org_scope(), [](dott::db::transaction& tx) -> dott::result<void> {
            for (const char* sql : fill_statements) {
                std::string text = sql;
                if (text.find("$1") != std::string::npos) {
                    tx.exec(text, portfolio_size);
                } else {
                    tx.exec(text);
                }
            }
            return {};
        });
    if (!filled) {
        std::cerr << "scores_bench: filling the portfolio failed: " << filled.error().message
                  << "\n";
        std::exit(1);
    }
}

void score_whole_portfolio(benchmark::State& state) {
    auto& database = dott::test::shared_database();
    static bool filled = false;
    if (!filled) {
        fill_portfolio(database.app_pool());
        filled = true;
    }
    for (auto _ : state) {
        auto scored = dott::db::run<std::size_t>(
            database.app_pool(), org_scope(),
            [](dott::db::transaction& tx) { return dott::store::refresh_all_scores(tx); });
        if (!scored || *scored != static_cast<std::size_t>(portfolio_size)) {
            state.SkipWithError("scoring the portfolio failed");
            return;
        }
    }
    state.counters["events_per_second"] =
        benchmark::Counter(portfolio_size, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(score_whole_portfolio)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
