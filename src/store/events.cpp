#include "store/events.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/env.hpp"
#include "domain/calendar.hpp"
#include "store/detail/cursor.hpp"
#include "store/detail/sql.hpp"
#include "store/scores.hpp"

namespace dott::store {
namespace {

// Columns of every event query, in the order to_event() reads them.
constexpr const char* event_columns =
    "id, name, type, status, tier, series, owner_user_id, starts_on::text, ends_on::text, "
    "time_zone, city, country, venue, url, online, topics, source, "
    "version, " DOTT_SQL_RFC3339("created_at") ", " DOTT_SQL_RFC3339("updated_at") ", "
    "budget_planned_minor, budget_currency, " DOTT_SQL_RFC3339("budget_locked_at") ", "
    "budget_locked_by, to_char(start_time, 'HH24:MI'), to_char(end_time, 'HH24:MI'), goals, "
    "goals_set_on::text, target_pipeline_minor, target_pipeline_currency, target_meetings, "
    "target_leads, targets_defined_on::text, owner_assigned_on::text, recap_done_on::text, "
    // The instants of the first and last moment, from the wall clock and the time zone
    // database: an all-day event runs from midnight to the midnight after its last day.
    "to_char(((starts_on + coalesce(start_time, time '00:00')) at time zone time_zone) "
    "at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char((case when end_time is null then (ends_on + 1) + time '00:00' "
    "else ends_on + end_time end at time zone time_zone) at time zone 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

// The same, then the headline of the stored scores (nulls without them), for reads from
// scored_events: plain columns, which cost neither side a JSON document per event.
const std::string scored_event_columns =
    std::string(event_columns) +
    ", score_combined, score_tier, score_decision, score_formula_version, "
    "score_computed_for::text";

// Events with the headline of their stored scores. The joined columns are named apart from the
// event's own, so that the event's stay unambiguous wherever the statement names them.
constexpr const char* scored_events =
    "events left join (select org_id as score_org_id, event_id as score_event_id, "
    "combined as score_combined, tier as score_tier, decision as score_decision, "
    "formula_version as score_formula_version, computed_for as score_computed_for "
    "from event_scores) as scores on score_org_id = events.org_id and "
    "score_event_id = events.id";

template <typename T>
std::optional<T> optional_value(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return field.as<T>();
}

domain::event to_event(const pqxx::row& row) {
    domain::event e;
    e.id = row[0].as<std::string>();
    e.name = row[1].as<std::string>();
    e.type = row[2].as<std::string>();
    e.status = row[3].as<std::string>();
    if (!row[4].is_null()) {
        e.tier = row[4].as<int>();
    }
    e.series = detail::optional_text(row[5]);
    e.owner_user_id = detail::optional_text(row[6]);
    e.starts_on = row[7].as<std::string>();
    e.ends_on = row[8].as<std::string>();
    e.time_zone = row[9].as<std::string>();
    e.city = detail::optional_text(row[10]);
    e.country = detail::optional_text(row[11]);
    e.venue = detail::optional_text(row[12]);
    e.url = detail::optional_text(row[13]);
    e.online = row[14].as<bool>();
    auto topics = row[15].as_array();
    for (auto next = topics.get_next(); next.first != pqxx::array_parser::done;
         next = topics.get_next()) {
        if (next.first == pqxx::array_parser::string_value) {
            e.topics.push_back(std::move(next.second));
        }
    }
    e.source = row[16].as<std::string>();
    e.version = row[17].as<int>();
    e.created_at = row[18].as<std::string>();
    e.updated_at = row[19].as<std::string>();
    if (!row[20].is_null()) {
        e.budget.planned_minor = row[20].as<std::int64_t>();
    }
    e.budget.currency = detail::optional_text(row[21]);
    e.budget.locked_at = detail::optional_text(row[22]);
    e.budget.locked_by = detail::optional_text(row[23]);
    e.start_time = detail::optional_text(row[24]);
    e.end_time = detail::optional_text(row[25]);
    e.goals = detail::optional_text(row[26]);
    e.goals_set_on = detail::optional_text(row[27]);
    e.targets.pipeline_minor = optional_value<std::int64_t>(row[28]);
    e.targets.pipeline_currency = detail::optional_text(row[29]);
    e.targets.meetings = optional_value<std::int64_t>(row[30]);
    e.targets.leads = optional_value<std::int64_t>(row[31]);
    e.targets.defined_on = detail::optional_text(row[32]);
    e.owner_assigned_on = detail::optional_text(row[33]);
    e.recap_done_on = detail::optional_text(row[34]);
    e.starts_at = row[35].as<std::string>();
    e.ends_at = row[36].as<std::string>();
    if (row.size() > 41 && !row[37].is_null()) {
        e.scores = domain::event_score_summary{row[37].as<int>(), row[38].as<std::string>(),
                                               row[39].as<std::string>(), row[40].as<int>(),
                                               row[41].as<std::string>()};
    }
    return e;
}

std::string topics_json(const domain::event& e) { return nlohmann::json(e.topics).dump(); }

std::optional<int> tier_param(const domain::event& e) { return e.tier; }

// The SQL of a sort key (never NULL, so that keyset pagination stays exact; qualified, so that
// ORDER BY never takes it for an output column), its cursor type and its name in cursors.
struct sort_sql {
    const char* expression;
    const char* type;
    const char* name;
};

sort_sql sort_of(event_sort sort) {
    switch (sort) {
        case event_sort::name:
            return {"events.name", "text", "name"};
        case event_sort::combined:
            return {"coalesce(score_combined, -1)", "integer", "combined"};
        default:
            return {"events.starts_on", "date", "starts_on"};
    }
}

/// Whether a cursor's value has the type of its sort key, so that a forged cursor is refused
/// by name instead of failing in the database.
bool holds_sort_value(const sort_sql& key, const std::string& value) {
    if (std::string_view(key.type) == "date") {
        return domain::is_calendar_date(value);
    }
    if (std::string_view(key.type) == "integer") {
        std::size_t start = value.starts_with('-') ? 1 : 0;
        return value.size() > start && value.size() <= 11 &&
               std::all_of(value.begin() + static_cast<std::ptrdiff_t>(start), value.end(),
                           [](char c) { return c >= '0' && c <= '9'; });
    }
    return true;
}

// Escapes LIKE wildcards so a search for "50%" matches the text "50%".
std::string like_pattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern.push_back('\\');
        }
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

nlohmann::json audit_snapshot(const domain::event& e) {
    auto nullable = [](const auto& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    return {{"name", e.name},
            {"status", e.status},
            {"type", e.type},
            {"starts_on", e.starts_on},
            {"ends_on", e.ends_on},
            {"target_pipeline_minor", nullable(e.targets.pipeline_minor)},
            {"target_pipeline_currency", nullable(e.targets.pipeline_currency)},
            {"version", e.version}};
}

nlohmann::json budget_snapshot(const domain::event_budget& budget) {
    return {{"planned_minor", budget.planned_minor ? nlohmann::json(*budget.planned_minor)
                                                   : nlohmann::json(nullptr)},
            {"currency", budget.currency ? nlohmann::json(*budget.currency) : nlohmann::json()},
            {"locked", budget.is_locked()}};
}

}  // namespace

std::string list_events_sql(event_sort sort, bool descending) {
    // Sort expressions name the table's columns: a bare "starts_on" would be the select list's
    // text copy of it, which no index holds, so every page would read and sort the whole
    // portfolio instead of reading one page of events_org_start_idx.
    const sort_sql key = sort_of(sort);
    const std::string order = descending ? " desc" : " asc";
    const std::string expression = key.expression;
    return "select " + scored_event_columns + ", (" + expression + ")::text as sort_value from " +
           scored_events +
           " where org_id = app_org()"
           " and ($1::date is null or starts_on >= $1::date)"
           " and ($2::date is null or starts_on <= $2::date)"
           " and ($3::text is null or status = $3)"
           " and ($4::text is null or type = $4)"
           " and ($5::text is null or name ilike $5 or series ilike $5"
           "      or city ilike $5 or country ilike $5)"
           " and ($7::uuid is null or (" +
           expression + ", events.id) " + (descending ? "<" : ">") + " ($6::" + key.type +
           ", $7::uuid)) order by " + expression + order + ", events.id" + order + " limit $8";
}

result<event_page> list_events(db::transaction& tx, const event_filter& filter) {
    const sort_sql key = sort_of(filter.sort);
    std::optional<detail::cursor_position> after;
    if (filter.cursor) {
        auto position = detail::decode_cursor(*filter.cursor, key.name, filter.descending);
        if (!position) {
            return std::unexpected(position.error());
        }
        if (!holds_sort_value(key, position->value)) {
            return fail(errc::invalid_argument, "cursor is not one this server issued", "cursor");
        }
        after = *position;
    }
    std::optional<std::string> pattern;
    if (filter.text) {
        pattern = like_pattern(*filter.text);
    }
    std::optional<std::string> after_value;
    std::optional<std::string> after_id;
    if (after) {
        after_value = after->value;
        after_id = after->id;
    }

    // One more row than asked tells whether another page follows.
    auto rows = tx.exec(list_events_sql(filter.sort, filter.descending), filter.starts_from,
                        filter.starts_until, filter.status, filter.type, pattern, after_value,
                        after_id, static_cast<long>(filter.limit + 1));

    event_page page;
    std::string last_value;
    for (const auto& row : rows) {
        if (page.events.size() == filter.limit) {
            page.next_cursor = detail::encode_cursor(key.name, filter.descending, last_value,
                                                     page.events.back().id);
            break;
        }
        page.events.push_back(to_event(row));
        last_value = row[row.size() - 1].as<std::string>();
    }
    return page;
}

result<domain::event> get_event(db::transaction& tx, const std::string& event_id, row_lock lock) {
    auto rows = tx.exec("select " + scored_event_columns + " from " + scored_events +
                            " where org_id = app_org() and id = $1::uuid" +
                            (lock == row_lock::for_update ? " for update of events" : ""),
                        event_id);
    if (rows.empty()) {
        return fail(errc::not_found, "not found");
    }
    return to_event(rows[0]);
}

result<domain::event> insert_event(db::transaction& tx, const domain::event& given) {
    domain::event e = given;
    domain::date_plan_steps(e, utc_date(tx.now()));
    auto rows = tx.exec(
        std::string("insert into events (org_id, name, type, status, tier, series, "
                    "owner_user_id, starts_on, ends_on, time_zone, city, country, venue, url, "
                    "online, topics, source, start_time, end_time, goals, goals_set_on, "
                    "target_pipeline_minor, target_pipeline_currency, target_meetings, "
                    "target_leads, targets_defined_on, owner_assigned_on, recap_done_on, "
                    "created_by) values (app_org(), $1, $2, $3, $4, $5, "
                    "$6::uuid, $7::date, $8::date, $9, $10, $11, $12, $13, $14, "
                    "array(select jsonb_array_elements_text($15::jsonb)), $16, $17::time, "
                    "$18::time, $19, $20::date, $21::bigint, $22, $23::integer, $24::integer, "
                    "$25::date, $26::date, $27::date, app_user()) returning ") +
            event_columns,
        e.name, e.type, e.status, tier_param(e), e.series, e.owner_user_id, e.starts_on, e.ends_on,
        e.time_zone, e.city, e.country, e.venue, e.url, e.online, topics_json(e), e.source,
        e.start_time, e.end_time, e.goals, e.goals_set_on, e.targets.pipeline_minor,
        e.targets.pipeline_currency, e.targets.meetings, e.targets.leads, e.targets.defined_on,
        e.owner_assigned_on, e.recap_done_on);
    domain::event inserted = to_event(rows[0]);
    auto audited = append_audit(tx, "event.created", "event", inserted.id,
                                {{"after", audit_snapshot(inserted)}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    schedule_event_scores(tx, nullptr, &inserted);
    return inserted;
}

result<domain::event> update_event(db::transaction& tx, const domain::event& before,
                                   const domain::event& changed) {
    domain::event e = changed;
    domain::date_plan_steps(e, utc_date(tx.now()));
    auto rows = tx.exec(
        std::string("update events set name = $2, type = $3, status = $4, tier = $5, "
                    "series = $6, owner_user_id = $7::uuid, starts_on = $8::date, "
                    "ends_on = $9::date, time_zone = $10, city = $11, country = $12, "
                    "venue = $13, url = $14, online = $15, "
                    "topics = array(select jsonb_array_elements_text($16::jsonb)), "
                    "start_time = $18::time, end_time = $19::time, goals = $20, "
                    "goals_set_on = $21::date, target_pipeline_minor = $22::bigint, "
                    "target_pipeline_currency = $23, target_meetings = $24::integer, "
                    "target_leads = $25::integer, targets_defined_on = $26::date, "
                    "owner_assigned_on = $27::date, recap_done_on = $28::date, "
                    "version = version + 1, updated_at = now() "
                    "where org_id = app_org() and id = $1::uuid and version = $17 returning ") +
            event_columns,
        before.id, e.name, e.type, e.status, tier_param(e), e.series, e.owner_user_id, e.starts_on,
        e.ends_on, e.time_zone, e.city, e.country, e.venue, e.url, e.online, topics_json(e),
        before.version, e.start_time, e.end_time, e.goals, e.goals_set_on, e.targets.pipeline_minor,
        e.targets.pipeline_currency, e.targets.meetings, e.targets.leads, e.targets.defined_on,
        e.owner_assigned_on, e.recap_done_on);
    if (rows.empty()) {
        return fail(errc::precondition_failed, "the event was changed by someone else");
    }
    domain::event updated = to_event(rows[0]);
    auto audited =
        append_audit(tx, "event.updated", "event", updated.id,
                     {{"before", audit_snapshot(before)}, {"after", audit_snapshot(updated)}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    schedule_event_scores(tx, &before, &updated);
    return updated;
}

result<void> delete_event(db::transaction& tx, const domain::event& before) {
    // The budget lines go with the event (on delete cascade); the audit entry keeps the money
    // each of them held.
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& row :
         tx.exec("select id, category, currency, planned_minor, committed_minor, actual_minor "
                 "from budget_line_items where org_id = app_org() and event_id = $1::uuid "
                 "order by created_at, id",
                 before.id)) {
        lines.push_back({{"id", row[0].as<std::string>()},
                         {"category", row[1].as<std::string>()},
                         {"currency", row[2].as<std::string>()},
                         {"planned_minor", row[3].as<std::int64_t>()},
                         {"committed_minor", row[4].as<std::int64_t>()},
                         {"actual_minor", row[5].as<std::int64_t>()}});
    }
    tx.exec("delete from events where org_id = app_org() and id = $1::uuid", before.id);
    schedule_event_scores(tx, &before, nullptr);
    return append_audit(tx, "event.deleted", "event", before.id,
                        {{"before", audit_snapshot(before)}, {"line_items", lines}});
}

result<domain::event> set_event_budget(db::transaction& tx, const domain::event& before,
                                       std::int64_t planned_minor, const std::string& currency) {
    if (before.budget.is_locked()) {
        return fail(errc::conflict, "the event's budget is locked; unlock it to change the plan");
    }
    auto rows = tx.exec(std::string("update events set budget_planned_minor = $2, "
                                    "budget_currency = $3, version = version + 1, "
                                    "updated_at = now() where org_id = app_org() and "
                                    "id = $1::uuid returning ") +
                            event_columns,
                        before.id, planned_minor, currency);
    domain::event after = to_event(rows[0]);
    schedule_scores(tx, before.id);
    auto audited = append_audit(
        tx, "budget.planned_set", "event", before.id,
        {{"before", budget_snapshot(before.budget)}, {"after", budget_snapshot(after.budget)}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return after;
}

result<domain::event> set_event_budget_lock(db::transaction& tx, const domain::event& before,
                                            bool locked) {
    if (locked && !before.budget.planned_minor) {
        return fail(errc::conflict, "set the planned total before locking the budget");
    }
    if (before.budget.is_locked() == locked) {
        return before;
    }
    auto rows = tx.exec(
        std::string(
            "update events set budget_locked_at = case when $2::boolean then " DOTT_SQL_TIMESTAMP(
                "$3") " end, budget_locked_by = case when $2::boolean then app_user() end, "
                      "version = version + 1, updated_at = now() "
                      "where org_id = app_org() and id = $1::uuid returning ") +
            event_columns,
        before.id, locked, detail::to_epoch_micros(tx.now()));
    domain::event after = to_event(rows[0]);
    schedule_scores(tx, before.id);
    auto audited = append_audit(tx, locked ? "budget.locked" : "budget.unlocked", "event",
                                before.id, {{"budget", budget_snapshot(after.budget)}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return after;
}

result<upsert_outcome> upsert_event_by_key(db::transaction& tx, const domain::event& e,
                                           const std::string& source_key) {
    // An existing event is touched only when the listing says something new, so that loading
    // the same file twice changes nothing at all. xmax = 0 only on a freshly inserted row.
    auto rows = tx.exec(
        "insert into events (org_id, name, type, status, starts_on, ends_on, time_zone, city, "
        "country, url, online, topics, source, source_key, created_by) values (app_org(), $1, "
        "$2, $3, $4::date, $5::date, $6, $7, $8, $9, $10, "
        "array(select jsonb_array_elements_text($11::jsonb)), $12, $13, app_user()) "
        "on conflict (org_id, source_key) where source_key is not null do update set "
        "ends_on = excluded.ends_on, city = excluded.city, country = excluded.country, "
        "url = excluded.url, online = excluded.online, "
        "topics = array(select distinct t from unnest(events.topics || excluded.topics) t "
        "order by t), version = events.version + 1, updated_at = now() "
        "where (events.ends_on, events.city, events.country, events.url, events.online) "
        "is distinct from (excluded.ends_on, excluded.city, excluded.country, excluded.url, "
        "excluded.online) or not (excluded.topics <@ events.topics) "
        "returning (xmax = 0) as inserted, id",
        e.name, e.type, e.status, e.starts_on, e.ends_on, e.time_zone, e.city, e.country, e.url,
        e.online, topics_json(e), e.source, source_key);
    if (rows.empty()) {
        return upsert_outcome::unchanged;
    }
    schedule_scores(tx, rows[0][1].as<std::string>());
    return rows[0][0].as<bool>() ? upsert_outcome::inserted : upsert_outcome::updated;
}

result<std::map<std::string, budget_totals>> list_budget_totals(db::transaction& tx) {
    auto rows = tx.exec(
        "select event_id, currency, sum(planned_minor)::text, sum(actual_minor)::text "
        "from budget_line_items where org_id = app_org() group by event_id, currency");
    std::map<std::string, budget_totals> totals;
    for (const auto& row : rows) {
        auto& entry = totals[row[0].as<std::string>()];
        std::string currency = row[1].as<std::string>();

        // Sums of bigint are numeric in SQL and may exceed 64 bits; refuse rather than wrap.
        long long planned = 0;
        long long actual = 0;
        try {
            planned = std::stoll(row[2].as<std::string>());
            actual = std::stoll(row[3].as<std::string>());
        } catch (const std::out_of_range&) {
            return fail(errc::invalid_argument, "a budget total is out of range");
        }
        if (auto added = entry.planned.add(currency, planned); !added) {
            return std::unexpected(added.error());
        }
        if (auto added = entry.actual.add(currency, actual); !added) {
            return std::unexpected(added.error());
        }
    }
    return totals;
}

result<void> append_audit(db::transaction& tx, const std::string& action,
                          const std::string& target_type, const std::string& target_id,
                          const nlohmann::json& detail) {
    tx.exec(
        "insert into audit_log (org_id, actor_user_id, action, target_type, target_id, detail) "
        "values (app_org(), app_user(), $1, $2, $3, $4::jsonb)",
        action, target_type, target_id, detail.dump());
    return {};
}

result<void> lock_event(db::transaction& tx, const std::string& event_id) {
    if (tx.exec("select 1 from events where org_id = app_org() and id = $1::uuid for update",
                event_id)
            .empty()) {
        return fail(errc::not_found, "not found");
    }
    return {};
}

}  // namespace dott::store
