// How fast a budget tracker of 10,000 and of 100,000 rows is imported, and whether memory
// stays flat: the whole pipeline, as `dott import budget` runs it. The file is read twice
// (formats decided over whole columns, then every row planned), every row written through the
// store with its checks and audit entry, the events it names created on their first row, each
// touched event scored once before the commit, and the transaction committed. It runs on a
// fresh database of the private test cluster (or the server named by DATABASE_URL,
// DATABASE_OWNER_URL and DATABASE_ADMIN_URL), each size into an organization of its own.
//
// The tracker is generated with the quirks real ones have (quoted cells with commas and line
// breaks, currency symbols, thousands separators, negative amounts in parentheses, month-first
// dates) and spread over one event for every 250 rows, a quarter of the 1,000 lines an event
// may hold, with the rows of the events interleaved as a tracker sorted by date has them.
//
// Peak resident memory (getrusage) only ever grows, so the 10,000-row file runs first; if
// importing ten times as many rows leaves the peak where it was, memory is flat.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "crypto/crypto.hpp"
#include "db/db.hpp"
#include "importer/import.hpp"
#include "store/accounts.hpp"
#include "support/test_database.hpp"

namespace {

namespace fs = std::filesystem;
using namespace dott;

constexpr std::size_t rows_per_event = 250;

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/// An amount as a US spreadsheet shows it: "$12,345.05".
std::string dollars(unsigned cents) {
    unsigned whole = cents / 100;
    char text[32];
    if (whole >= 1000) {
        std::snprintf(text, sizeof(text), "$%u,%03u.%02u", whole / 1000, whole % 1000, cents % 100);
    } else {
        std::snprintf(text, sizeof(text), "$%u.%02u", whole, cents % 100);
    }
    return text;
}

/// The date of event `n` as a US tracker writes it (month first): one day of 2025 or 2026.
std::string event_date(std::size_t n) {
    using namespace std::chrono;
    const year_month_day day{sys_days{2025y / January / 1} + days((n * 7) % 720)};
    return std::to_string(static_cast<unsigned>(day.month())) + "/" +
           std::to_string(static_cast<unsigned>(day.day())) + "/" +
           std::to_string(static_cast<int>(day.year()));
}

/// Writes a budget tracker of `rows` lines to `path`, one line at a time, deterministically.
void write_tracker(const fs::path& path, std::size_t rows) {
    static const std::vector<std::string> categories = {
        "Venue", "Booth build", "Travel", "Catering", "Swag", "Sponsorship fee", "Staffing"};
    static const std::vector<std::string> vendors = {"Acme Events", "\"Stand & Co, Ltd\"",
                                                     "Blue Line Travel",
                                                     "\"Caterer \"\"Le Chef\"\"\"", "Print Hub"};
    const std::size_t events = (rows + rows_per_event - 1) / rows_per_event;
    std::mt19937 random(20250101);
    std::ofstream out(path, std::ios::trunc | std::ios::binary);
    out << "\xEF\xBB\xBF"
        << "Event,Event date,Category,Vendor,Description,Planned,Committed,"
        << "Actual,Currency\r\n";
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t event = i % events;
        unsigned cents = random() % 5'000'000;
        out << "Conference " << event << ',' << event_date(event) << ','
            << categories[i % categories.size()] << ',' << vendors[i % vendors.size()] << ','
            << (i % 50 == 0 ? "\"Two-line note " + std::to_string(i) + ",\r\nsecond line\""
                            : "Line " + std::to_string(i))
            << ",\"" << dollars(cents) << "\"," << (cents % 3 == 0 ? "(120.00)" : "\"1,250.50\"")
            << ',' << (i % 7 == 0 ? "" : "USD 980.25") << ",USD\r\n";
    }
}

/// A new organization with its owner, for one import.
db::scope new_organization(db::pool& pool) {
    const std::string email = crypto::random_uuid() + "@bench.example";
    auto user = db::run<store::user_record>(pool, db::scope{}, [&](db::transaction& tx) {
        return store::insert_user(tx, email, "Bench", "no password");
    });
    db::scope scope{.org_id = crypto::random_uuid(), .user_id = user ? user->id : ""};
    auto org = db::run<store::organization_record>(pool, scope, [](db::transaction& tx) {
        return store::insert_organization(tx, "Bench imports", "USD");
    });
    if (!user || !org) {
        std::fprintf(stderr, "import_bench: cannot create an organization\n");
        std::exit(1);
    }
    return scope;
}

