#include "importer/columns.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <utility>

#include "importer/table.hpp"
#include "importer/values.hpp"

namespace dott::importer {
namespace {

enum class strength { weak = 1, strong = 2, chosen = 3 };

// One way a header names a field, written as normalize_header() leaves it.
struct synonym {
    import_kind kind;
    import_field field;
    std::string_view key;
    strength weight;
};

constexpr auto budget = import_kind::budget_tracker;
constexpr auto crm = import_kind::crm_opportunities;
constexpr auto strong = strength::strong;
constexpr auto weak = strength::weak;
using f = import_field;

// clang-format off
constexpr std::array synonyms{
    // Budget trackers, as finance and event teams name their columns.
    synonym{budget, f::event_name, "event", strong},
    synonym{budget, f::event_name, "eventname", strong},
    synonym{budget, f::event_name, "eventtitle", strong},
    synonym{budget, f::event_name, "conference", strong},
    synonym{budget, f::event_name, "conferencename", strong},
    synonym{budget, f::event_name, "tradeshow", strong},
    synonym{budget, f::event_name, "show", strong},
    synonym{budget, f::event_name, "showname", strong},
    synonym{budget, f::event_name, "eventcampaign", strong},
    synonym{budget, f::event_name, "program", strong},
    synonym{budget, f::event_name, "programname", strong},
    synonym{budget, f::event_name, "campaign", weak},
    synonym{budget, f::event_name, "activity", weak},
    synonym{budget, f::event_name, "name", weak},
    synonym{budget, f::event_date, "eventdate", strong},
    synonym{budget, f::event_date, "eventdates", strong},
    synonym{budget, f::event_date, "startdate", strong},
    synonym{budget, f::event_date, "eventstart", strong},
    synonym{budget, f::event_date, "eventstartdate", strong},
    synonym{budget, f::event_date, "dateofevent", strong},
    synonym{budget, f::event_date, "date", weak},
    synonym{budget, f::category, "category", strong},
    synonym{budget, f::category, "costcategory", strong},
    synonym{budget, f::category, "expensecategory", strong},
    synonym{budget, f::category, "budgetcategory", strong},
    synonym{budget, f::category, "spendcategory", strong},
    synonym{budget, f::category, "costtype", strong},
    synonym{budget, f::category, "expensetype", strong},
    synonym{budget, f::category, "lineitemtype", strong},
    synonym{budget, f::category, "glcategory", strong},
    synonym{budget, f::category, "type", weak},
    synonym{budget, f::vendor, "vendor", strong},
    synonym{budget, f::vendor, "vendorname", strong},
    synonym{budget, f::vendor, "supplier", strong},
    synonym{budget, f::vendor, "suppliername", strong},
    synonym{budget, f::vendor, "payee", strong},
    synonym{budget, f::vendor, "provider", strong},
    synonym{budget, f::vendor, "merchant", strong},
    synonym{budget, f::vendor, "contractor", strong},
    synonym{budget, f::description, "description", strong},
    synonym{budget, f::description, "itemdescription", strong},
    synonym{budget, f::description, "lineitem", strong},
    synonym{budget, f::description, "lineitemname", strong},
    synonym{budget, f::description, "lineitemdescription", strong},
    synonym{budget, f::description, "item", strong},
    synonym{budget, f::description, "details", strong},
    synonym{budget, f::description, "expense", strong},
    synonym{budget, f::description, "expensedescription", strong},
    synonym{budget, f::description, "notes", weak},
    synonym{budget, f::description, "note", weak},
    synonym{budget, f::description, "memo", weak},
    synonym{budget, f::description, "comments", weak},
    synonym{budget, f::description, "comment", weak},
    synonym{budget, f::currency, "currency", strong},
    synonym{budget, f::currency, "currencycode", strong},
    synonym{budget, f::currency, "currencyisocode", strong},
    synonym{budget, f::currency, "curr", strong},
    synonym{budget, f::currency, "ccy", strong},
    synonym{budget, f::planned, "planned", strong},
    synonym{budget, f::planned, "plannedamount", strong},
    synonym{budget, f::planned, "plannedcost", strong},
    synonym{budget, f::planned, "plan", strong},
    synonym{budget, f::planned, "budget", strong},
    synonym{budget, f::planned, "budgeted", strong},
    synonym{budget, f::planned, "budgetamount", strong},
    synonym{budget, f::planned, "budgetedamount", strong},
    synonym{budget, f::planned, "forecast", strong},
    synonym{budget, f::planned, "forecastamount", strong},
    synonym{budget, f::planned, "estimate", strong},
    synonym{budget, f::planned, "estimated", strong},
    synonym{budget, f::planned, "estimatedcost", strong},
    synonym{budget, f::planned, "allocated", strong},
    synonym{budget, f::committed, "committed", strong},
    synonym{budget, f::committed, "committedamount", strong},
    synonym{budget, f::committed, "commitment", strong},
    synonym{budget, f::committed, "poamount", strong},
    synonym{budget, f::committed, "po", strong},
    synonym{budget, f::committed, "purchaseorder", strong},
    synonym{budget, f::committed, "purchaseorderamount", strong},
    synonym{budget, f::committed, "contracted", strong},
    synonym{budget, f::committed, "contractamount", strong},
    synonym{budget, f::committed, "contractvalue", strong},
    synonym{budget, f::committed, "booked", strong},
    synonym{budget, f::committed, "encumbered", strong},
    synonym{budget, f::actual, "actual", strong},
    synonym{budget, f::actual, "actuals", strong},
    synonym{budget, f::actual, "actualamount", strong},
    synonym{budget, f::actual, "actualcost", strong},
    synonym{budget, f::actual, "actualspend", strong},
    synonym{budget, f::actual, "spend", strong},
    synonym{budget, f::actual, "spent", strong},
    synonym{budget, f::actual, "invoiced", strong},
    synonym{budget, f::actual, "invoicedamount", strong},
    synonym{budget, f::actual, "invoiceamount", strong},
    synonym{budget, f::actual, "paid", strong},
    synonym{budget, f::actual, "amountpaid", strong},
    synonym{budget, f::actual, "finalcost", strong},
    synonym{budget, f::actual, "cost", weak},
    synonym{budget, f::external_line_id, "lineid", strong},
    synonym{budget, f::external_line_id, "lineitemid", strong},
    synonym{budget, f::external_line_id, "rowid", strong},
    synonym{budget, f::external_line_id, "externalid", strong},
    synonym{budget, f::external_line_id, "expenseid", strong},
    synonym{budget, f::external_line_id, "itemid", strong},
    synonym{budget, f::external_line_id, "reference", strong},
    synonym{budget, f::external_line_id, "ref", strong},
    synonym{budget, f::external_line_id, "referencenumber", strong},
    synonym{budget, f::external_line_id, "id", weak},

    // CRM opportunity exports: Salesforce reports, HubSpot deal exports, and plain names.
    synonym{crm, f::external_id, "opportunityid", strong},
    synonym{crm, f::external_id, "recordid", strong},
    synonym{crm, f::external_id, "dealid", strong},
    synonym{crm, f::external_id, "hsobjectid", strong},
    synonym{crm, f::external_id, "externalid", strong},
    synonym{crm, f::external_id, "crmid", strong},
    synonym{crm, f::external_id, "id", weak},
    synonym{crm, f::opportunity_name, "opportunityname", strong},
    synonym{crm, f::opportunity_name, "dealname", strong},
    synonym{crm, f::opportunity_name, "opportunity", strong},
    synonym{crm, f::opportunity_name, "deal", strong},
    synonym{crm, f::opportunity_name, "name", weak},
    synonym{crm, f::account, "accountname", strong},
    synonym{crm, f::account, "account", strong},
    synonym{crm, f::account, "associatedcompany", strong},
    synonym{crm, f::account, "associatedcompanyprimary", strong},
    synonym{crm, f::account, "companyname", strong},
    synonym{crm, f::account, "company", strong},
    synonym{crm, f::account, "customer", strong},
    synonym{crm, f::account, "customername", strong},
    synonym{crm, f::account, "client", weak},
    synonym{crm, f::amount, "amount", strong},
    synonym{crm, f::amount, "dealamount", strong},
    synonym{crm, f::amount, "opportunityamount", strong},
    synonym{crm, f::amount, "dealvalue", strong},
    synonym{crm, f::amount, "opportunityvalue", strong},
    synonym{crm, f::amount, "value", weak},
    synonym{crm, f::currency, "currency", strong},
    synonym{crm, f::currency, "amountcurrency", strong},
    synonym{crm, f::currency, "opportunitycurrency", strong},
    synonym{crm, f::currency, "dealcurrencycode", strong},
    synonym{crm, f::currency, "currencycode", strong},
    synonym{crm, f::currency, "currencyisocode", strong},
    synonym{crm, f::currency, "ccy", strong},
    synonym{crm, f::stage, "stage", strong},
    synonym{crm, f::stage, "stagename", strong},
    synonym{crm, f::stage, "dealstage", strong},
    synonym{crm, f::stage, "opportunitystage", strong},
    synonym{crm, f::stage, "pipelinestage", strong},
    synonym{crm, f::stage, "salesstage", strong},
    synonym{crm, f::stage, "status", weak},
    synonym{crm, f::close_date, "closedate", strong},
    synonym{crm, f::close_date, "closeddate", strong},
    synonym{crm, f::close_date, "closingdate", strong},
    synonym{crm, f::close_date, "expectedclosedate", strong},
    synonym{crm, f::close_date, "dealclosedate", strong},
    synonym{crm, f::close_date, "close", weak},
    synonym{crm, f::campaign, "primarycampaignsource", strong},
    synonym{crm, f::campaign, "primarycampaign", strong},
    synonym{crm, f::campaign, "campaign", strong},
    synonym{crm, f::campaign, "campaignname", strong},
    synonym{crm, f::campaign, "associatedcampaign", strong},
    synonym{crm, f::campaign, "sourcecampaign", strong},
    synonym{crm, f::campaign, "event", strong},
    synonym{crm, f::campaign, "eventname", strong},
    synonym{crm, f::campaign, "eventcampaign", strong},
    synonym{crm, f::attribution, "attribution", strong},
    synonym{crm, f::attribution, "attributiontype", strong},
    synonym{crm, f::attribution, "eventattribution", strong},
    synonym{crm, f::attribution, "sourcedinfluenced", strong},
    synonym{crm, f::attribution, "sourcedorinfluenced", strong},
    synonym{crm, f::attribution, "influencetype", strong},
    synonym{crm, f::weight, "weight", strong},
    synonym{crm, f::weight, "attributionweight", strong},
    synonym{crm, f::weight, "influenceweight", strong},
    synonym{crm, f::weight, "influencepercentage", strong},
    synonym{crm, f::weight, "influence", strong},
    synonym{crm, f::weight, "attributionshare", strong},
};
// clang-format on

constexpr std::array<std::pair<import_field, std::string_view>, 19> field_names{{
    {f::event_name, "event_name"},
    {f::event_date, "event_date"},
    {f::category, "category"},
    {f::vendor, "vendor"},
    {f::description, "description"},
    {f::planned, "planned"},
    {f::committed, "committed"},
    {f::actual, "actual"},
    {f::external_line_id, "external_line_id"},
    {f::currency, "currency"},
    {f::external_id, "external_id"},
    {f::opportunity_name, "opportunity_name"},
    {f::account, "account"},
    {f::amount, "amount"},
    {f::stage, "stage"},
    {f::close_date, "close_date"},
    {f::campaign, "campaign"},
    {f::attribution, "attribution"},
    {f::weight, "weight"},
}};

std::string_view trim(std::string_view text) {
    constexpr std::string_view blanks = " \t\r\n\"";
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

bool is_upper_code(std::string_view text) {
    return text.size() == 3 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A header taken apart: the key synonyms are matched against and the currency it names.
struct header_key {
    std::string key;
    std::string currency;
};

header_key normalize_header(std::string_view header) {
    header_key result;
    auto text = trim(header);

    // "Planned (EUR)", "Actual [€]": a bracketed currency at the end.
    if (!text.empty() && (text.back() == ')' || text.back() == ']')) {
        const char open = text.back() == ')' ? '(' : '[';
        const auto start = text.rfind(open);
        if (start != std::string_view::npos && start > 0) {
            if (auto code = read_currency_marker(text.substr(start + 1, text.size() - start - 2))) {
                result.currency = std::move(*code);
                text = trim(text.substr(0, start));
            }
        }
    }

    // "Budget €", "Spend USD": a currency as the last word. Codes must be in capitals here, so
    // that a word such as "all" is never read as a currency.
    const auto space = text.find_last_of(' ');
    if (result.currency.empty() && space != std::string_view::npos) {
        const auto word = text.substr(space + 1);
        const bool symbol = !word.empty() && !std::isalpha(static_cast<unsigned char>(word[0]));
        if (symbol || is_upper_code(word)) {
            if (auto code = read_currency_marker(word)) {
                result.currency = std::move(*code);
                text = trim(text.substr(0, space));
            }
        }
    }

    // Letters in ASCII lower case and digits; spaces and punctuation do not count. Bytes
    // outside ASCII are kept so that non-English headers never collide by accident.
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || std::isdigit(byte)) {
            result.key.push_back(c);
        } else if (std::isalpha(byte)) {
            result.key.push_back(static_cast<char>(std::tolower(byte)));
        }
    }
    return result;
}

const synonym* find_synonym(import_kind kind, std::string_view key) {
    for (const auto& candidate : synonyms) {
        if (candidate.kind == kind && candidate.key == key) return &candidate;
    }
    return nullptr;
}

// "column 3 (C, "Budget")": the position people see in their spreadsheet.
std::string describe_column(std::size_t index, std::string_view header) {
    return "column " + std::to_string(index + 1) + " (" + column_letters(index) + ", \"" +
           std::string(header) + "\")";
}

// Headers that name a field, for the message about a missing one.
std::string examples_of(import_kind kind, import_field field) {
    switch (field) {
        case f::event_name:
            return "\"Event\" or \"Event name\"";
        case f::external_id:
            return kind == crm ? "\"Opportunity ID\" or \"Record ID\"" : "\"External ID\"";
        case f::opportunity_name:
            return "\"Opportunity Name\" or \"Deal Name\"";
        case f::amount:
            return "\"Amount\"";
        case f::planned:
            return "\"Planned\", \"Budget\", \"Committed\" or \"Actual\"";
        default:
            return "\"" + std::string(field_name(field)) + "\"";
    }
}

struct claim {
    std::size_t index;
    strength weight;
    std::string currency;
};

}  // namespace

std::string_view field_name(import_field field) noexcept {
    for (const auto& [value, name] : field_names) {
        if (value == field) return name;
    }
    return "unknown";
}

std::optional<import_field> field_from_name(std::string_view name) noexcept {
    for (const auto& [value, known] : field_names) {
        if (known == name) return value;
    }
    return std::nullopt;
}

std::vector<import_field> fields_of(import_kind kind) {
    if (kind == budget) {
        return {f::event_name, f::event_date, f::category, f::vendor,           f::description,
                f::planned,    f::committed,  f::actual,   f::external_line_id, f::currency};
    }
    return {f::currency, f::external_id, f::opportunity_name, f::account,     f::amount,
            f::stage,    f::close_date,  f::campaign,         f::attribution, f::weight};
}

std::vector<import_field> required_fields(import_kind kind) {
    if (kind == budget) return {f::event_name};
    return {f::external_id, f::opportunity_name, f::amount};
}

const mapped_column* column_mapping::find(import_field field) const noexcept {
    for (const auto& column : columns) {
        if (column.field == field) return &column;
    }
    return nullptr;
}

result<column_mapping> map_columns(import_kind kind, const std::vector<std::string>& header,
                                   const std::vector<column_override>& overrides) {
    const auto allowed = fields_of(kind);

    // Check the overrides before anything else: they are a person's explicit choices.
    std::map<std::size_t, const column_override*> chosen;
    std::map<import_field, std::size_t> chosen_fields;
    for (const auto& choice : overrides) {
        if (choice.index >= header.size()) {
            return fail(errc::invalid_argument,
                        "the mapping names column " + std::to_string(choice.index + 1) +
                            " but the file has " + std::to_string(header.size()),
                        "column " + std::to_string(choice.index + 1));
        }
        if (!chosen.emplace(choice.index, &choice).second) {
            return fail(errc::invalid_argument,
                        "the mapping names " + describe_column(choice.index, header[choice.index]) +
                            " twice",
                        "column " + std::to_string(choice.index + 1));
        }
        if (!choice.field) continue;
        const auto name = std::string(field_name(*choice.field));
        if (std::find(allowed.begin(), allowed.end(), *choice.field) == allowed.end()) {
            return fail(errc::invalid_argument, "this kind of file has no field " + name, name);
        }
        if (auto [it, added] = chosen_fields.emplace(*choice.field, choice.index); !added) {
            return fail(errc::invalid_argument,
                        "the mapping sends both " +
                            describe_column(it->second, header[it->second]) + " and " +
                            describe_column(choice.index, header[choice.index]) + " to " + name,
                        name);
        }
    }

    // Each column claims at most one field; the strongest claim on a field wins.
    column_mapping mapping;
    mapping.kind = kind;
    std::map<import_field, std::vector<claim>> claims;
    for (std::size_t index = 0; index < header.size(); ++index) {
        const auto text = std::string(trim(header[index]));
        auto key = normalize_header(text);
        if (auto it = chosen.find(index); it != chosen.end()) {
            if (!it->second->field) {
                mapping.unmapped.push_back({index, text, "left out by the mapping"});
                continue;
            }
            claims[*it->second->field].push_back({index, strength::chosen, key.currency});
            continue;
        }
        if (key.key.empty()) {
            mapping.unmapped.push_back({index, text, "the header is empty"});
            continue;
        }
        const auto* match = find_synonym(kind, key.key);
        if (match == nullptr) {
            mapping.unmapped.push_back({index, text, "not a known header"});
            continue;
        }
        claims[match->field].push_back({index, match->weight, key.currency});
    }

    for (auto& [field, candidates] : claims) {
        const auto name = std::string(field_name(field));
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const claim& a, const claim& b) { return a.weight > b.weight; });
        if (candidates.size() > 1 && candidates[0].weight == candidates[1].weight) {
            const auto a = candidates[0].index;
            const auto b = candidates[1].index;
            return fail(errc::invalid_argument,
                        describe_column(a, trim(header[a])) + " and " +
                            describe_column(b, trim(header[b])) + " both map to " + name +
                            "; choose one in the column mapping",
                        name);
        }
        const auto& winner = candidates.front();
        mapping.columns.push_back(
            {winner.index, field, std::string(trim(header[winner.index])), winner.currency});
        for (std::size_t k = 1; k < candidates.size(); ++k) {
            const auto index = candidates[k].index;
            mapping.unmapped.push_back(
                {index, std::string(trim(header[index])),
                 name + " is filled by " +
                     describe_column(winner.index, trim(header[winner.index]))});
        }
    }

    for (auto field : required_fields(kind)) {
        if (mapping.find(field) != nullptr) continue;
        const auto name = std::string(field_name(field));
        return fail(errc::invalid_argument,
                    "no column for the required field " + name + "; expected a header such as " +
                        examples_of(kind, field),
                    name);
    }
    if (kind == budget && mapping.find(f::planned) == nullptr &&
        mapping.find(f::committed) == nullptr && mapping.find(f::actual) == nullptr) {
        return fail(errc::invalid_argument,
                    "no amount column; expected a header such as " + examples_of(kind, f::planned),
                    "planned");
    }

    const auto by_index = [](const auto& a, const auto& b) { return a.index < b.index; };
    std::sort(mapping.columns.begin(), mapping.columns.end(), by_index);
    std::sort(mapping.unmapped.begin(), mapping.unmapped.end(), by_index);
    return mapping;
}

std::optional<import_kind> guess_import_kind(const std::vector<std::string>& header) {
    const auto as_budget = map_columns(budget, header);
    const auto as_crm = map_columns(crm, header);
    if (as_budget && !as_crm) return budget;
    if (as_crm && !as_budget) return crm;
    if (!as_budget || !as_crm) return std::nullopt;
    if (as_budget->columns.size() == as_crm->columns.size()) return std::nullopt;
    return as_budget->columns.size() > as_crm->columns.size() ? budget : crm;
}

}  // namespace dott::importer
