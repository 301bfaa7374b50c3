#include "store/summaries.hpp"

#include <array>
#include <charconv>
#include <map>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/money.hpp"
#include "domain/scoring.hpp"
#include "store/detail/cursor.hpp"
#include "store/scores.hpp"

namespace dott::store {
namespace {

using nlohmann::json;

/// The events of the range, as SQL over the alias `e` with the dates bound at $1 and $2.
constexpr const char* in_range =
    "e.org_id = app_org() and ($1::date is null or e.starts_on >= $1::date) "
    "and ($2::date is null or e.starts_on <= $2::date)";

/// A sum PostgreSQL computed as numeric, which must fit the exact 64-bit range.
result<std::int64_t> exact_sum(const pqxx::field& field) {
    if (field.is_null()) {
        return 0;
    }
    std::string_view text = field.c_str();
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return fail(errc::invalid_argument,
                    "a total of the portfolio exceeds the exact range of 64-bit minor units");
    }
    return value;
}

constexpr std::array<const char*, 3> spend_kinds = {"planned", "committed", "actual"};

/// Spend gathered for one category or one quarter: totals per currency, and every cell with
/// the date its conversion uses.
struct spend_group {
    std::array<domain::currency_totals, 3> totals;
    std::array<std::vector<domain::dated_money>, 3> dated;

    result<void> add(const std::string& currency, const std::array<std::int64_t, 3>& amounts,
                     const std::string& as_of) {
        for (std::size_t k = 0; k < amounts.size(); ++k) {
            if (auto added = totals[k].add(currency, amounts[k]); !added) {
                return added;
            }
            dated[k].push_back({{amounts[k], currency}, as_of});
        }
        return {};
    }

    /// The group as JSON under `key`: its totals per currency and, in the reporting currency,
    /// each kind of spend (null when a rate is missing).
    result<json> to_json(const std::string& key, const std::string& name, const std::string& to,
                         const std::vector<domain::exchange_rate>& rates,
                         std::vector<std::string>& missing) const {
        json by_currency = json::array();
        for (const auto& [currency, planned] : totals[0].by_currency()) {
            by_currency.push_back({{"currency", currency},
                                   {"planned_minor", planned},
                                   {"committed_minor", totals[1].by_currency().at(currency)},
                                   {"actual_minor", totals[2].by_currency().at(currency)}});
        }
        json reported = json::object();
        for (std::size_t k = 0; k < spend_kinds.size(); ++k) {
            auto total = domain::report_total(dated[k], to, rates, missing);
            if (!total) {
                return std::unexpected(total.error());
            }
            reported[spend_kinds[k]] = reported_json(*total);
        }
        return json{{key, name}, {"by_currency", by_currency}, {"reported", reported}};
    }
};

/// The groups of a map as a JSON array in key order.
result<json> groups_json(const std::map<std::string, spend_group>& groups, const std::string& key,
                         const std::string& to, const std::vector<domain::exchange_rate>& rates,
                         std::vector<std::string>& missing) {
    json list = json::array();
    for (const auto& [name, group] : groups) {
        auto one = group.to_json(key, name, to, rates, missing);
        if (!one) {
            return one;
        }
        list.push_back(std::move(*one));
    }
    return list;
}

/// A stored reported amount from a scorecard, or null when there is none.
json stored_json(const pqxx::field& field) {
    return field.is_null() ? json() : json::parse(field.c_str());
}

/// A mean PostgreSQL rounded to one decimal, or null over no rows.
json mean_json(const pqxx::field& field) {
    return field.is_null() ? json() : json(std::stod(field.c_str()));
}

}  // namespace

