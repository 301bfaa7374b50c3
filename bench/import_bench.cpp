// How fast a budget tracker of 10,000 and 100,000 rows is read, and whether memory stays flat.
//
// Until the import pipeline (dry run and commit through the store) exists, this measures its
// front half: the streaming CSV reader, the column mapping, and amount and date parsing of
// every row, over a generated file with the quirks real trackers have (quoted cells with
// commas and line breaks, currency symbols, thousands separators, negative amounts in
// parentheses, month-first dates). The ceiling, measured in the same run, is a plain
// std::getline pass over the same file: the cost of reading its bytes at all.
//
// Peak resident memory (getrusage) only ever grows, so the 10,000-row file runs first; if
// reading ten times as many rows left the peak where it was, memory is flat.

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "importer/columns.hpp"
#include "importer/csv.hpp"
#include "importer/values.hpp"

namespace {

namespace fs = std::filesystem;
using namespace dott::importer;

/// Rows of the column sample that decides number format and date order. The pipeline will
/// decide from the whole column; a bounded sample keeps this benchmark's memory flat.
// TODO: benchmark the import pipeline itself (whole-column detection, dry run, commit through
// the store) once it exists; until then the figure covers reading and parsing only, and says
// nothing of the memory a whole-column detection or a commit would take.
constexpr std::size_t detection_rows = 1000;

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

/// Writes a budget tracker of `rows` lines to `path`, one line at a time, deterministically.
void write_tracker(const fs::path& path, std::size_t rows) {
    static const std::vector<std::string> categories = {
        "Venue", "Booth build", "Travel", "Catering", "Swag", "Sponsorship fee", "Staffing"};
    static const std::vector<std::string> vendors = {"Acme Events", "\"Stand & Co, Ltd\"",
                                                     "Blue Line Travel",
                                                     "\"Caterer \"\"Le Chef\"\"\"", "Print Hub"};
    std::mt19937 random(20250101);
    std::ofstream out(path, std::ios::trunc | std::ios::binary);
    out << "\xEF\xBB\xBF"
        << "Event,Event date,Category,Vendor,Description,Planned,Committed,"
        << "Actual,Currency\r\n";
    for (std::size_t i = 0; i < rows; ++i) {
        unsigned cents = random() % 5'000'000;
        unsigned month = 1 + random() % 12;
        unsigned day = 1 + random() % 28;
        out << "Conference " << (i % 997) << ',' << month << '/' << day << "/2025,"
            << categories[i % categories.size()] << ',' << vendors[i % vendors.size()] << ','
            << (i % 50 == 0 ? "\"Two-line note,\r\nsecond line\"" : "Line " + std::to_string(i))
            << ",\"" << dollars(cents) << "\"," << (cents % 3 == 0 ? "(120.00)" : "\"1,250.50\"")
            << ',' << (i % 7 == 0 ? "" : "USD 980.25") << ",USD\r\n";
    }
}

/// Everything read from one file.
struct tally {
    std::size_t rows = 0;
    std::int64_t planned_minor = 0;
    std::size_t dates = 0;
};

/// One streaming pass: the header, then every row mapped and parsed with `numbers` and
/// `dates`. Stops the benchmark with an error on any failure.
tally read_tracker(const fs::path& path, number_format numbers, date_order order,
                   benchmark::State& state) {
    std::ifstream in(path, std::ios::binary);
    csv_reader reader(in);
    csv_record record;
    tally seen;
    if (!reader.read(record).value_or(false)) {
        state.SkipWithError("no header");
        return seen;
    }
    auto mapping = map_columns(import_kind::budget_tracker, record.fields);
    if (!mapping) {
        state.SkipWithError(mapping.error().message.c_str());
        return seen;
    }
    std::vector<std::size_t> amounts;
    for (auto field : {import_field::planned, import_field::committed, import_field::actual}) {
        amounts.push_back(mapping->find(field)->index);
    }
    std::size_t date_column = mapping->find(import_field::event_date)->index;

    for (;;) {
        auto more = reader.read(record);
        if (!more) {
            state.SkipWithError(more.error().message.c_str());
            return seen;
        }
        if (!*more) {
            return seen;
        }
        for (std::size_t column : amounts) {
            if (record.fields[column].empty()) {
                continue;
            }
            auto amount = parse_amount(record.fields[column], numbers, "USD");
            if (!amount) {
                state.SkipWithError(amount.error().message.c_str());
                return seen;
            }
            seen.planned_minor += column == amounts.front() ? amount->minor : 0;
        }
        if (parse_date(record.fields[date_column], order)) {
            ++seen.dates;
        }
        ++seen.rows;
    }
}

/// The formats proven by the first detection_rows rows of the amount and date columns.
std::pair<number_format, date_order> detect_formats(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    csv_reader reader(in);
    csv_record record;
    std::vector<std::string> amounts;
    std::vector<std::string> dates;
    (void)reader.read(record);
    while (amounts.size() < detection_rows && reader.read(record).value_or(false)) {
        amounts.push_back(record.fields[5]);
        dates.push_back(record.fields[1]);
    }
    std::vector<std::string_view> amount_views(amounts.begin(), amounts.end());
    std::vector<std::string_view> date_views(dates.begin(), dates.end());
    auto numbers = detect_number_format(amount_views, 2);
    auto order = detect_date_order(date_views, 2);
    return {numbers ? numbers->format : number_format{}, order ? *order : date_order::month_first};
}

fs::path tracker_file(std::size_t rows) {
    return fs::temp_directory_path() / ("dott_bench_tracker_" + std::to_string(rows) + ".csv");
}

void read_budget_tracker(benchmark::State& state) {
    auto rows = static_cast<std::size_t>(state.range(0));
    auto path = tracker_file(rows);
    write_tracker(path, rows);
    auto [numbers, order] = detect_formats(path);

    tally seen;
    for (auto _ : state) {
        seen = read_tracker(path, numbers, order, state);
    }
    state.counters["rows"] = static_cast<double>(seen.rows);
    state.counters["rows_per_s"] = benchmark::Counter(
        static_cast<double>(seen.rows), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peak_rss_kib"] = static_cast<double>(peak_rss_kib());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(path)));
    fs::remove(path);
}
BENCHMARK(read_budget_tracker)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void getline_ceiling(benchmark::State& state) {
    auto rows = static_cast<std::size_t>(state.range(0));
    auto path = tracker_file(rows);
    write_tracker(path, rows);
    std::string line;
    for (auto _ : state) {
        std::ifstream in(path, std::ios::binary);
        std::size_t lines = 0;
        while (std::getline(in, line)) {
            ++lines;
        }
        benchmark::DoNotOptimize(lines);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(path)));
    fs::remove(path);
}
BENCHMARK(getline_ceiling)->Arg(100'000)->Unit(benchmark::kMillisecond);

/// Prints, after the run, the ratio to the ceiling and how peak memory moved between sizes.
class import_reporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            seconds_[run.benchmark_name()] = run.GetAdjustedRealTime() / 1e3;
            if (auto rss = run.counters.find("peak_rss_kib"); rss != run.counters.end()) {
                rss_[run.benchmark_name()] = rss->second.value;
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void print_summary() const {
        const double small = rss_.at("read_budget_tracker/10000");
        const double large = rss_.at("read_budget_tracker/100000");
        const double seconds = seconds_.at("read_budget_tracker/100000");
        std::printf("import: 100,000 rows in %.2f s (%.0f rows/s)\n", seconds, 100'000 / seconds);
        std::printf("import: ratio to the getline ceiling = %.2f\n",
                    seconds_.at("getline_ceiling/100000") / seconds);
        std::printf(
            "import: peak RSS %.1f MiB after 10,000 rows, %.1f MiB after 100,000 (%+.1f MiB)"
            " %s\n",
            small / 1024, large / 1024, (large - small) / 1024,
            large - small < 4096 ? "PASS: flat" : "FAIL: grows with the file");
    }

  private:
    std::map<std::string, double> seconds_;
    std::map<std::string, double> rss_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    import_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_summary();
    return 0;
}
