#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/event.hpp"
#include "domain/money.hpp"

namespace dott::store {

/// What a portfolio list is ordered by; ties are broken by id.
enum class event_sort {
    starts_on,  ///< The first day.
    name,
    combined,  ///< The stored combined score; events not scored yet count as -1.
};

/// What a portfolio list asks for. Dates are inclusive bounds on the start date.
struct event_filter {
    std::optional<std::string> starts_from;
    std::optional<std::string> starts_until;
    std::optional<std::string> status;
    std::optional<std::string> type;
    std::optional<std::string> text;  ///< Matched against name, series, city and country.
    event_sort sort = event_sort::starts_on;
    bool descending = false;
    std::size_t limit = 50;
    std::optional<std::string> cursor;  ///< As returned in event_page::next_cursor.
};

/// One page of events and, when more follow, the opaque cursor of the next page.
struct event_page {
    std::vector<domain::event> events;
    std::optional<std::string> next_cursor;
};

/// The statement list_events() runs for a sort: $1 and $2 bound the start date, $3 the status,
/// $4 the type, $5 a LIKE pattern, $6 and $7 the sort value and id of the last row of the
/// previous page, $8 the number of rows; each filter is off when its value is NULL. Public so
/// that the benchmarks give the database the very statement the API runs.
[[nodiscard]] std::string list_events_sql(event_sort sort, bool descending);

/// Lists the transaction organization's events in the filter's order then by id (keyset
/// pagination, so pages stay stable while events are added), each with the headline of its
/// stored scores. A cursor that does not decode, or was issued for another order, is
/// invalid_argument.
[[nodiscard]] result<event_page> list_events(db::transaction& tx, const event_filter& filter);

/// Whether a read also locks the row until the transaction ends (SELECT ... FOR UPDATE), so
/// that concurrent writers of the same row take turns instead of racing.
enum class row_lock { none, for_update };

/// The event with this id in the transaction's organization, with the headline of its stored
/// scores; not_found otherwise.
[[nodiscard]] result<domain::event> get_event(db::transaction& tx, const std::string& event_id,
                                              row_lock lock = row_lock::none);

/// Locks the event of the transaction's organization for the rest of the transaction, so that
/// every writer of an event's rows takes turns (event first, then row); not_found otherwise.
[[nodiscard]] result<void> lock_event(db::transaction& tx, const std::string& event_id);

/// Inserts an event and records it in the audit log. The dates of plan steps left empty are
/// filled (domain::date_plan_steps) with the transaction's date; the event's scores are
/// computed before the commit. The returned event carries no scores.
[[nodiscard]] result<domain::event> insert_event(db::transaction& tx, const domain::event& e);

// The writes below take the row as the caller read it with row_lock::for_update in the same
// transaction (and, if it asked, checked against If-Match): the lock keeps it current, so it
// is neither read again nor compared again here.

/// Replaces an event's editable fields (plan included) with those of `changed`, bumps the
/// version and records the change in the audit log. Before the commit, the scores of the event
/// and of the next edition of its series, before and after the change, are computed again.
[[nodiscard]] result<domain::event> update_event(db::transaction& tx, const domain::event& before,
                                                 const domain::event& changed);

/// Deletes an event and its budget lines, recording the money the lines held. The next edition
/// of its series is scored again before the commit (its previous edition changed).
[[nodiscard]] result<void> delete_event(db::transaction& tx, const domain::event& before);

/// Sets the event's planned budget total; conflict while the budget is locked. Audited with
/// the total before and after. The event is scored again before the commit, as after every
/// write below.
[[nodiscard]] result<domain::event> set_event_budget(db::transaction& tx,
                                                     const domain::event& before,
                                                     std::int64_t planned_minor,
                                                     const std::string& currency);

/// Locks (recording the transaction's user and the time) or unlocks the event's budget.
/// Locking needs a planned total. Locking a locked budget changes nothing.
[[nodiscard]] result<domain::event> set_event_budget_lock(db::transaction& tx,
                                                          const domain::event& before, bool locked);

enum class upsert_outcome { inserted, updated, unchanged };

/// Inserts or refreshes an event identified by (organization, source_key), as an import does.
/// An existing event keeps its name, status and plan; only listing facts are refreshed, and
/// the topics are merged. An event inserted or changed is scored before the commit.
[[nodiscard]] result<upsert_outcome> upsert_event_by_key(db::transaction& tx,
                                                         const domain::event& e,
                                                         const std::string& source_key);

/// Budget totals per event and currency for the organization's events (planned and actual).
struct budget_totals {
    domain::currency_totals planned;
    domain::currency_totals actual;
};
[[nodiscard]] result<std::map<std::string, budget_totals>> list_budget_totals(db::transaction& tx);

/// Appends one entry to the organization's audit log.
[[nodiscard]] result<void> append_audit(db::transaction& tx, const std::string& action,
                                        const std::string& target_type,
                                        const std::string& target_id, const nlohmann::json& detail);

}  // namespace dott::store