result<nlohmann::json> spend_by_category_and_quarter(db::transaction& tx,
                                                     const summary_range& range) {
    auto rows = tx.exec(
        std::string(
            "select l.category, to_char(e.starts_on, 'YYYY-\"Q\"Q'), l.currency, "
            "sum(l.planned_minor), sum(l.committed_minor), sum(l.actual_minor), count(*), "
            "(date_trunc('quarter', e.starts_on) + interval '3 months - 1 day')::date::text "
            "from budget_line_items l join events e on e.org_id = l.org_id and e.id = l.event_id "
            "where l.org_id = app_org() and ") +
            in_range + " group by 1, 2, 3, 8 order by 2, 1, 3",
        range.from, range.to);

    const std::string to = reporting_currency(tx);
    const std::vector<domain::exchange_rate> rates = load_exchange_rates(tx);
    json cells = json::array();
    std::map<std::string, spend_group> by_category;
    std::map<std::string, spend_group> by_quarter;
    for (const auto& row : rows) {
        std::array<std::int64_t, 3> amounts{};
        for (std::size_t k = 0; k < amounts.size(); ++k) {
            auto sum = exact_sum(row[static_cast<int>(3 + k)]);
            if (!sum) {
                return std::unexpected(sum.error());
            }
            amounts[k] = *sum;
        }
        const std::string category = row[0].as<std::string>();
        const std::string quarter = row[1].as<std::string>();
        const std::string currency = row[2].as<std::string>();
        const std::string quarter_end = row[7].as<std::string>();
        cells.push_back({{"category", category},
                         {"quarter", quarter},
                         {"currency", currency},
                         {"planned_minor", amounts[0]},
                         {"committed_minor", amounts[1]},
                         {"actual_minor", amounts[2]},
                         {"line_items", row[6].as<std::int64_t>()}});
        for (auto* group : {&by_category[category], &by_quarter[quarter]}) {
            if (auto added = group->add(currency, amounts, quarter_end); !added) {
                return std::unexpected(added.error());
            }
        }
    }

    std::vector<std::string> missing;
    auto categories = groups_json(by_category, "category", to, rates, missing);
    if (!categories) {
        return categories;
    }
    auto quarters = groups_json(by_quarter, "quarter", to, rates, missing);
    if (!quarters) {
        return quarters;
    }
    return json{
        {"reporting_currency", to},
        {"conversion", "each quarter's amounts at the latest rate dated on or before its last day"},
        {"cells", cells},
        {"by_category", *categories},
        {"by_quarter", *quarters},
        {"missing", missing}};
}

result<nlohmann::json> pipeline_by_event(db::transaction& tx, const pipeline_query& query) {
    std::optional<detail::cursor_position> after;
    if (query.cursor) {
        auto position = detail::decode_cursor(*query.cursor, "pipeline", false);
        if (!position) {
            return std::unexpected(position.error());
        }
        if (!domain::is_calendar_date(position->value)) {
            return fail(errc::invalid_argument, "cursor is not one this server issued", "cursor");
        }
        after = *position;
    }

    // One more event than asked tells whether another page follows.
    auto page = tx.exec(
        std::string("select e.id::text, e.starts_on::text from events e where ") + in_range +
            " and exists (select 1 from event_opportunities l where l.org_id = e.org_id "
            "and l.event_id = e.id) and ($3::date is null or (e.starts_on, e.id) > "
            "($3::date, $4::uuid)) order by e.starts_on, e.id limit $5::bigint",
        query.range.from, query.range.to,
        after ? std::optional<std::string>(after->value) : std::nullopt,
        after ? std::optional<std::string>(after->id) : std::nullopt, query.limit + 1);

    std::optional<std::string> next_cursor;
    std::string ids = "{";
    for (std::size_t i = 0; i < page.size() && i < query.limit; ++i) {
        ids += (i == 0 ? "" : ",") + page[static_cast<int>(i)][0].as<std::string>();
    }
    ids += "}";
    if (page.size() > query.limit) {
        const auto& last = page[static_cast<int>(query.limit - 1)];
        next_cursor = detail::encode_cursor("pipeline", false, last[1].as<std::string>(),
                                            last[0].as<std::string>());
    }

    auto rows = tx.exec(
        "select e.id, e.name, e.starts_on::text, o.currency, count(*), "
        "sum(o.amount_minor) filter (where l.attribution = 'sourced'), "
        "sum(o.amount_minor) filter (where l.attribution = 'influenced'), "
        "sum(o.amount_minor) filter (where o.is_won), "
        "(s.scorecard -> 'roi' -> 'attributed_pipeline')::text, "
        "(s.scorecard -> 'roi' -> 'won_revenue')::text "
        "from events e join event_opportunities l on l.org_id = e.org_id and l.event_id = e.id "
        "join opportunities o on o.org_id = l.org_id and o.id = l.opportunity_id "
        "left join event_scores s on s.org_id = e.org_id and s.event_id = e.id "
        "where e.org_id = app_org() and e.id = any($1::uuid[]) "
        "group by e.id, e.name, e.starts_on, o.currency, s.scorecard "
        "order by e.starts_on, e.id, o.currency",
        ids);

    json events = json::array();
    for (const auto& row : rows) {
        const std::string id = row[0].as<std::string>();
        if (events.empty() || events.back().at("event_id") != id) {
            events.push_back({{"event_id", id},
                              {"name", row[1].as<std::string>()},
                              {"starts_on", row[2].as<std::string>()},
                              {"opportunities", 0},
                              {"by_currency", json::array()},
                              {"attributed_pipeline", stored_json(row[8])},
                              {"won_revenue", stored_json(row[9])}});
        }
        json& event = events.back();
        std::array<std::int64_t, 3> sums{};
        for (std::size_t k = 0; k < sums.size(); ++k) {
            auto sum = exact_sum(row[static_cast<int>(5 + k)]);
            if (!sum) {
                return std::unexpected(sum.error());
            }
            sums[k] = *sum;
        }
        event["opportunities"] =
            event["opportunities"].get<std::int64_t>() + row[4].as<std::int64_t>();
        event["by_currency"].push_back({{"currency", row[3].as<std::string>()},
                                        {"sourced_minor", sums[0]},
                                        {"influenced_minor", sums[1]},
                                        {"won_minor", sums[2]}});
    }
    return json{{"reporting_currency", reporting_currency(tx)},
                {"events", events},
                {"next_cursor", next_cursor ? json(*next_cursor) : json()}};
}

