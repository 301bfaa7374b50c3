#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
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

/// Budget lines written many at a time in one transaction, as an import writes them: the checks,
/// audit entries and score updates of insert_line_item() and update_line_item(), with fewer
/// statements. Each event is locked once, before any of its lines is read (event first, then
/// line: the one lock order of every budget writer, so that holding the event keeps every other
/// writer of its lines away until the commit); its line count and totals per currency are read
/// once, then kept as lines are added or changed, so that no check scans the event's lines
/// again; new lines are queued and inserted with their audit entries up to 500 in one statement.
/// Nothing else may write the lines of the batch's events in its transaction. Memory stays
/// bounded: past 1,024 events the batch writes what it queued and forgets their counts, which
/// it reads again if needed (the locks stay until the commit). Owned by the transaction's
/// thread.
class line_item_batch {
  public:
    explicit line_item_batch(db::transaction& tx) : tx_(tx) {}

    /// The line of `event_id` holding `import_key`, current: the event is locked before the
    /// line is read. Nothing when the event has no such line; not_found when the event is not
    /// the organization's.
    [[nodiscard]] result<std::optional<domain::line_item>> find_by_import_key(
        const std::string& event_id, const std::string& import_key);

    /// Queues a new line under `item.event_id`, with its source, approval and import key, for
    /// flush() to write. Refuses, with nothing queued, a line that would take the event past
    /// 1,000 lines or its total in the line's currency past 10^15 minor units (invalid_argument,
    /// naming the field of the total), and text holding U+0000 (invalid_argument, naming the
    /// field); not_found when the event is not the organization's.
    [[nodiscard]] result<void> insert(const domain::line_item& item);

    /// Replaces the fields of a line that find_by_import_key() returned with those of
    /// `changed`, now, recording the before and after of every money field; the same refusals
    /// as insert(), and precondition_failed when the line changed since it was read.
    [[nodiscard]] result<domain::line_item> update(const domain::line_item& before,
                                                   const domain::line_item& changed);

    /// Writes every queued line with its audit entry. Call it before the transaction's work
    /// returns, and before reading the lines it queued.
    [[nodiscard]] result<void> flush();

  private:
    /// An event's lines as the batch keeps count of them: written and queued.
    struct tally {
        std::int64_t lines = 0;
        std::map<std::string, std::array<std::int64_t, 3>> totals;  ///< By currency.

        /// True when the event had no line when it was locked: every line it has since came
        /// from this batch, whose import keys `inserted` holds as hashes, so that a key none of
        /// them has is known to be new without asking the database.
        bool fresh = false;
        std::vector<std::size_t> inserted;
    };

    /// The tally of a locked event, locking it and counting its lines on first use.
    [[nodiscard]] result<tally*> event(const std::string& event_id);

    /// Checks that `tally` can take `item` in place of `before` (null for a new line), and
    /// takes it when it can.
    [[nodiscard]] static result<void> take(tally& counted, const domain::line_item* before,
                                           const domain::line_item& item);

    db::transaction& tx_;
    std::unordered_map<std::string, tally> events_;
    std::vector<domain::line_item> queued_;
    std::unordered_set<std::string> queued_keys_;  ///< The import keys of queued_.
};

}  // namespace dott::store
