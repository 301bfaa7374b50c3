#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "importer/csv.hpp"
#include "integration/spreadsheets.hpp"
#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

struct run_result {
    int status = -1;
    std::string output;  ///< Standard output and error together.
};

/// Runs the built `dott` binary against the test database, as an operator would.
run_result run_dott(const std::string& arguments) {
    const std::string command = "DATABASE_URL='" + shared_database().app_url() +
                                "' DOTT_LOG_FORMAT=text " DOTT_BINARY " " + arguments + " 2>&1";
    run_result result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// A directory of its own for one test's files, removed at the end.
class scratch_directory {
  public:
    scratch_directory() {
        static std::mt19937_64 random{std::random_device{}()};
        path_ =
            std::filesystem::temp_directory_path() / ("dott-cli-test-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~scratch_directory() { std::filesystem::remove_all(path_); }

    /// Writes a file and returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(path_ / name, std::ios::binary) << content;
        return (path_ / name).string();
    }

    [[nodiscard]] std::string path(const std::string& name) const {
        return (path_ / name).string();
    }

  private:
    std::filesystem::path path_;
};

TEST(CliSpreadsheets, ImportsWithDryRunAndExportsEndToEnd) {
    test_server server;
    auto who = new_member(server, "Command line team");
    auto stranger = new_member(server, "Someone else");
    create_event(server, who, "Axe-con", "2025-02-25", "2025-02-27");
    create_event(server, who, "Test Coast", "2025-05-15", "2025-05-15");
    create_event(server, who, "API Conference London", "2025-05-12", "2025-05-15");
    create_event(server, who, "Droidcon Italy", "2025-11-19", "2025-11-20");
    scratch_directory files;
    const auto tracker = files.write("BUDGET_TRACKER_v14_FINAL_v2.csv", messy_budget_csv());
    const auto broken = files.write("tracker-v3.csv", messy_budget_csv(3));
    const auto report = files.write("salesforce.csv", salesforce_csv());
    const std::string as = " --org " + who.org_id + " --as " + who.email;
    auto empty = table_counts(server, who.org_id);

    auto dry = run_dott("import budget " + tracker + as + " --dry-run");
    auto after_dry = table_counts(server, who.org_id);
    auto imported = run_dott("import budget " + tracker + as);
    auto crm = run_dott("import crm " + report + as + " --crm salesforce --json");
    auto counts = table_counts(server, who.org_id);
    auto bad = run_dott("import budget " + broken + as);
    auto exported =
        run_dott("export line-items" + as + " --format csv --out " + files.path("lines.csv"));
    auto xlsx_to_terminal = run_dott("export events" + as + " --format xlsx");
    auto not_member =
        run_dott("import budget " + tracker + " --org " + who.org_id + " --as " + stranger.email);

    EXPECT_EQ(dry.status, 0) << dry.output;
    EXPECT_NE(dry.output.find("would insert 8"), std::string::npos) << dry.output;
    EXPECT_NE(dry.output.find("dry run: nothing was written"), std::string::npos);
    EXPECT_EQ(after_dry, empty);

    EXPECT_EQ(imported.status, 0) << imported.output;
    EXPECT_NE(imported.output.find("total EUR: actual 19700.50 committed 26200.50 planned "
                                   "26950.50"),
              std::string::npos)
        << imported.output;
    EXPECT_EQ(line_totals(server, who).at("EUR").at("planned_minor"), 2'695'050);

    ASSERT_EQ(crm.status, 0) << crm.output;
    auto reports = json::parse(crm.output);
    EXPECT_EQ(reports.at(0).at("committed"), true);
    EXPECT_EQ(reports.at(0).at("file"), "salesforce.csv");
    EXPECT_EQ(reports.at(0).at("counts").at("links_inserted"), 2);

    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.output.find("row 13, column B (Event date)"), std::string::npos) << bad.output;
    EXPECT_NE(bad.output.find("nothing was written"), std::string::npos);
    EXPECT_EQ(table_counts(server, who.org_id), counts);

    // The exported file adds up to what was imported, currency by currency.
    ASSERT_EQ(exported.status, 0) << exported.output;
    std::ifstream lines(files.path("lines.csv"), std::ios::binary);
    importer::csv_reader reader(lines);
    importer::csv_record record;
    std::map<std::string, std::int64_t> planned_cents;
    ASSERT_TRUE(reader.read(record).value_or(false));
    EXPECT_EQ(record.fields.at(8), "planned");
    while (reader.read(record).value_or(false)) {
        std::string amount = record.fields.at(8);
        amount.erase(std::remove(amount.begin(), amount.end(), '.'), amount.end());
        planned_cents[record.fields.at(7)] += std::stoll(amount);
    }
    EXPECT_EQ(planned_cents, (std::map<std::string, std::int64_t>{
                                 {"CHF", 999'999}, {"EUR", 2'695'050}, {"GBP", 485'000}}));

    EXPECT_EQ(xlsx_to_terminal.status, 1);
    EXPECT_NE(xlsx_to_terminal.output.find("--out"), std::string::npos);
    EXPECT_EQ(not_member.status, 1);
    EXPECT_NE(not_member.output.find("is not a member"), std::string::npos) << not_member.output;
}

}  // namespace
}  // namespace dott::test
