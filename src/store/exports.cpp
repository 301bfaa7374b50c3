#include "store/exports.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "store/detail/sql.hpp"

namespace dott::store {
namespace {

constexpr std::string_view cursor_name = "dott_export";
constexpr int batch_rows = 500;

// Walks the rows of `sql` through a cursor, one batch at a time.
result<void> walk(db::transaction& tx, const std::string& sql,
                  const std::function<result<void>(const pqxx::row&)>& each) {
    tx.exec("declare " + std::string(cursor_name) + " no scroll cursor for " + sql);
    const std::string fetch =
        "fetch forward " + std::to_string(batch_rows) + " from " + std::string(cursor_name);
    result<void> outcome;
    while (outcome) {
        auto rows = tx.exec(fetch);
        if (rows.empty()) break;
        for (const auto& row : rows) {
            outcome = each(row);
            if (!outcome) break;
        }
    }
    tx.exec("close " + std::string(cursor_name));
    return outcome;
}

// A sum of bigints, which SQL gives as numeric text, as a 64-bit integer.
result<std::int64_t> to_minor(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return fail(errc::invalid_argument, "a budget total is out of range");
    }
    return value;
}

std::optional<int> optional_int(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return field.as<int>();
}

}  // namespace

result<void> for_each_event_export(db::transaction& tx,
                                   const std::function<result<void>(const event_export&)>& each) {
    const std::string sql =
        "select e.id, e.name, e.type, e.status, e.tier, e.series, e.starts_on::text, "
        "e.ends_on::text, e.time_zone, e.city, e.country, e.venue, e.online, "
        "e.budget_planned_minor, e.budget_currency, e.budget_locked_at is not null, "
        "coalesce((select json_agg(json_build_array(t.currency, t.p, t.c, t.a) "
        "order by t.currency)::text from (select currency, sum(planned_minor)::text p, "
        "sum(committed_minor)::text c, sum(actual_minor)::text a from budget_line_items l "
        "where l.org_id = e.org_id and l.event_id = e.id group by currency) t), '[]') "
        "from events e where e.org_id = app_org() order by e.starts_on, e.id";
    return walk(tx, sql, [&](const pqxx::row& row) -> result<void> {
        event_export e;
        e.id = row[0].as<std::string>();
        e.name = row[1].as<std::string>();
        e.type = row[2].as<std::string>();
        e.status = row[3].as<std::string>();
        e.tier = optional_int(row[4]);
        e.series = detail::optional_text(row[5]);
        e.starts_on = row[6].as<std::string>();
        e.ends_on = row[7].as<std::string>();
        e.time_zone = row[8].as<std::string>();
        e.city = detail::optional_text(row[9]);
        e.country = detail::optional_text(row[10]);
        e.venue = detail::optional_text(row[11]);
        e.online = row[12].as<bool>();
        if (!row[13].is_null()) {
            e.budget_planned_minor = row[13].as<std::int64_t>();
        }
        e.budget_currency = detail::optional_text(row[14]);
        e.budget_locked = row[15].as<bool>();
        for (const auto& total : nlohmann::json::parse(row[16].as<std::string>())) {
            currency_budget sums{.currency = total[0].get<std::string>()};
            auto planned = to_minor(total[1].get<std::string>());
            auto committed = to_minor(total[2].get<std::string>());
            auto actual = to_minor(total[3].get<std::string>());
            if (!planned || !committed || !actual) {
                return fail(errc::invalid_argument, "a budget total is out of range");
            }
            sums.planned_minor = *planned;
            sums.committed_minor = *committed;
            sums.actual_minor = *actual;
            e.line_totals.push_back(sums);
        }
        return each(e);
    });
}

result<void> for_each_line_item_export(
    db::transaction& tx, const std::function<result<void>(const line_item_export&)>& each) {
    const std::string sql =
        "select l.id, l.event_id, e.name, e.starts_on::text, l.category, l.vendor, "
        "l.description, l.currency, l.planned_minor, l.committed_minor, l.actual_minor, "
        "l.approval, l.source, " DOTT_SQL_RFC3339("l.updated_at") " "
        "from budget_line_items l join events e on e.org_id = l.org_id and e.id = l.event_id "
        "where l.org_id = app_org() order by e.starts_on, e.id, l.created_at, l.id";
    return walk(tx, sql, [&](const pqxx::row& row) -> result<void> {
        line_item_export item;
        item.id = row[0].as<std::string>();
        item.event_id = row[1].as<std::string>();
        item.event_name = row[2].as<std::string>();
        item.event_starts_on = row[3].as<std::string>();
        item.category = row[4].as<std::string>();
        item.vendor = detail::optional_text(row[5]);
        item.description = row[6].as<std::string>();
        item.currency = row[7].as<std::string>();
        item.planned_minor = row[8].as<std::int64_t>();
        item.committed_minor = row[9].as<std::int64_t>();
        item.actual_minor = row[10].as<std::int64_t>();
        item.approval = row[11].as<std::string>();
        item.source = row[12].as<std::string>();
        item.updated_at = row[13].as<std::string>();
        return each(item);
    });
}

result<void> for_each_opportunity_export(
    db::transaction& tx, const std::function<result<void>(const opportunity_export&)>& each) {
    const std::string sql =
        "select o.id, o.crm, o.external_id, o.name, o.account, o.amount_minor, o.currency, "
        "o.stage, o.is_closed, o.is_won, o.close_date::text, "
        "coalesce((select json_agg(json_build_array(e.name, l.attribution, l.weight_percent) "
        "order by e.starts_on, e.name)::text from event_opportunities l join events e "
        "on e.org_id = l.org_id and e.id = l.event_id where l.org_id = o.org_id "
        "and l.opportunity_id = o.id), '[]') "
        "from opportunities o where o.org_id = app_org() "
        "order by o.close_date nulls last, o.name, o.id";
    return walk(tx, sql, [&](const pqxx::row& row) -> result<void> {
        opportunity_export o;
        o.id = row[0].as<std::string>();
        o.crm = row[1].as<std::string>();
        o.external_id = row[2].as<std::string>();
        o.name = row[3].as<std::string>();
        o.account = detail::optional_text(row[4]);
        o.amount_minor = row[5].as<std::int64_t>();
        o.currency = row[6].as<std::string>();
        o.stage = row[7].as<std::string>();
        o.is_closed = row[8].as<bool>();
        o.is_won = row[9].as<bool>();
        o.close_date = detail::optional_text(row[10]);
        for (const auto& link : nlohmann::json::parse(row[11].as<std::string>())) {
            o.links.push_back(
                {link[0].get<std::string>(), link[1].get<std::string>(),
                 link[2].is_null() ? std::nullopt : std::optional<int>(link[2].get<int>())});
        }
        return each(o);
    });
}

}  // namespace dott::store