/// Imports `path` and commits; the report, or the failure.
result<importer::import_report> import_file(db::pool& pool, const db::scope& scope,
                                            const fs::path& path) {
    auto opener = importer::open_table({.format = importer::spreadsheet_format::csv, .path = path});
    if (!opener) {
        return std::unexpected(opener.error());
    }
    importer::import_options options{.kind = importer::import_kind::budget_tracker,
                                     .file_name = path.filename().string(),
                                     .reporting_currency = "USD",
                                     .today = "2026-01-15"};
    std::vector<importer::import_report> reports;
    auto done = db::run<bool>(pool, scope, [&](db::transaction& tx) -> result<bool> {
        reports.clear();
        auto made = importer::run_import(tx, *opener, options);
        if (!made) {
            return std::unexpected(made.error());
        }
        reports.push_back(std::move(*made));
        return importer::finish(reports);
    });
    auto outcome = importer::outcome(done, std::move(reports), 1);
    if (!outcome) {
        return std::unexpected(outcome.error());
    }
    return std::move(outcome->front());
}

fs::path tracker_file(std::size_t rows) {
    return fs::temp_directory_path() / ("dott_bench_tracker_" + std::to_string(rows) + ".csv");
}

/// Imports a new tracker into a new organization, then the same file again (every line
/// unchanged), as a team does with the next version of its spreadsheet.
void import_budget_tracker(benchmark::State& state) {
    auto rows = static_cast<std::size_t>(state.range(0));
    auto path = tracker_file(rows);
    write_tracker(path, rows);
    auto& pool = test::shared_database().app_pool();
    const db::scope scope = new_organization(pool);

    double first_seconds = 0;
    double again_seconds = 0;
    for (auto _ : state) {
        for (double* seconds : {&first_seconds, &again_seconds}) {
            auto started = std::chrono::steady_clock::now();
            auto report = import_file(pool, scope, path);
            *seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (!report || !report->committed || report->count(importer::row_action::error) != 0 ||
                report->rows != rows) {
                state.SkipWithError(report ? "the import was not committed whole"
                                           : report.error().message.c_str());
                fs::remove(path);
                return;
            }
            if (seconds == &first_seconds && report->count(importer::row_action::insert) != rows) {
                state.SkipWithError("the first import did not insert every row");
            }
        }
    }
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["import_s"] = first_seconds;
    state.counters["reimport_s"] = again_seconds;
    state.counters["rows_per_s"] = static_cast<double>(rows) / first_seconds;
    state.counters["peak_rss_kib"] = static_cast<double>(peak_rss_kib());
    fs::remove(path);
}
BENCHMARK(import_budget_tracker)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

/// Prints, after the run, the seconds of each size and how peak memory moved between them.
class import_reporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            if (run.error_occurred) {
                failed_ = true;
                continue;
            }
            for (const char* name : {"import_s", "reimport_s", "peak_rss_kib"}) {
                if (auto found = run.counters.find(name); found != run.counters.end()) {
                    figures_[run.benchmark_name()][name] = found->second.value;
                }
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }

    /// False when a size failed.
    bool print_summary() const {
        const auto small = figures_.find("import_budget_tracker/10000/iterations:1/real_time");
        const auto large = figures_.find("import_budget_tracker/100000/iterations:1/real_time");
        if (failed_ || small == figures_.end() || large == figures_.end()) {
            std::printf("import: FAIL: an import did not complete\n");
            return false;
        }
        for (const auto& [rows, figures] :
             {std::pair{10'000, small->second}, std::pair{100'000, large->second}}) {
            std::printf(
                "import: %d rows in %.2f s (%.0f rows/s), the same file again in %.2f s;"
                " peak RSS %.1f MiB\n",
                rows, figures.at("import_s"), rows / figures.at("import_s"),
                figures.at("reimport_s"), figures.at("peak_rss_kib") / 1024);
        }
        const double growth = large->second.at("peak_rss_kib") - small->second.at("peak_rss_kib");
        std::printf("import: peak RSS %+.1f MiB from 10,000 to 100,000 rows %s\n", growth / 1024,
                    growth < 4096 ? "PASS: flat" : "FAIL: grows with the file");
        return growth < 4096;
    }

  private:
    std::map<std::string, std::map<std::string, double>> figures_;
    bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    import_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    return reporter.print_summary() ? 0 : 1;
}
