#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/event.hpp"
#include "store/events.hpp"

namespace dott::store {

/// The budget lines of one event of the transaction's organization, oldest first.
/// not_found when the event is not the organization's.
[[nodiscard]] result<std::vector<domain::line_item>> list_line_items(db::transaction& tx,
                                                                     const std::string& event_id);

/// One budget line of an event; not_found when either is not the organization's.
[[nodiscard]] result<domain::line_item> get_line_item(db::transaction& tx,
                                                      const std::string& event_id,
                                                      const std::string& item_id,
                                                      row_lock lock = row_lock::none);

/// Inserts a budget line under its event and records the amounts in the audit log. Refuses a
/// line that would take the event past 1,000 lines, or its total in the line's currency past
/// 10^15 minor units (so every total stays exact in 64 bits).
[[nodiscard]] result<domain::line_item> insert_line_item(db::transaction& tx,
                                                         const domain::line_item& item);

/// Replaces a budget line's fields when its version still equals `expected_version` (if
/// given); records the before and after of every money field.
[[nodiscard]] result<domain::line_item> update_line_item(db::transaction& tx,
                                                         const domain::line_item& item,
                                                         std::optional<int> expected_version);

/// Deletes a budget line, recording the amounts it held.
[[nodiscard]] result<void> delete_line_item(db::transaction& tx, const std::string& event_id,
                                            const std::string& item_id,
                                            std::optional<int> expected_version);

}  // namespace dott::store
