#pragma once

// Spreadsheets as event teams really keep them, built by the tests, and the ways to read back
// what an import wrote.

#include <cstdint>
#include <map>
#include <string>

#include "integration/test_server.hpp"

namespace dott::test {

/// A budget tracker as finance keeps it, saved as CSV from a European Excel: a byte order
/// mark, a title row above the header, semicolons, day-first dates, decimal commas with dots
/// grouping thousands, currency symbols and codes in the cells, a refund in parentheses, a
/// dash for zero, a description with a line break and one with a semicolon, a blank row and a
/// total row. `version` 2 changes one amount and adds a line; 3 adds two bad cells and a
/// line dated outside its event.
[[nodiscard]] std::string messy_budget_csv(int version = 1);

/// The same kind of tracker as an .xlsx workbook with a notes sheet first and the tracker on
/// "Budget 2025": numbers and dates as typed cells, a negative amount, text amounts with a
/// currency, text dates of which one reads two ways (03/04/2025), and a total formula.
[[nodiscard]] std::string messy_budget_xlsx();

/// A Salesforce opportunity report as CSV (month-first dates, US amounts, Primary Campaign
/// Source naming events, one campaign that is no event).
[[nodiscard]] std::string salesforce_csv();

/// A HubSpot deal export as CSV with attribution and weight columns, "$" and "¥" amounts and
/// a campaign written with the event's year.
[[nodiscard]] std::string hubspot_csv();

/// Sums per currency and field ("EUR" -> "planned_minor" -> minor units) of an export.
using money_sums = std::map<std::string, std::map<std::string, std::int64_t>>;

/// The budget lines of `who`'s organization, summed per currency, read through the JSON export.
[[nodiscard]] money_sums line_totals(const test_server& server, const member& who);

/// The opportunities of `who`'s organization, summed per currency.
[[nodiscard]] money_sums opportunity_totals(const test_server& server, const member& who);

/// How many rows each tenant table holds for the organization, read in the database.
[[nodiscard]] std::map<std::string, std::int64_t> table_counts(test_server& server,
                                                               const std::string& org_id);

/// Creates an event through the API; returns its id.
std::string create_event(const test_server& server, const member& who, const std::string& name,
                         const std::string& starts_on, const std::string& ends_on);

}  // namespace dott::test
