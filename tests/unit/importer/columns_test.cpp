#include "importer/columns.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dott::importer {
namespace {

using headers = std::vector<std::string>;

/// The index of the column that fills `field`, or -1.
int column_of(const column_mapping& mapping, import_field field) {
    const auto* column = mapping.find(field);
    return column == nullptr ? -1 : static_cast<int>(column->index);
}

TEST(MapColumns, MapsSalesforceOpportunityReport) {
    const headers header{"Opportunity Owner",
                         "Opportunity ID",
                         "Opportunity Name",
                         "Account Name",
                         "Amount Currency",
                         "Amount",
                         "Stage",
                         "Close Date",
                         "Primary Campaign Source",
                         "Probability (%)",
                         "Amount (converted)"};

    auto mapping = map_columns(import_kind::crm_opportunities, header);

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::external_id), 1);
    EXPECT_EQ(column_of(*mapping, import_field::opportunity_name), 2);
    EXPECT_EQ(column_of(*mapping, import_field::account), 3);
    EXPECT_EQ(column_of(*mapping, import_field::currency), 4);
    EXPECT_EQ(column_of(*mapping, import_field::amount), 5);
    EXPECT_EQ(column_of(*mapping, import_field::stage), 6);
    EXPECT_EQ(column_of(*mapping, import_field::close_date), 7);
    EXPECT_EQ(column_of(*mapping, import_field::campaign), 8);
    ASSERT_EQ(mapping->unmapped.size(), 3u);
    EXPECT_EQ(mapping->unmapped[0].header, "Opportunity Owner");
    EXPECT_EQ(mapping->unmapped[2].header, "Amount (converted)");
}

TEST(MapColumns, MapsHubSpotDealExport) {
    const headers header{"Record ID",  "Deal Name",
                         "Deal Stage", "Close Date",
                         "Amount",     "Associated Company (Primary)",
                         "Currency",   "Amount in company currency"};

    auto mapping = map_columns(import_kind::crm_opportunities, header);

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::external_id), 0);
    EXPECT_EQ(column_of(*mapping, import_field::opportunity_name), 1);
    EXPECT_EQ(column_of(*mapping, import_field::stage), 2);
    EXPECT_EQ(column_of(*mapping, import_field::close_date), 3);
    EXPECT_EQ(column_of(*mapping, import_field::amount), 4);
    EXPECT_EQ(column_of(*mapping, import_field::account), 5);
    EXPECT_EQ(column_of(*mapping, import_field::currency), 6);
    ASSERT_EQ(mapping->unmapped.size(), 1u);
    EXPECT_EQ(mapping->unmapped[0].index, 7u);
}

TEST(MapColumns, MapsAttributionAndWeight) {
    const headers header{"Deal ID",    "Deal", "Amount", "Event", "Sourced / Influenced",
                         "Influence %"};

    auto mapping = map_columns(import_kind::crm_opportunities, header);

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::campaign), 3);
    EXPECT_EQ(column_of(*mapping, import_field::attribution), 4);
    EXPECT_EQ(column_of(*mapping, import_field::weight), 5);
}

TEST(MapColumns, MapsBudgetTrackerSynonyms) {
    const headers header{"Event",  "Event Date", "Cost category", "Supplier", "Description",
                         "Budget", "PO amount",  "Invoiced",      "Line ID",  "Currency"};

    auto mapping = map_columns(import_kind::budget_tracker, header);

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::event_name), 0);
    EXPECT_EQ(column_of(*mapping, import_field::event_date), 1);
    EXPECT_EQ(column_of(*mapping, import_field::category), 2);
    EXPECT_EQ(column_of(*mapping, import_field::vendor), 3);
    EXPECT_EQ(column_of(*mapping, import_field::description), 4);
    EXPECT_EQ(column_of(*mapping, import_field::planned), 5);
    EXPECT_EQ(column_of(*mapping, import_field::committed), 6);
    EXPECT_EQ(column_of(*mapping, import_field::actual), 7);
    EXPECT_EQ(column_of(*mapping, import_field::external_line_id), 8);
    EXPECT_EQ(column_of(*mapping, import_field::currency), 9);
    EXPECT_TRUE(mapping->unmapped.empty());
}

TEST(MapColumns, MapsOtherBudgetSynonyms) {
    for (const auto& [text, field] : std::vector<std::pair<std::string, import_field>>{
             {"Forecast", import_field::planned},
             {"Planned", import_field::planned},
             {"Committed", import_field::committed},
             {"Actual", import_field::actual},
             {"Spend", import_field::actual},
             {"Payee", import_field::vendor},
             {"Memo", import_field::description},
         }) {
        auto mapping = map_columns(import_kind::budget_tracker, {"Event name", text, "Cost"});

        ASSERT_TRUE(mapping.has_value()) << text << ": " << mapping.error().message;
        EXPECT_EQ(column_of(*mapping, field), 1) << text;
    }
}

TEST(MapColumns, IgnoresCaseSpacesAndPunctuation) {
    auto mapping = map_columns(import_kind::crm_opportunities,
                               {"  OPPORTUNITY_ID ", "opportunity-name", "aMoUnT", "close.date"});

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::external_id), 0);
    EXPECT_EQ(column_of(*mapping, import_field::close_date), 3);
    EXPECT_EQ(mapping->columns[0].header, "OPPORTUNITY_ID");
}

TEST(MapColumns, ReadsCurrencyNamedInHeader) {
    auto mapping = map_columns(
        import_kind::budget_tracker,
        {"Event", "Planned (EUR)", "Committed [\xE2\x82\xAC]", "Actual USD", "Spend all"});

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(mapping->find(import_field::planned)->currency, "EUR");
    EXPECT_EQ(mapping->find(import_field::committed)->currency, "EUR");
    EXPECT_EQ(mapping->find(import_field::actual)->currency, "USD");
    EXPECT_EQ(mapping->find(import_field::event_name)->currency, "");
    EXPECT_EQ(mapping->unmapped.back().header, "Spend all");
}

