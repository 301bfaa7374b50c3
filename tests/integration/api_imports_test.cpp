#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "importer/xlsx.hpp"
#include "integration/spreadsheets.hpp"
#include "integration/test_server.hpp"
#include "store/accounts.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

constexpr const char* csv_type = "text/csv; charset=utf-8";
constexpr const char* xlsx_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

client_response upload(const test_server& server, const member& who, const std::string& kind,
                       const std::string& body, const std::string& query = "",
                       const std::string& type = csv_type) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", type}};
    if (!who.cookie.empty()) headers.emplace_back("Cookie", who.cookie);
    return send("POST",
                server.url("/api/v1/orgs/" + who.org_id + "/imports/" + kind +
                           (query.empty() ? "" : "?" + query)),
                headers, body);
}

/// The events of an organization by name.
std::map<std::string, json> events_by_name(const test_server& server, const member& who) {
    auto res =
        send_json(server, "GET", "/api/v1/orgs/" + who.org_id + "/events?limit=200", who.cookie);
    std::map<std::string, json> events;

    // Held in a variable: a range-for does not keep a temporary inside its range alive.
    json document = json::parse(res.body);
    for (const auto& e : document.at("events")) {
        events[e.at("name").get<std::string>()] = e;
    }
    return events;
}

/// The links of an event to opportunities.
json links_of(const test_server& server, const member& who, const std::string& event_id) {
    auto res = send_json(
        server, "GET", "/api/v1/orgs/" + who.org_id + "/events/" + event_id + "/opportunity-links",
        who.cookie);
    return json::parse(res.body).at("opportunity_links");
}

/// Organization A with the conferences its tracker names (one it does not: the import creates
/// it), and organization B with two of them.
class ApiImports : public ::testing::Test {
  protected:
    void SetUp() override {
        a_ = new_member(server_, "Events team A");
        b_ = new_member(server_, "Events team B");
        a_axe_ = create_event(server_, a_, "Axe-con", "2025-02-25", "2025-02-27");
        create_event(server_, a_, "Test Coast", "2025-05-15", "2025-05-15");
        a_london_ = create_event(server_, a_, "API Conference London", "2025-05-12", "2025-05-15");
        create_event(server_, a_, "Droidcon Italy", "2025-11-19", "2025-11-20");
        b_axe_ = create_event(server_, b_, "Axe-con", "2025-02-25", "2025-02-27");
        b_coast_ = create_event(server_, b_, "Test Coast", "2025-05-15", "2025-05-15");
    }

    test_server server_;
    member a_;
    member b_;
    std::string a_axe_;
    std::string a_london_;
    std::string b_axe_;
    std::string b_coast_;
};

