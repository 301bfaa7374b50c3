#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/event.hpp"
#include "store/events.hpp"

namespace dott::store {

/// What a list of an event's budget lines asks for: equality filters, an order (ties broken by
/// id) and a page.
struct line_item_query {
    std::optional<std::string> category;
    std::optional<std::string> approval;
    std::optional<std::string> currency;
    std::string sort = "created_at";  ///< created_at, category, planned_minor or actual_minor.
    bool descending = false;
    std::size_t limit = 50;
    std::optional<std::string> cursor;  ///< As returned in line_item_page::next_cursor.
};

/// One page of budget lines and, when more follow, the opaque cursor of the next page.
struct line_item_page {
    std::vector<domain::line_item> items;
    std::optional<std::string> next_cursor;
};

/// The sort keys of line_item_query, the default first.
[[nodiscard]] const std::vector<std::string>& line_item_sorts();

/// The budget lines of one event of the transaction's organization, in keyset pages.
/// not_found when the event is not the organization's; invalid_argument for an unknown sort
/// or a cursor issued for another order.
[[nodiscard]] result<line_item_page> list_line_items(db::transaction& tx,
                                                     const std::string& event_id,
                                                     const line_item_query& query = {});

/// One budget line of an event; not_found when either is not the organization's.
[[nodiscard]] result<domain::line_item> get_line_item(db::transaction& tx,
                                                      const std::string& event_id,
                                                      const std::string& item_id,
                                                      row_lock lock = row_lock::none);

/// Inserts a budget line under its event and records the amounts in the audit log. Refuses a
/// line that would take the event past 1,000 lines, or its total in the line's currency past
/// 10^15 minor units (so every total stays exact in 64 bits). Keeps the item's import_key, if
/// any, which no other line of the organization may hold (conflict otherwise).
[[nodiscard]] result<domain::line_item> insert_line_item(db::transaction& tx,
                                                         const domain::line_item& item);

/// Replaces a budget line's fields with those of `changed`, recording the before and after of
/// every money field. The caller read `before` with row_lock::for_update in this transaction,
/// after locking its event (event first, then line: the one lock order of every budget writer).
/// Refuses a change that takes the event's total in the line's currency past 10^15.
[[nodiscard]] result<domain::line_item> update_line_item(db::transaction& tx,
                                                         const domain::line_item& before,
                                                         const domain::line_item& changed);

/// Deletes a budget line read and locked as for update_line_item, recording the amounts it held.
[[nodiscard]] result<void> delete_line_item(db::transaction& tx, const domain::line_item& before);

}  // namespace dott::store
