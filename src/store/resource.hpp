#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "db/db.hpp"
#include "store/events.hpp"

namespace dott::store {

/// How a field of a resource is stored, bound and checked.
enum class field_type {
    text,         ///< Characters, between `min` and `max` of them.
    email,        ///< An address shaped like name@domain, at most 254 characters.
    url,          ///< An http or https URL of at most `max` characters.
    integer,      ///< A whole number between `min` and `max` (an integer column).
    minor_units,  ///< Money in minor units of the row's `currency` field (a bigint column).
    currency,     ///< An ISO 4217 code.
    date,         ///< A real calendar date written YYYY-MM-DD.
    boolean,
    choice,  ///< One of `choices`.
    member,  ///< The id of a user who is a member of the organization.
    row,     ///< The id of a row of the table `references` in the organization.
};

/// One field of a resource: a column of its table and a property of its JSON form, by the same
/// name.
struct field {
    std::string_view name;
    field_type type = field_type::text;

    /// Must be given when the row is created.
    bool required = false;

    /// May be null (absent from a create body means null, unless the column has a default).
    bool nullable = true;

    std::int64_t min = 0;
    std::int64_t max = 0;
    std::vector<std::string_view> choices = {};

    /// The table a `row` field points into.
    std::string_view references = {};

    /// Set when the row is created and never changed afterwards (what a lead is of).
    bool fixed = false;
};

/// What a sort key orders by. `sql` is an expression over the table's columns that is never
/// NULL, so that keyset pagination stays exact.
struct sort_key {
    std::string_view name;
    std::string_view sql;
    std::string_view sql_type;  ///< The type its cursor value is bound as ("date", "text").
};

/// A set of fields whose values are unique within the organization (or within the event, for a
/// resource of an event), and the message that names the clash.
struct unique_key {
    std::vector<std::string_view> fields;
    std::string_view message;
};

/// Which stored scores a write of the resource can change.
enum class score_effect {
    none,           ///< Nothing that scores read.
    event,          ///< The scores of the row's event.
    linked_events,  ///< Every event linked to the row (an opportunity; a contact's leads).
    all_events,     ///< Every event of the organization (an exchange rate).
};

/// Where the rows of a resource live: directly in the organization, or under one of its events.
enum class parent_kind { organization, event };

/// A kind of row that people create, read, change and delete through the same generic code:
/// roles, milestones, tasks, contacts, leads, meetings, opportunities and their links to
/// events, speakers, attendance, feedback, proof and exchange rates. The descriptor names
/// columns only from this table of constants, never from input.
struct resource {
    std::string_view name;      ///< The path segment and the schema stem: "milestones".
    std::string_view singular;  ///< For messages and the audit log: "milestone".
    std::string_view table;
    parent_kind parent = parent_kind::event;
    std::vector<field> fields;
    std::vector<sort_key> sorts;            ///< The first is the default order.
    std::vector<std::string_view> filters;  ///< Fields a list filters on by equality.
    std::vector<unique_key> unique_keys = {};

    /// One row per event, addressed by the event itself (attendance): no id of its own.
    bool one_per_event = false;
    score_effect effect = score_effect::event;

    /// Writes need the "manage org" capability (rates change every converted figure).
    bool managed = false;

    /// Rules across fields that a schema cannot state, applied to the whole row as it will be
    /// written (`before` is null on create). It may fill derived fields, such as the date a
    /// task was done. `today` is YYYY-MM-DD. Fails with invalid_argument naming the field.
    std::function<result<void>(nlohmann::json& row, const nlohmann::json* before,
                               const std::string& today)>
        rules = {};

    [[nodiscard]] const field* find_field(std::string_view field_name) const;
};

/// Every resource, in the order the API lists them.
[[nodiscard]] const std::vector<resource>& resources();

/// The resource with this name, or nullptr.
[[nodiscard]] const resource* find_resource(std::string_view name);

/// What a list asks for.
struct row_query {
    std::string event_id;                       ///< For a resource of an event.
    std::map<std::string, std::string> equals;  ///< Filter field -> value, already checked.
    std::string sort;                           ///< A sort key's name; empty: the default.
    bool descending = false;
    std::size_t limit = 50;
    std::optional<std::string> cursor;  ///< As returned in row_page::next_cursor.
};

/// One page of rows in their JSON form and, when more follow, the opaque cursor of the next.
struct row_page {
    std::vector<nlohmann::json> rows;
    std::optional<std::string> next_cursor;
};

/// Checks the query against the resource: known filters with values of the field's type, a
/// known sort. Fails with invalid_argument naming the query parameter.
[[nodiscard]] result<void> check_query(const resource& r, const row_query& query);

/// Lists the rows of the transaction's organization (and event), in keyset order. A cursor that
/// does not decode, or was issued for another order, is invalid_argument.
[[nodiscard]] result<row_page> list_rows(db::transaction& tx, const resource& r,
                                         const row_query& query);

/// The row with this id (for a one-per-event resource, the event's row), in its JSON form;
/// not_found otherwise, including for another organization's ids.
[[nodiscard]] result<nlohmann::json> get_row(db::transaction& tx, const resource& r,
                                             const std::string& event_id, const std::string& id,
                                             row_lock lock = row_lock::none);

/// Creates a row from schema-checked `values` (for a resource of an event, under `event_id`,
/// which the caller has locked), after the checks a schema cannot make: calendar dates,
/// currencies, references and members within the organization, unique keys, and the
/// resource's rules. Audited; refreshes the scores it affects in the same transaction.
[[nodiscard]] result<nlohmann::json> insert_row(db::transaction& tx, const resource& r,
                                                const std::string& event_id,
                                                const nlohmann::json& values,
                                                const std::string& today);

/// Applies schema-checked `changes` to `before` (read with row_lock::for_update in this
/// transaction) with the same checks as insert_row; a field set to null clears it. Fields
/// marked `fixed` cannot change. Bumps the version; audited with the money before and after;
/// refreshes the scores it affects in the same transaction.
[[nodiscard]] result<nlohmann::json> update_row(db::transaction& tx, const resource& r,
                                                const nlohmann::json& before,
                                                const nlohmann::json& changes,
                                                const std::string& today);

/// Deletes `before` (read with row_lock::for_update). Audited; refreshes the scores it
/// affects in the same transaction, as every write here does (the resource's score_effect).
[[nodiscard]] result<void> delete_row(db::transaction& tx, const resource& r,
                                      const nlohmann::json& before);

}  // namespace dott::store
