#include "store/resource.hpp"

#include <algorithm>

#include "common/env.hpp"
#include "crypto/crypto.hpp"
#include "domain/calendar.hpp"
#include "domain/money.hpp"
#include "store/detail/cursor.hpp"
#include "store/detail/sql.hpp"
#include "store/scores.hpp"

namespace dott::store {
namespace {

using nlohmann::json;

/// The SQL type a field's value is bound as.
std::string_view sql_type(field_type type) {
    switch (type) {
        case field_type::integer:
        case field_type::minor_units:
            return "bigint";
        case field_type::date:
            return "date";
        case field_type::boolean:
            return "boolean";
        case field_type::member:
        case field_type::row:
            return "uuid";
        default:
            return "text";
    }
}

bool is_event_child(const resource& r) { return r.parent == parent_kind::event; }

/// The columns that identify a row besides org_id: its id, or its event for a one-per-event
/// resource.
std::string key_condition(const resource& r, int first_param) {
    std::string n = std::to_string(first_param);
    if (r.one_per_event) {
        return "org_id = app_org() and event_id = $" + n + "::uuid";
    }
    return "org_id = app_org() and id = $" + n + "::uuid";
}

/// The JSON form of a row as SQL: every field under its own name, plus the row's identity,
/// version and times.
std::string projection(const resource& r) {
    std::string sql = "jsonb_build_object(";
    if (!r.one_per_event) {
        sql += "'id', id, ";
    }
    if (is_event_child(r)) {
        sql += "'event_id', event_id, ";
    }
    for (const auto& f : r.fields) {
        sql += "'" + std::string(f.name) + "', " + std::string(f.name) + ", ";
    }
    sql += "'version', version, 'created_at', " DOTT_SQL_RFC3339(
        "created_at") ", 'updated_at', " DOTT_SQL_RFC3339("updated_at") ")::text";
    return sql;
}

json parse_row(const pqxx::field& field) { return json::parse(field.c_str()); }

/// A JSON value as the text PostgreSQL reads for the field's type; NULL for JSON null.
std::optional<std::string> bind_value(const json& value) {
    if (value.is_null()) {
        return std::nullopt;
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    return value.dump();
}

std::string describe(const resource& r) { return std::string(r.singular); }

/// The checks a JSON Schema cannot make, for the fields present in `values`.
result<void> check_values(db::transaction& tx, const resource& r, const json& values) {
    for (const auto& f : r.fields) {
        auto found = values.find(f.name);
        if (found == values.end() || found->is_null()) {
            continue;
        }
        const std::string name(f.name);
        switch (f.type) {
            case field_type::date:
                if (!domain::is_calendar_date(found->get<std::string>())) {
                    return fail(errc::invalid_argument,
                                name + " \"" + found->get<std::string>() +
                                    "\" is not a calendar date (YYYY-MM-DD)",
                                name);
                }
                break;
            case field_type::currency:
                if (!domain::is_currency_code(found->get<std::string>())) {
                    return fail(errc::invalid_argument,
                                name + " must be an ISO 4217 currency code such as EUR", name);
                }
                break;
            case field_type::member:
                if (tx.exec("select 1 from memberships where org_id = app_org() and "
                            "user_id = $1::uuid",
                            found->get<std::string>())
                        .empty()) {
                    return fail(errc::invalid_argument,
                                name + " is not a member of this organization", name);
                }
                break;
            case field_type::row:
                if (tx.exec("select 1 from " + std::string(f.references) +
                                " where org_id = app_org() and id = $1::uuid",
                            found->get<std::string>())
                        .empty()) {
                    return fail(errc::invalid_argument,
                                name + " does not name a row of " + std::string(f.references) +
                                    " in this organization",
                                name);
                }
                break;
            default:
                break;
        }
    }
    return {};
}

/// Refuses a row whose unique key another row of the organization (or event) already holds.
result<void> check_unique(db::transaction& tx, const resource& r, const json& row,
                          const json* before) {
    for (const auto& key : r.unique_keys) {
        std::string sql = "select 1 from " + std::string(r.table) + " where org_id = app_org()";
        std::vector<std::optional<std::string>> params;
        bool complete = true;
        for (const auto& name : key.fields) {
            const json& value = row.at(name);
            if (value.is_null()) {
                complete = false;
                break;
            }
            params.push_back(bind_value(value));
            const field* f = r.find_field(name);
            std::string type = f != nullptr ? std::string(sql_type(f->type)) : "uuid";
            std::string column(name);
            if (f != nullptr && f->type == field_type::email) {
                sql += " and lower(" + column + ") = lower($" + std::to_string(params.size()) + ")";
            } else {
                sql += " and " + column + " = $" + std::to_string(params.size()) + "::" + type;
            }
        }
        if (!complete) {
            continue;
        }
        if (before != nullptr && !r.one_per_event) {
            params.push_back(before->at("id").get<std::string>());
            sql += " and id <> $" + std::to_string(params.size()) + "::uuid";
        }
        if (!tx.exec_list(sql, params).empty()) {
            return fail(errc::conflict, std::string(key.message), std::string(key.fields.back()));
        }
    }
    return {};
}

/// The money fields of a row and their currency, as the audit log keeps them.
json money_of(const resource& r, const json& row) {
    json money = json::object();
    for (const auto& f : r.fields) {
        if (f.type == field_type::minor_units || f.type == field_type::currency) {
            money[std::string(f.name)] = row.at(f.name);
        }
    }
    return money;
}

/// The audit entry of a write: the money before and after, and the names (not the values,
/// which may be personal data) of the other fields that changed.
json audit_detail(const resource& r, const json* before, const json* after) {
    json detail = json::object();
    const json& some = after != nullptr ? *after : *before;
    if (is_event_child(r)) {
        detail["event_id"] = some.at("event_id");
    }
    json money_before = before != nullptr ? money_of(r, *before) : json::object();
    json money_after = after != nullptr ? money_of(r, *after) : json::object();
    if (!money_before.empty() || !money_after.empty()) {
        if (before != nullptr) {
            detail["before"] = money_before;
        }
        if (after != nullptr) {
            detail["after"] = money_after;
        }
    }
    if (before != nullptr && after != nullptr) {
        json changed = json::array();
        for (const auto& f : r.fields) {
            if (before->at(f.name) != after->at(f.name)) {
                changed.push_back(f.name);
            }
        }
        detail["changed"] = changed;
    }
    return detail;
}

std::string audit_target(const resource& r, const json& row) {
    return r.one_per_event ? row.at("event_id").get<std::string>()
                           : row.at("id").get<std::string>();
}

/// Registers computing again the stored scores that a write of `row` can change. For a row
/// linked to events, call it before a delete: the links go with the row.
result<void> schedule_effect(db::transaction& tx, const resource& r, const json& row) {
    switch (r.effect) {
        case score_effect::none:
            return {};
        case score_effect::event:
            schedule_scores(tx, row.at("event_id").get<std::string>());
            return {};
        case score_effect::linked_events:
            return schedule_linked_scores(tx, std::string(r.table),
                                          row.at("id").get<std::string>());
        case score_effect::all_events:
            schedule_all_scores(tx);
            return {};
    }
    return {};
}

/// Runs the checks shared by create and change on the row as it will be written.
result<void> check_row(db::transaction& tx, const resource& r, json& row, const json* before,
                       const json& given, const std::string& today) {
    if (auto checked = check_values(tx, r, given); !checked) {
        return checked;
    }
    if (r.rules) {
        if (auto ruled = r.rules(row, before, today); !ruled) {
            return ruled;
        }
    }
    return check_unique(tx, r, row, before);
}

const sort_key* find_sort(const resource& r, std::string_view name) {
    if (name.empty()) {
        return &r.sorts.front();
    }
    for (const auto& key : r.sorts) {
        if (key.name == name) {
            return &key;
        }
    }
    return nullptr;
}

/// Whether `value` is a valid query value for a filter on `f`.
bool is_filter_value(const field& f, const std::string& value) {
    switch (f.type) {
        case field_type::choice:
            return std::find(f.choices.begin(), f.choices.end(), value) != f.choices.end();
        case field_type::member:
        case field_type::row:
            return is_uuid(value);
        case field_type::boolean:
            return value == "true" || value == "false";
        case field_type::currency:
            return domain::is_currency_code(value);
        case field_type::date:
            return domain::is_calendar_date(value);
        case field_type::integer: {
            if (value.empty() || value.size() > 18) {
                return false;
            }
            std::size_t start = value[0] == '-' ? 1 : 0;
            return start < value.size() &&
                   std::all_of(value.begin() + static_cast<std::ptrdiff_t>(start), value.end(),
                               [](char c) { return c >= '0' && c <= '9'; });
        }
        default:
            return value.size() <= 300;
    }
}

}  // namespace

const field* resource::find_field(std::string_view field_name) const {
    for (const auto& f : fields) {
        if (f.name == field_name) {
            return &f;
        }
    }
    return nullptr;
}

const resource* find_resource(std::string_view name) {
    for (const auto& r : resources()) {
        if (r.name == name) {
            return &r;
        }
    }
    return nullptr;
}

result<void> check_query(const resource& r, const row_query& query) {
    for (const auto& [name, value] : query.equals) {
        const field* f = r.find_field(name);
        if (f == nullptr ||
            std::find(r.filters.begin(), r.filters.end(), name) == r.filters.end()) {
            return fail(errc::invalid_argument, name + " is not a filter of " + describe(r) + "s",
                        name);
        }
        if (!is_filter_value(*f, value)) {
            return fail(errc::invalid_argument, name + " \"" + value + "\" is not a valid value",
                        name);
        }
    }
    if (find_sort(r, query.sort) == nullptr) {
        std::string names;
        for (const auto& key : r.sorts) {
            names += (names.empty() ? "" : ", ") + std::string(key.name);
        }
        return fail(errc::invalid_argument, "sort must be one of " + names + ", or - before one",
                    "sort");
    }
    return {};
}

result<row_page> list_rows(db::transaction& tx, const resource& r, const row_query& query) {
    if (auto checked = check_query(r, query); !checked) {
        return std::unexpected(checked.error());
    }
    const sort_key& key = *find_sort(r, query.sort);
    std::optional<detail::cursor_position> after;
    if (query.cursor) {
        auto position = detail::decode_cursor(*query.cursor, key.name, query.descending);
        if (!position) {
            return std::unexpected(position.error());
        }
        after = *position;
    }

    std::vector<std::optional<std::string>> params;
    auto param = [&](std::optional<std::string> value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    std::string sql = "select " + projection(r) + ", (" + std::string(key.sql) + ")::text, " +
                      (r.one_per_event ? "event_id" : "id") + "::text from " +
                      std::string(r.table) + " where org_id = app_org()";
    if (is_event_child(r)) {
        sql += " and event_id = " + param(query.event_id) + "::uuid";
    }
    for (const auto& [name, value] : query.equals) {
        const field* f = r.find_field(name);
        sql += " and " + name + " = " + param(value) + "::" + std::string(sql_type(f->type));
    }
    const std::string id_column = r.one_per_event ? "event_id" : "id";
    const std::string order = query.descending ? " desc" : " asc";
    if (after) {
        sql += " and ((" + std::string(key.sql) + "), " + id_column + ") " +
               (query.descending ? "<" : ">") + " (" + param(after->value) +
               "::" + std::string(key.sql_type) + ", " + param(after->id) + "::uuid)";
    }
    // One more row than asked tells whether another page follows.
    sql += " order by " + std::string(key.sql) + order + ", " + id_column + order + " limit " +
           param(std::to_string(query.limit + 1)) + "::bigint";

    row_page page;
    std::string last_value;
    std::string last_id;
    for (const auto& row : tx.exec_list(sql, params)) {
        if (page.rows.size() == query.limit) {
            page.next_cursor =
                detail::encode_cursor(key.name, query.descending, last_value, last_id);
            break;
        }
        page.rows.push_back(parse_row(row[0]));
        last_value = row[1].as<std::string>();
        last_id = row[2].as<std::string>();
    }
    return page;
}

result<nlohmann::json> get_row(db::transaction& tx, const resource& r, const std::string& event_id,
                               const std::string& id, row_lock lock) {
    std::string sql = "select " + projection(r) + " from " + std::string(r.table) + " where ";
    pqxx::result rows;
    if (r.one_per_event) {
        rows =
            tx.exec(sql + key_condition(r, 1) + (lock == row_lock::for_update ? " for update" : ""),
                    event_id);
    } else if (is_event_child(r)) {
        rows = tx.exec(sql + key_condition(r, 1) + " and event_id = $2::uuid" +
                           (lock == row_lock::for_update ? " for update" : ""),
                       id, event_id);
    } else {
        rows = tx.exec(
            sql + key_condition(r, 1) + (lock == row_lock::for_update ? " for update" : ""), id);
    }
    if (rows.empty()) {
        return fail(errc::not_found, "not found");
    }
    return parse_row(rows[0][0]);
}

result<nlohmann::json> insert_row(db::transaction& tx, const resource& r,
                                  const std::string& event_id, const nlohmann::json& values,
                                  const std::string& today) {
    json row = json::object();
    if (is_event_child(r)) {
        row["event_id"] = event_id;
    }
    for (const auto& f : r.fields) {
        row[std::string(f.name)] = values.contains(f.name) ? values.at(f.name) : json();
    }
    if (auto checked = check_row(tx, r, row, nullptr, values, today); !checked) {
        return std::unexpected(checked.error());
    }

    // A field left out keeps the column's default (a status starts as the first state).
    std::vector<std::optional<std::string>> params;
    std::string columns = "org_id, created_by";
    std::string placeholders = "app_org(), app_user()";
    if (is_event_child(r)) {
        params.push_back(event_id);
        columns += ", event_id";
        placeholders += ", $1::uuid";
    }
    for (const auto& f : r.fields) {
        const json& value = row.at(f.name);
        if (value.is_null() && !values.contains(f.name) && !f.nullable) {
            continue;
        }
        params.push_back(bind_value(value));
        columns += ", " + std::string(f.name);
        placeholders +=
            ", $" + std::to_string(params.size()) + "::" + std::string(sql_type(f.type));
    }
    auto rows = tx.exec_list("insert into " + std::string(r.table) + " (" + columns + ") values (" +
                                 placeholders + ") returning " + projection(r),
                             params);
    json inserted = parse_row(rows[0][0]);
    if (auto scheduled = schedule_effect(tx, r, inserted); !scheduled) {
        return std::unexpected(scheduled.error());
    }
    auto audited = append_audit(tx, std::string(r.singular) + ".created", std::string(r.singular),
                                audit_target(r, inserted), audit_detail(r, nullptr, &inserted));
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return inserted;
}

result<nlohmann::json> update_row(db::transaction& tx, const resource& r,
                                  const nlohmann::json& before, const nlohmann::json& changes,
                                  const std::string& today) {
    json row = before;
    for (const auto& f : r.fields) {
        if (!changes.contains(f.name)) {
            continue;
        }
        if (f.fixed && changes.at(f.name) != before.at(f.name)) {
            return fail(errc::invalid_argument,
                        std::string(f.name) + " cannot change; delete the " + describe(r) +
                            " and create another",
                        std::string(f.name));
        }
        if (changes.at(f.name).is_null() && !f.nullable) {
            return fail(errc::invalid_argument, std::string(f.name) + " cannot be null",
                        std::string(f.name));
        }
        row[std::string(f.name)] = changes.at(f.name);
    }
    if (auto checked = check_row(tx, r, row, &before, changes, today); !checked) {
        return std::unexpected(checked.error());
    }

    std::vector<std::optional<std::string>> params;
    params.push_back(r.one_per_event ? before.at("event_id").get<std::string>()
                                     : before.at("id").get<std::string>());
    std::string assignments;
    for (const auto& f : r.fields) {
        params.push_back(bind_value(row.at(f.name)));
        assignments += std::string(f.name) + " = $" + std::to_string(params.size()) +
                       "::" + std::string(sql_type(f.type)) + ", ";
    }
    params.push_back(std::to_string(before.at("version").get<int>()));
    auto rows =
        tx.exec_list("update " + std::string(r.table) + " set " + assignments +
                         "version = version + 1, updated_at = now() where " + key_condition(r, 1) +
                         " and version = $" + std::to_string(params.size()) +
                         "::integer returning " + projection(r),
                     params);
    if (rows.empty()) {
        return fail(errc::precondition_failed,
                    "the " + describe(r) + " was changed by someone else");
    }
    json updated = parse_row(rows[0][0]);
    if (auto scheduled = schedule_effect(tx, r, updated); !scheduled) {
        return std::unexpected(scheduled.error());
    }
    auto audited = append_audit(tx, std::string(r.singular) + ".updated", std::string(r.singular),
                                audit_target(r, updated), audit_detail(r, &before, &updated));
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return updated;
}

result<void> delete_row(db::transaction& tx, const resource& r, const nlohmann::json& before) {
    if (auto scheduled = schedule_effect(tx, r, before); !scheduled) {
        return scheduled;
    }
    tx.exec("delete from " + std::string(r.table) + " where " + key_condition(r, 1),
            audit_target(r, before));
    return append_audit(tx, std::string(r.singular) + ".deleted", std::string(r.singular),
                        audit_target(r, before), audit_detail(r, &before, nullptr));
}

}  // namespace dott::store