// Every quirk of a real tracker, then every total to the cent, per currency.
TEST_F(ApiImports, MessyBudgetCsvImportsEveryLineToTheCent) {
    auto before = table_counts(server_, a_.org_id);

    auto dry = upload(server_, a_, "budget", messy_budget_csv(), "dry_run=true&file_name=v14.csv");
    auto after_dry = table_counts(server_, a_.org_id);
    auto committed = upload(server_, a_, "budget", messy_budget_csv(), "file_name=v14.csv");

    ASSERT_EQ(dry.status, 200) << dry.body;
    auto plan = json::parse(dry.body);
    EXPECT_EQ(plan.at("dry_run"), true);
    EXPECT_EQ(plan.at("committed"), false);
    EXPECT_EQ(plan.at("header_row"), 3);
    EXPECT_EQ(plan.at("counts"), (json{{"rows", 9},
                                       {"insert", 8},
                                       {"update", 0},
                                       {"unchanged", 0},
                                       {"skipped", 1},
                                       {"error", 0},
                                       {"events_created", 1}}));
    EXPECT_EQ(plan.at("rows").at(0).at("description"), "Booth 10 m\xC2\xB2 incl. power");
    EXPECT_EQ(plan.at("rows").at(0).at("event_id"), a_axe_);
    EXPECT_EQ(after_dry, before);

    ASSERT_EQ(committed.status, 200) << committed.body;
    auto done = json::parse(committed.body);
    EXPECT_EQ(done.at("committed"), true);
    EXPECT_EQ(done.at("counts").at("insert"), 8);
    EXPECT_EQ(done.at("totals").at("EUR").at("planned"), "26950.50");
    auto formats = done.at("formats");
    EXPECT_EQ(formats.at(0), (json{{"column", "B"},
                                   {"field", "event_date"},
                                   {"source", "detected"},
                                   {"date_order", "day_first"}}));
    EXPECT_EQ(formats.at(1).at("decimal_mark"), "comma");

    auto totals = line_totals(server_, a_);
    EXPECT_EQ(totals.at("EUR"), (std::map<std::string, std::int64_t>{{"planned_minor", 2'695'050},
                                                                     {"committed_minor", 2'620'050},
                                                                     {"actual_minor", 1'970'050}}));
    EXPECT_EQ(totals.at("GBP"), (std::map<std::string, std::int64_t>{{"planned_minor", 485'000},
                                                                     {"committed_minor", 450'000},
                                                                     {"actual_minor", 472'500}}));
    EXPECT_EQ(totals.at("CHF"),
              (std::map<std::string, std::int64_t>{
                  {"planned_minor", 999'999}, {"committed_minor", 0}, {"actual_minor", 0}}));
    EXPECT_EQ(totals.size(), 3u);

    // The unknown event was created on the row's date; the audit log names the import.
    auto events = events_by_name(server_, a_);
    ASSERT_TRUE(events.contains("Brand New Summit"));
    EXPECT_EQ(events["Brand New Summit"].at("starts_on"), "2025-04-03");
    auto after = table_counts(server_, a_.org_id);
    EXPECT_EQ(after["budget_line_items"], before["budget_line_items"] + 8);
    EXPECT_EQ(after["events"], before["events"] + 1);
    auto audit = db::run<json>(
        server_.pool(), db::scope{.org_id = a_.org_id}, [](db::transaction& tx) -> result<json> {
            auto rows = tx.exec(
                "select actor_user_id::text, target_id, detail::text from audit_log "
                "where action = 'import.budget'");
            if (rows.size() != 1) return fail(errc::not_found, "one import entry expected");
            return json{{"actor", rows[0][0].as<std::string>()},
                        {"file", rows[0][1].as<std::string>()},
                        {"detail", json::parse(rows[0][2].as<std::string>())}};
        });
    ASSERT_TRUE(audit.has_value()) << audit.error().message;
    EXPECT_EQ(audit->at("actor"), a_.user_id);
    EXPECT_EQ(audit->at("file"), "v14.csv");
    EXPECT_EQ(audit->at("detail").at("inserted"), 8);
    EXPECT_EQ(audit->at("detail").at("events_created"), 1);
}

TEST_F(ApiImports, ReimportingChangesNothingAndALaterVersionUpdatesItsLines) {
    ASSERT_EQ(upload(server_, a_, "budget", messy_budget_csv()).status, 200);
    auto lines_before =
        send_json(server_, "GET", "/api/v1/orgs/" + a_.org_id + "/exports/line-items?format=json",
                  a_.cookie)
            .body;
    auto counts = table_counts(server_, a_.org_id);

    auto again = upload(server_, a_, "budget", messy_budget_csv());
    auto lines_after =
        send_json(server_, "GET", "/api/v1/orgs/" + a_.org_id + "/exports/line-items?format=json",
                  a_.cookie)
            .body;
    auto counts_after = table_counts(server_, a_.org_id);
    auto later = upload(server_, a_, "budget", messy_budget_csv(2));

    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(json::parse(again.body).at("counts").at("unchanged"), 8);
    EXPECT_EQ(json::parse(again.body).at("counts").at("insert"), 0);
    EXPECT_EQ(json::parse(again.body).at("counts").at("events_created"), 0);
    EXPECT_EQ(lines_after, lines_before);
    EXPECT_EQ(counts_after["budget_line_items"], counts["budget_line_items"]);
    EXPECT_EQ(counts_after["events"], counts["events"]);
    EXPECT_EQ(counts_after["audit_log"], counts["audit_log"] + 1);  // the import itself

    ASSERT_EQ(later.status, 200) << later.body;
    auto report = json::parse(later.body);
    EXPECT_EQ(report.at("counts").at("update"), 1);
    EXPECT_EQ(report.at("counts").at("insert"), 1);
    EXPECT_EQ(report.at("counts").at("unchanged"), 7);
    EXPECT_EQ(report.at("rows").at(1).at("changed"), json::array({"actual_minor"}));
    auto totals = line_totals(server_, a_);
    EXPECT_EQ(totals.at("EUR").at("actual_minor"), 1'970'050 - 3'000);
    EXPECT_EQ(totals.at("EUR").at("planned_minor"), 2'695'050 + 42'000);
    EXPECT_EQ(table_counts(server_, a_.org_id)["budget_line_items"],
              counts["budget_line_items"] + 1);
}

TEST_F(ApiImports, ABadFileWritesNothingAndNamesEveryBadCell) {
    ASSERT_EQ(upload(server_, a_, "budget", messy_budget_csv()).status, 200);
    auto counts = table_counts(server_, a_.org_id);
    auto totals = line_totals(server_, a_);

    auto bad = upload(server_, a_, "budget", messy_budget_csv(3));

    ASSERT_EQ(bad.status, 422) << bad.body;
    auto problem = json::parse(bad.body);
    EXPECT_EQ(problem.at("detail"), "3 rows have errors; nothing was written");
    EXPECT_EQ(problem.at("field"), "row 13, column B");
    auto errors = problem.at("report").at("errors");
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors.at(0).at("header"), "Event date");
    EXPECT_NE(errors.at(0).at("message").get<std::string>().find("31/02/2025"), std::string::npos);
    EXPECT_EQ(errors.at(1).at("row"), 14);
    EXPECT_EQ(errors.at(1).at("column"), "F");
    EXPECT_EQ(errors.at(1).at("field"), "planned");
    EXPECT_EQ(errors.at(2).at("row"), 15);
    EXPECT_EQ(errors.at(2).at("column"), "B");
    EXPECT_NE(errors.at(2).at("message").get<std::string>().find("runs from 2025-02-25"),
              std::string::npos);
    EXPECT_EQ(problem.at("report").at("committed"), false);
    EXPECT_EQ(table_counts(server_, a_.org_id), counts);
    EXPECT_EQ(line_totals(server_, a_), totals);
}

// Organization A imports a CSV tracker and a Salesforce report, B an .xlsx tracker and a
// HubSpot export: each gets its own totals, and neither touches the other.
TEST_F(ApiImports, TwoOrganizationsImportTrackersAndCrmExportsWithoutTouchingEachOther) {
    ASSERT_EQ(upload(server_, a_, "budget", messy_budget_csv()).status, 200);
    auto salesforce = upload(server_, a_, "crm", salesforce_csv(), "file_name=report.csv");
    ASSERT_EQ(salesforce.status, 200) << salesforce.body;
    auto a_counts = table_counts(server_, a_.org_id);
    auto a_lines = line_totals(server_, a_);
    auto a_opportunities = opportunity_totals(server_, a_);

    // The workbook's date column holds 03/04/2025 and nothing that decides its order.
    auto workbook = messy_budget_xlsx();
    auto undecided = upload(server_, b_, "budget", workbook, "sheet=Budget%202025", xlsx_type);
    auto decided = upload(server_, b_, "budget", workbook,
                          "sheet=Budget%202025&date_order=day_first", xlsx_type);
    auto hubspot = upload(server_, b_, "crm", hubspot_csv(), "crm=hubspot");

    auto sf = json::parse(salesforce.body);
    EXPECT_EQ(sf.at("crm"), "salesforce");
    EXPECT_EQ(sf.at("counts"), (json{{"rows", 4},
                                     {"insert", 4},
                                     {"update", 0},
                                     {"unchanged", 0},
                                     {"skipped", 0},
                                     {"error", 0},
                                     {"links_inserted", 2},
                                     {"links_updated", 0},
                                     {"links_unchanged", 0},
                                     {"unlinked", 1}}));
    EXPECT_EQ(a_opportunities.at("USD").at("amount_minor"), 13'700'000);
    EXPECT_EQ(a_opportunities.at("EUR").at("amount_minor"), 4'850'050);
    EXPECT_EQ(a_opportunities.at("GBP").at("amount_minor"), 725'000);
    auto links = links_of(server_, a_, a_axe_);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links.at(0).at("attribution"), "sourced");
    auto won =
        json::parse(send_json(server_, "GET",
                              "/api/v1/orgs/" + a_.org_id + "/opportunities?is_won=true", a_.cookie)
                        .body)
            .at("opportunities");
    ASSERT_EQ(won.size(), 1u);
    EXPECT_EQ(won.at(0).at("external_id"), "0065g00000AbCdE");
    EXPECT_EQ(won.at(0).at("close_date"), "2025-03-31");

    ASSERT_EQ(undecided.status, 422) << undecided.body;
    auto question = json::parse(undecided.body);
    EXPECT_EQ(question.at("field"), "date_order");
    EXPECT_EQ(question.at("report").at("choices_needed").at(0).at("example"),
              (json{{"row", 7}, {"text", "03/04/2025"}}));

    ASSERT_EQ(decided.status, 200) << decided.body;
    auto b_report = json::parse(decided.body);
    EXPECT_EQ(b_report.at("counts").at("insert"), 5);
    EXPECT_EQ(b_report.at("counts").at("events_created"), 2);
    EXPECT_EQ(b_report.at("sheet"), "Budget 2025");
    auto b_lines = line_totals(server_, b_);
    EXPECT_EQ(b_lines.at("EUR"),
              (std::map<std::string, std::int64_t>{{"planned_minor", 2'370'000},
                                                   {"committed_minor", 2'295'000},
                                                   {"actual_minor", 1'970'050}}));
    EXPECT_EQ(b_lines.at("GBP"),
              (std::map<std::string, std::int64_t>{
                  {"planned_minor", 200'000}, {"committed_minor", 200'000}, {"actual_minor", 0}}));
    EXPECT_EQ(b_lines.at("CHF").at("planned_minor"), 999'999);
    EXPECT_EQ(events_by_name(server_, b_)["Brand New Summit"].at("starts_on"), "2025-04-03");

    ASSERT_EQ(hubspot.status, 200) << hubspot.body;
    auto hs = json::parse(hubspot.body);
    EXPECT_EQ(hs.at("counts").at("insert"), 3);
    EXPECT_EQ(hs.at("counts").at("links_inserted"), 2);
    auto b_opportunities = opportunity_totals(server_, b_);
    EXPECT_EQ(b_opportunities.at("USD").at("amount_minor"), 4'550'075);
    EXPECT_EQ(b_opportunities.at("JPY").at("amount_minor"), 1'200'000);
    auto b_links = links_of(server_, b_, b_axe_);
    ASSERT_EQ(b_links.size(), 1u);
    EXPECT_EQ(b_links.at(0).at("attribution"), "influenced");
    EXPECT_EQ(b_links.at(0).at("weight_percent"), 40);

    // Nothing of A moved while B imported.
    EXPECT_EQ(table_counts(server_, a_.org_id), a_counts);
    EXPECT_EQ(line_totals(server_, a_), a_lines);
    EXPECT_EQ(opportunity_totals(server_, a_), a_opportunities);

    // Importing the same CRM export again changes nothing.
    auto b_counts = table_counts(server_, b_.org_id);
    auto again = upload(server_, b_, "crm", hubspot_csv(), "crm=hubspot");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(json::parse(again.body).at("counts").at("unchanged"), 3);
    EXPECT_EQ(json::parse(again.body).at("counts").at("links_unchanged"), 2);
    b_counts["audit_log"] += 1;
    EXPECT_EQ(table_counts(server_, b_.org_id), b_counts);
}

TEST_F(ApiImports, ViewersExportButCannotImport) {
    auto viewer = new_member(server_, "Viewer's own");
    auto added = db::run<bool>(
        server_.pool(), db::scope{.org_id = a_.org_id}, [&](db::transaction& tx) -> result<bool> {
            auto made = store::upsert_membership(tx, viewer.user_id, domain::role::viewer);
            if (!made) return std::unexpected(made.error());
            return true;
        });
    ASSERT_TRUE(added.has_value());
    viewer.org_id = a_.org_id;
    ASSERT_EQ(upload(server_, a_, "budget", messy_budget_csv()).status, 200);
    auto counts = table_counts(server_, a_.org_id);

    auto import = upload(server_, viewer, "budget", messy_budget_csv());
    auto exported =
        send("GET", server_.url("/api/v1/orgs/" + a_.org_id + "/exports/events?format=xlsx"),
             {{"Cookie", viewer.cookie}});

    EXPECT_EQ(import.status, 403);
    EXPECT_EQ(table_counts(server_, a_.org_id), counts);
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.header("content-type"), xlsx_type);
    EXPECT_NE(exported.header("content-disposition")->find("attachment; filename=\"dott-events-"),
              std::string::npos);

    // One row per event and currency: Axe-con has EUR lines only, API Conference London GBP.
    auto book = importer::xlsx_workbook::open_memory(exported.body);
    ASSERT_TRUE(book.has_value()) << book.error().message;
    auto sheet = (*book)->open_sheet();
    ASSERT_TRUE(sheet.has_value());
    std::vector<std::vector<std::string>> rows;
    importer::csv_record record;
    while (true) {
        auto more = (*sheet)->read(record);
        ASSERT_TRUE(more.has_value());
        if (!*more) break;
        rows.push_back(record.fields);
    }
    ASSERT_EQ(rows.front().at(16), "currency");
    std::map<std::string, std::string> planned_by_event;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        rows[i].resize(20);
        planned_by_event[rows[i][1] + " " + rows[i][16]] = rows[i][17];
    }
    EXPECT_EQ(planned_by_event["Axe-con EUR"], "15700");
    EXPECT_EQ(planned_by_event["API Conference London GBP"], "4850");
    EXPECT_EQ(planned_by_event["Test Coast EUR"], "9250.5");
}

TEST_F(ApiImports, RefusesOtherMediaTypesUnknownParametersAndBrokenWorkbooks) {
    auto json_body = upload(server_, a_, "budget", "{}", "", "application/json");
    auto unknown = upload(server_, a_, "budget", messy_budget_csv(), "dryrun=true");
    auto broken = upload(server_, a_, "budget", "PK\x03\x04 not really", "", xlsx_type);
    auto no_header = upload(server_, a_, "crm", messy_budget_csv());
    auto no_sheet = upload(server_, a_, "budget", messy_budget_xlsx(), "sheet=Nope", xlsx_type);
    auto bad_format = send_json(
        server_, "GET", "/api/v1/orgs/" + a_.org_id + "/exports/events?format=pdf", a_.cookie);

    EXPECT_EQ(json_body.status, 415);
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(json::parse(unknown.body).at("field"), "dryrun");
    EXPECT_EQ(broken.status, 400);
    EXPECT_NE(json::parse(broken.body).at("detail").get<std::string>().find(".xlsx"),
              std::string::npos);
    EXPECT_EQ(no_header.status, 422);
    EXPECT_EQ(json::parse(no_header.body).at("field"), "external_id");
    EXPECT_EQ(no_sheet.status, 422);
    EXPECT_EQ(json::parse(no_sheet.body).at("field"), "sheet");
    EXPECT_NE(json::parse(no_sheet.body).at("detail").get<std::string>().find("\"Budget 2025\""),
              std::string::npos);
    EXPECT_EQ(bad_format.status, 422);
    EXPECT_EQ(table_counts(server_, a_.org_id)["budget_line_items"], 0);
}

// Whatever the cell, the report names it: a NUL byte that no text column can store is a
// problem of its row and column, like any other bad cell.
TEST_F(ApiImports, ACellHoldingANulIsNamedByRowAndColumn) {
    std::string csv = "Event,Category,Vendor,Planned\r\nAxe-con,Booth,Expo";
    csv += '\0';
    csv += "GmbH,100\r\nAxe-con,Travel,,50\r\n";

    auto res = upload(server_, a_, "budget", csv);

    ASSERT_EQ(res.status, 422) << res.body;
    auto problem = json::parse(res.body);
    EXPECT_EQ(problem.at("field"), "row 2, column C");
    auto errors = problem.at("report").at("errors");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors.at(0).at("header"), "Vendor");
    EXPECT_NE(errors.at(0).at("message").get<std::string>().find("U+0000"), std::string::npos);
    EXPECT_EQ(problem.at("report").at("counts").at("insert"), 1);
    EXPECT_EQ(table_counts(server_, a_.org_id)["budget_line_items"], 0);
}

// The date order is spelled as documented (day_first) or as on the command line (day-first),
// a refusal spells it as documented, and a CSV declared in another charset than UTF-8 is
// refused before it is read.
TEST_F(ApiImports, ChoicesTakeBothSpellingsAndCsvMustBeUtf8) {
    const std::string csv = "Event,Event date,Planned\r\nAxe-con,02/26/2025,100\r\n";

    auto underscore = upload(server_, a_, "budget", csv, "dry_run=true&date_order=month_first");
    auto hyphen = upload(server_, a_, "budget", csv, "dry_run=true&date_order=month-first");
    auto unknown = upload(server_, a_, "budget", csv, "dry_run=true&date_order=sideways");
    auto latin = upload(server_, a_, "budget", csv, "dry_run=true", "text/csv; charset=latin1");

    EXPECT_EQ(underscore.status, 200) << underscore.body;
    EXPECT_EQ(hyphen.status, 200) << hyphen.body;
    ASSERT_EQ(unknown.status, 422);
    EXPECT_EQ(json::parse(unknown.body).at("detail"),
              "date_order must be day_first or month_first");
    EXPECT_EQ(json::parse(unknown.body).at("field"), "date_order");
    EXPECT_EQ(latin.status, 415);
}

// A spreadsheet larger than any JSON body passes; one beyond the spreadsheet limit is refused
// before it is read.
TEST_F(ApiImports, SpreadsheetsMayBeLargerThanJsonBodiesButStayBounded) {
    std::string big = "Event;Planned\r\n";
    while (big.size() < 200 * 1024) big += "Unknown Expo;1\r\n";

    auto large = upload(server_, a_, "budget", big, "dry_run=true");
    auto json_sized = send_json(server_, "POST", "/api/v1/orgs/" + a_.org_id + "/events", a_.cookie,
                                std::string(200 * 1024, ' '));
    auto beyond = upload(server_, a_, "budget", std::string(api::spreadsheet_body_limit + 1, 'x'));

    ASSERT_EQ(large.status, 200) << large.body.substr(0, 300);
    EXPECT_GT(json::parse(large.body).at("counts").at("rows").get<int>(), 12000);
    EXPECT_EQ(json::parse(large.body).at("rows").size(), 200u);
    EXPECT_EQ(json_sized.status, 413);
    EXPECT_EQ(beyond.status, 413);
}

}  // namespace
}  // namespace dott::test