result<nlohmann::json> score_distribution(db::transaction& tx, const summary_range& range) {
    const std::string from_scores = std::string(
                                        " from events e join event_scores s on s.org_id = e.org_id "
                                        "and s.event_id = e.id where ") +
                                    in_range;

    json bands = json::array();
    std::array<std::int64_t, 10> counts{};
    for (const auto& row :
         tx.exec("select least(s.combined / 10, 9), count(*)" + from_scores + " group by 1",
                 range.from, range.to)) {
        counts[static_cast<std::size_t>(row[0].as<int>())] = row[1].as<std::int64_t>();
    }
    for (std::size_t band = 0; band < counts.size(); ++band) {
        bands.push_back({{"from", band * 10},
                         {"to", band == 9 ? 100 : band * 10 + 9},
                         {"events", counts[band]}});
    }

    auto counted = [&](const std::string& column, std::initializer_list<const char*> keys) {
        json out = json::object();
        for (const char* key : keys) {
            out[key] = 0;
        }
        for (const auto& row :
             tx.exec("select " + column + ", count(*)" + from_scores + " group by 1", range.from,
                     range.to)) {
            out[row[0].as<std::string>()] = row[1].as<std::int64_t>();
        }
        return out;
    };
    json tiers = counted("s.tier", {"tier_1", "tier_2", "tier_3", "cut"});
    json decisions = counted("s.decision", {"repeat", "adjust", "cut"});

    auto overall = tx.exec(
        "select count(s.event_id), count(*) - count(s.event_id), "
        "round(avg(s.pre_event), 1)::text, round(avg(s.efficiency), 1)::text, "
        "round(avg(s.post_event), 1)::text, round(avg(s.combined), 1)::text, "
        "round(avg(s.rox), 1)::text, "
        "coalesce(array_to_json(array_agg(distinct s.formula_version) filter (where "
        "s.formula_version is not null))::text, '[]') "
        "from events e left join event_scores s on s.org_id = e.org_id and s.event_id = e.id "
        "where " +
            std::string(in_range),
        range.from, range.to)[0];

    return json{{"scored_events", overall[0].as<std::int64_t>()},
                {"unscored_events", overall[1].as<std::int64_t>()},
                {"combined_bands", bands},
                {"means",
                 {{"pre_event", mean_json(overall[2])},
                  {"efficiency", mean_json(overall[3])},
                  {"post_event", mean_json(overall[4])},
                  {"combined", mean_json(overall[5])},
                  {"rox", mean_json(overall[6])}}},
                {"tiers", tiers},
                {"decisions", decisions},
                {"formula_versions", json::parse(overall[7].c_str())}};
}

}  // namespace dott::store