TEST(MapColumns, LetsStrongSynonymWinOverWeakOne) {
    auto mapping = map_columns(import_kind::budget_tracker,
                               {"Event", "Date", "Event date", "Notes", "Description", "Actual"});

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::event_date), 2);
    EXPECT_EQ(column_of(*mapping, import_field::description), 4);
    ASSERT_EQ(mapping->unmapped.size(), 2u);
    EXPECT_EQ(mapping->unmapped[0].header, "Date");
    EXPECT_NE(mapping->unmapped[0].reason.find("event_date"), std::string::npos);
}

TEST(MapColumns, RefusesTwoColumnsClaimingOneField) {
    auto mapping = map_columns(import_kind::budget_tracker, {"Event", "Budget", "Planned"});

    ASSERT_FALSE(mapping.has_value());
    EXPECT_EQ(mapping.error().code, errc::invalid_argument);
    EXPECT_EQ(mapping.error().field, "planned");
    EXPECT_NE(mapping.error().message.find("column 2 (B, \"Budget\")"), std::string::npos)
        << mapping.error().message;
    EXPECT_NE(mapping.error().message.find("column 3 (C, \"Planned\")"), std::string::npos);
}

TEST(MapColumns, RefusesMissingRequiredField) {
    auto mapping = map_columns(import_kind::crm_opportunities, {"Deal Name", "Amount"});

    ASSERT_FALSE(mapping.has_value());
    EXPECT_EQ(mapping.error().code, errc::invalid_argument);
    EXPECT_EQ(mapping.error().field, "external_id");
    EXPECT_NE(mapping.error().message.find("Record ID"), std::string::npos);
}

TEST(MapColumns, RefusesBudgetWithoutAnyAmount) {
    auto mapping = map_columns(import_kind::budget_tracker, {"Event", "Vendor"});

    ASSERT_FALSE(mapping.has_value());
    EXPECT_EQ(mapping.error().field, "planned");
}

TEST(MapColumns, ReportsEmptyAndUnknownHeadersAsUnmapped) {
    auto mapping = map_columns(import_kind::budget_tracker, {"Event", "", "Owner", "Actual"});

    ASSERT_TRUE(mapping.has_value());
    ASSERT_EQ(mapping->unmapped.size(), 2u);
    EXPECT_EQ(mapping->unmapped[0].reason, "the header is empty");
    EXPECT_EQ(mapping->unmapped[1].reason, "not a known header");
}

TEST(MapColumns, AppliesOverrideOverRecognisedHeaders) {
    const headers header{"Event", "Kosten", "Actual", "Notes"};
    const std::vector<column_override> overrides{
        {.index = 1, .field = import_field::actual},
        {.index = 3, .field = std::nullopt},
    };

    auto mapping = map_columns(import_kind::budget_tracker, header, overrides);

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::actual), 1);
    EXPECT_EQ(column_of(*mapping, import_field::description), -1);
    ASSERT_EQ(mapping->unmapped.size(), 2u);
    EXPECT_EQ(mapping->unmapped[0].header, "Actual");
    EXPECT_EQ(mapping->unmapped[1].reason, "left out by the mapping");
}

TEST(MapColumns, ResolvesConflictWithOverride) {
    auto mapping = map_columns(import_kind::budget_tracker, {"Event", "Budget", "Planned"},
                               {{.index = 2, .field = import_field::committed}});

    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(column_of(*mapping, import_field::planned), 1);
    EXPECT_EQ(column_of(*mapping, import_field::committed), 2);
}

TEST(MapColumns, RefusesInvalidOverrides) {
    const headers header{"Event", "Budget", "Actual"};

    auto beyond = map_columns(import_kind::budget_tracker, header, {{.index = 3}});
    auto wrong_kind = map_columns(import_kind::budget_tracker, header,
                                  {{.index = 1, .field = import_field::stage}});
    auto twice = map_columns(
        import_kind::budget_tracker, header,
        {{.index = 1, .field = import_field::actual}, {.index = 2, .field = import_field::actual}});
    auto same_column = map_columns(import_kind::budget_tracker, header,
                                   {{.index = 1, .field = import_field::actual}, {.index = 1}});

    ASSERT_FALSE(beyond.has_value());
    EXPECT_EQ(beyond.error().field, "column 4");
    ASSERT_FALSE(wrong_kind.has_value());
    EXPECT_EQ(wrong_kind.error().field, "stage");
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().field, "actual");
    ASSERT_FALSE(same_column.has_value());
    EXPECT_EQ(same_column.error().code, errc::invalid_argument);
}

TEST(FieldNames, RoundTripEveryField) {
    for (auto kind : {import_kind::budget_tracker, import_kind::crm_opportunities}) {
        for (auto field : fields_of(kind)) {
            EXPECT_EQ(field_from_name(field_name(field)), field);
        }
    }
    EXPECT_FALSE(field_from_name("price").has_value());
}

TEST(GuessImportKind, RecognisesEachKind) {
    EXPECT_EQ(guess_import_kind({"Record ID", "Deal Name", "Amount", "Deal Stage"}),
              import_kind::crm_opportunities);
    EXPECT_EQ(guess_import_kind({"Event", "Vendor", "Budget", "Actual"}),
              import_kind::budget_tracker);
    EXPECT_EQ(guess_import_kind({"Foo", "Bar"}), std::nullopt);
}

}  // namespace
}  // namespace dott::importer
