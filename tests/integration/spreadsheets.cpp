#include "integration/spreadsheets.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "db/db.hpp"

namespace dott::test {

using nlohmann::json;

std::string messy_budget_csv(int version) {
    std::string csv =
        "\xEF\xBB\xBF"
        "Event budget FY2025 \xE2\x80\x93 v14 FINAL v2;;;;;;;;\r\n"
        ";;;;;;;;\r\n"
        "Event;Event date;Category;Vendor;Description;Planned;Committed;Actual;Currency\r\n"
        "Axe-con;25/02/2025;Booth;Expo Partners;\"Booth 10 m\xC2\xB2\r\nincl. power\";"
        "12.500,00 \xE2\x82\xAC;12.000,00;11.850,50;\r\n";
    csv += version == 1
               ? "Axe-con;25/02/2025;Travel;Lufthansa;Flights;3.200,00;2.950,00;(150,00);EUR\r\n"
               : "Axe-con;25/02/2025;Travel;Lufthansa;Flights;3.200,00;2.950,00;(180,00);EUR\r\n";
    csv +=
        "Test Coast;15/05/2025;Sponsorship;Test Coast AB;Gold sponsor;EUR 8.000;8.000;8.000;\r\n"
        "Test Coast;15/05/2025;Swag;;T-shirts;1.250,5;1.250,5;-;EUR\r\n"
        "API Conference London;12/05/2025;Booth;ExCeL;Stand;\xC2\xA3"
        "4.500,00;4.500,00;4.725,00;\r\n"
        "API Conference London;12/05/2025;Catering;;\"Coffee; pastries\";GBP 350;;;\r\n"
        "Droidcon Italy;19/11/2025;Booth;Lingotto Fiere;Stand;9.999,99;;;CHF\r\n"
        "Brand New Summit;03/04/2025;Venue;Hotel Nhow;Room hire;2.000;2.000;;EUR\r\n";
    if (version >= 2) csv += "Test Coast;15/05/2025;Travel;SJ;Train tickets;420,00;;;EUR\r\n";
    if (version >= 3) {
        csv += "Axe-con;31/02/2025;Hotel;Hilton;Rooms;1.000,00;;;EUR\r\n";
        csv += "Test Coast;15/05/2025;Print;;Flyers;12,5x;;;EUR\r\n";
        csv += "Axe-con;14/03/2025;Catering;;Invoice 88;300,00;;;EUR\r\n";
    }
    csv += ";;;;;;;;\r\n";
    csv += "Total;;;;;41.600,49;;;\r\n";
    return csv;
}

std::string messy_budget_xlsx() {
    static std::mt19937_64 random{std::random_device{}()};
    const auto path = std::filesystem::temp_directory_path() /
                      ("dott-import-test-" + std::to_string(random()) + ".xlsx");
    lxw_workbook* book = workbook_new(path.c_str());
    lxw_worksheet* notes = workbook_add_worksheet(book, "Read me");
    worksheet_write_string(notes, 0, 0, "Figures in the currency of each line.", nullptr);
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Budget 2025");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format* euros = workbook_add_format(book);
    format_set_num_format(euros, "#,##0.00 [$\xE2\x82\xAC-1]");
    lxw_format* accounting = workbook_add_format(book);
    format_set_num_format(accounting, "#,##0.00;(#,##0.00)");

    worksheet_write_string(sheet, 0, 0, "Event budget FY25", bold);
    const char* header[] = {"Event",  "Date",      "Category", "Supplier", "Description",
                            "Budget", "Committed", "Actual",   "Currency"};
    for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(sheet, 2, c, header[c], bold);

    lxw_datetime axe{2025, 2, 25, 0, 0, 0};
    worksheet_write_string(sheet, 3, 0, "Axe-con", nullptr);
    worksheet_write_datetime(sheet, 3, 1, &axe, date);
    worksheet_write_string(sheet, 3, 2, "Booth", nullptr);
    worksheet_write_string(sheet, 3, 3, "Expo Partners", nullptr);
    worksheet_write_string(sheet, 3, 4, "Booth 10 m\xC2\xB2\nincl. power", nullptr);
    worksheet_write_number(sheet, 3, 5, 12500, euros);
    worksheet_write_number(sheet, 3, 6, 12000, euros);
    worksheet_write_number(sheet, 3, 7, 11850.5, euros);
    worksheet_write_string(sheet, 3, 8, "EUR", nullptr);

    worksheet_write_string(sheet, 4, 0, "Axe-con", nullptr);
    worksheet_write_datetime(sheet, 4, 1, &axe, date);
    worksheet_write_string(sheet, 4, 2, "Travel", nullptr);
    worksheet_write_string(sheet, 4, 3, "Lufthansa", nullptr);
    worksheet_write_string(sheet, 4, 4, "Flights", nullptr);
    worksheet_write_number(sheet, 4, 5, 3200, accounting);
    worksheet_write_number(sheet, 4, 6, 2950, accounting);
    worksheet_write_number(sheet, 4, 7, -150, accounting);
    worksheet_write_string(sheet, 4, 8, "EUR", nullptr);

    lxw_datetime coast{2025, 5, 15, 0, 0, 0};
    worksheet_write_string(sheet, 5, 0, "Test Coast", nullptr);
    worksheet_write_datetime(sheet, 5, 1, &coast, date);
    worksheet_write_string(sheet, 5, 2, "Sponsorship", nullptr);
    worksheet_write_string(sheet, 5, 3, "Test Coast AB", nullptr);
    worksheet_write_string(sheet, 5, 4, "Gold sponsor", nullptr);
    worksheet_write_string(sheet, 5, 5, "EUR 8,000.00", nullptr);
    worksheet_write_number(sheet, 5, 6, 8000, nullptr);
    worksheet_write_number(sheet, 5, 7, 8000, nullptr);

    worksheet_write_string(sheet, 6, 0, "Brand New Summit", nullptr);
    worksheet_write_string(sheet, 6, 1, "03/04/2025", nullptr);
    worksheet_write_string(sheet, 6, 2, "Venue", nullptr);
    worksheet_write_string(sheet, 6, 3, "Hotel Nhow", nullptr);
    worksheet_write_string(sheet, 6, 4, "Room hire", nullptr);
    worksheet_write_string(sheet, 6, 5,
                           "\xC2\xA3"
                           "2,000.00",
                           nullptr);
    worksheet_write_number(sheet, 6, 6, 2000, nullptr);
    worksheet_write_string(sheet, 6, 8, "GBP", nullptr);

    lxw_datetime droidcon{2025, 11, 19, 0, 0, 0};
    worksheet_write_string(sheet, 7, 0, "Droidcon Italy", nullptr);
    worksheet_write_datetime(sheet, 7, 1, &droidcon, date);
    worksheet_write_string(sheet, 7, 2, "Booth", nullptr);
    worksheet_write_string(sheet, 7, 4, "Stand", nullptr);
    worksheet_write_number(sheet, 7, 5, 9999.99, nullptr);
    worksheet_write_string(sheet, 7, 8, "CHF", nullptr);

    worksheet_write_string(sheet, 9, 0, "Total", bold);
    worksheet_write_formula_num(sheet, 9, 5, "=SUM(F4:F8)", bold, 25699.99);

    if (workbook_close(book) != LXW_NO_ERROR) throw std::runtime_error("cannot build the workbook");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::filesystem::remove(path);
    return bytes.str();
}

std::string salesforce_csv() {
    return "\"Opportunity ID\",\"Opportunity Name\",\"Account Name\",\"Amount Currency\","
           "\"Amount\",\"Stage\",\"Close Date\",\"Primary Campaign Source\"\n"
           "\"0065g00000AbCdE\",\"Acme \xE2\x80\x93 platform deal\",\"Acme Corp\",\"USD\","
           "\"125,000.00\",\"Closed Won\",\"3/31/2025\",\"Axe-con\"\n"
           "\"0065g00000AbCdF\",\"Globex expansion\",\"Globex\",\"EUR\",\"48,500.50\","
           "\"Negotiation/Review\",\"6/15/2025\",\"API Conference London\"\n"
           "\"0065g00000AbCdG\",\"Initech renewal\",\"Initech\",\"USD\",\"12,000.00\","
           "\"Closed Lost\",\"4/2/2025\",\"\"\n"
           "\"0065g00000AbCdH\",\"Umbrella pilot\",\"Umbrella\",\"GBP\",\"7,250.00\","
           "\"Prospecting\",\"12/20/2025\",\"Q4 Webinar Series\"\n";
}

std::string hubspot_csv() {
    return "Record ID,Deal Name,Deal Stage,Close Date,Amount,Currency,Associated Company,"
           "Campaign,Attribution,Weight\n"
           "9876543210,Hooli \xE2\x80\x94 booth lead,closedwon,2025-03-10 00:00,\"30,000\",USD,"
           "Hooli,Axe-con 2025,Influenced,40%\n"
           "9876543211,Pied Piper,appointmentscheduled,2025-07-01 00:00,\"$15,500.75\",,"
           "Pied Piper,Test Coast,sourced,\n"
           "9876543212,Vandelay imports,Closed lost,2025-02-01,\"\xC2\xA5"
           "1,200,000\",JPY,"
           "Vandelay,,,\n";
}

namespace {

money_sums sum_export(const test_server& server, const member& who, const std::string& what,
                      const std::vector<std::string>& fields) {
    auto res =
        send_json(server, "GET", "/api/v1/orgs/" + who.org_id + "/exports/" + what + "?format=json",
                  who.cookie);
    if (res.status != 200) throw std::runtime_error("export failed: " + res.body);
    auto document = json::parse(res.body);
    money_sums sums;
    for (const auto& row : document.begin().value()) {
        for (const auto& field : fields) {
            sums[row.at("currency").get<std::string>()][field] += row.at(field).get<std::int64_t>();
        }
    }
    return sums;
}

}  // namespace

money_sums line_totals(const test_server& server, const member& who) {
    return sum_export(server, who, "line-items",
                      {"planned_minor", "committed_minor", "actual_minor"});
}

money_sums opportunity_totals(const test_server& server, const member& who) {
    return sum_export(server, who, "opportunities", {"amount_minor"});
}

std::map<std::string, std::int64_t> table_counts(test_server& server, const std::string& org_id) {
    std::map<std::string, std::int64_t> counts;
    auto counted = db::run<bool>(
        server.pool(), db::scope{.org_id = org_id}, [&](db::transaction& tx) -> result<bool> {
            for (const char* table : {"events", "budget_line_items", "opportunities",
                                      "event_opportunities", "audit_log"}) {
                counts[table] =
                    tx.exec("select count(*) from " + std::string(table))[0][0].as<std::int64_t>();
            }
            return true;
        });
    if (!counted) throw std::runtime_error("counting failed: " + counted.error().message);
    return counts;
}

std::string create_event(const test_server& server, const member& who, const std::string& name,
                         const std::string& starts_on, const std::string& ends_on) {
    auto res =
        send_json(server, "POST", "/api/v1/orgs/" + who.org_id + "/events", who.cookie,
                  json{{"name", name}, {"starts_on", starts_on}, {"ends_on", ends_on}}.dump());
    if (res.status != 201) throw std::runtime_error("event not created: " + res.body);
    return json::parse(res.body).at("id").get<std::string>();
}

}  // namespace dott::test
