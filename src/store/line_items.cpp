#include "store/line_items.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/detail/cursor.hpp"
#include "store/detail/sql.hpp"
#include "store/events.hpp"
#include "store/scores.hpp"

namespace dott::store {
namespace {

constexpr const char* line_item_columns =
    "id, event_id, category, description, vendor, currency, planned_minor, committed_minor, "
    "actual_minor, source, version, " DOTT_SQL_RFC3339("created_at") ", " DOTT_SQL_RFC3339(
        "updated_at") ", approval";

// Bounds that keep every total exact in 64 bits: an event's lines per currency cannot sum past
// the largest amount one line may hold, and an event has at most this many lines.
constexpr std::int64_t max_event_total_minor = 1'000'000'000'000'000;
constexpr std::int64_t max_lines_per_event = 1000;

domain::line_item to_line_item(const pqxx::row& row) {
    domain::line_item item;
    item.id = row[0].as<std::string>();
    item.event_id = row[1].as<std::string>();
    item.category = row[2].as<std::string>();
    item.description = row[3].as<std::string>();
    item.vendor = detail::optional_text(row[4]);
    item.currency = row[5].as<std::string>();
    item.planned_minor = row[6].as<std::int64_t>();
    item.committed_minor = row[7].as<std::int64_t>();
    item.actual_minor = row[8].as<std::int64_t>();
    item.source = row[9].as<std::string>();
    item.version = row[10].as<int>();
    item.created_at = row[11].as<std::string>();
    item.updated_at = row[12].as<std::string>();
    item.approval = row[13].as<std::string>();
    return item;
}

// The money fields of a line, as the audit log keeps them before and after a change.
nlohmann::json money_snapshot(const domain::line_item& item) {
    return {{"currency", item.currency},
            {"planned_minor", item.planned_minor},
            {"committed_minor", item.committed_minor},
            {"actual_minor", item.actual_minor},
            {"approval", item.approval},
            {"category", item.category},
            {"version", item.version}};
}

// The money fields of a line, in the order of the checks and of the batch's totals.
constexpr const char* money_fields[] = {"planned_minor", "committed_minor", "actual_minor"};

std::unexpected<error> too_many_lines() {
    return fail(errc::invalid_argument,
                "an event has at most " + std::to_string(max_lines_per_event) + " budget lines");
}

std::unexpected<error> total_beyond_bound(const std::string& currency, std::size_t field) {
    return fail(errc::invalid_argument,
                std::string("the event's ") + money_fields[field] + " total in " + currency +
                    " would exceed 10^15 minor units",
                money_fields[field]);
}

/// Refuses a write that took an event's total in one currency past the bound. Runs after the
/// write, inside its transaction, so a refusal rolls the write back.
result<void> check_event_totals(db::transaction& tx, const std::string& event_id,
                                const std::string& currency) {
    auto rows = tx.exec(
        "select abs(sum(planned_minor)) > $3, abs(sum(committed_minor)) > $3, "
        "abs(sum(actual_minor)) > $3 from budget_line_items "
        "where org_id = app_org() and event_id = $1::uuid and currency = $2",
        event_id, currency, max_event_total_minor);
    for (int i = 0; i < 3; ++i) {
        if (!rows[0][i].is_null() && rows[0][i].as<bool>()) {
            return total_beyond_bound(currency, static_cast<std::size_t>(i));
        }
    }
    return {};
}

/// Writes the fields of `item` over the line `before`, if it is still at its version.
result<domain::line_item> write_update(db::transaction& tx, const domain::line_item& before,
                                       const domain::line_item& item) {
    auto rows = tx.exec(
        std::string("update budget_line_items set category = $3, description = $4, "
                    "vendor = $5, currency = $6, planned_minor = $7, committed_minor = $8, "
                    "actual_minor = $9, approval = $11, version = version + 1, "
                    "updated_at = now() where org_id = app_org() and "
                    "event_id = $1::uuid and id = $2::uuid and version = $10 returning ") +
            line_item_columns,
        before.event_id, before.id, item.category, item.description, item.vendor, item.currency,
        item.planned_minor, item.committed_minor, item.actual_minor, before.version, item.approval);
    if (rows.empty()) {
        return fail(errc::precondition_failed, "the budget line was changed by someone else");
    }
    return to_line_item(rows[0]);
}

/// What follows every update of a line: its event scored again, the change audited.
result<void> record_update(db::transaction& tx, const domain::line_item& before,
                           const domain::line_item& updated) {
    schedule_scores(tx, updated.event_id);
    return append_audit(tx, "line_item.updated", "line_item", updated.id,
                        {{"event_id", updated.event_id},
                         {"before", money_snapshot(before)},
                         {"after", money_snapshot(updated)}});
}

}  // namespace

const std::vector<std::string>& line_item_sorts() {
    static const std::vector<std::string> sorts = {"created_at", "category", "planned_minor",
                                                   "actual_minor"};
    return sorts;
}

result<line_item_page> list_line_items(db::transaction& tx, const std::string& event_id,
                                       const line_item_query& query) {
    const auto& sorts = line_item_sorts();
    if (std::find(sorts.begin(), sorts.end(), query.sort) == sorts.end()) {
        return fail(errc::invalid_argument,
                    "sort must be created_at, category, planned_minor or actual_minor, or - "
                    "before one",
                    "sort");
    }
    if (auto event = get_event(tx, event_id); !event) {
        return std::unexpected(event.error());
    }
    std::optional<std::string> after_value;
    std::optional<std::string> after_id;
    if (query.cursor) {
        auto position = detail::decode_cursor(*query.cursor, query.sort, query.descending);
        if (!position) {
            return std::unexpected(position.error());
        }
        after_value = position->value;
        after_id = position->id;
    }

    // The sort key is one of the constant names above, never client text. One more row than
    // asked tells whether another page follows.
    const std::string key = "budget_line_items." + query.sort;
    const std::string type = query.sort == "created_at" ? "timestamptz"
                             : query.sort == "category" ? "text"
                                                        : "bigint";
    const std::string order = query.descending ? " desc" : " asc";
    auto rows = tx.exec(std::string("select ") + line_item_columns + ", " + key +
                            "::text as sort_value from budget_line_items where org_id = app_org() "
                            "and event_id = $1::uuid and ($2::text is null or category = $2) "
                            "and ($3::text is null or approval = $3) "
                            "and ($4::text is null or currency = $4) "
                            "and ($6::uuid is null or (" +
                            key + ", id) " + (query.descending ? "<" : ">") + " ($5::" + type +
                            ", $6::uuid)) order by " + key + order + ", id" + order + " limit $7",
                        event_id, query.category, query.approval, query.currency, after_value,
                        after_id, static_cast<long>(query.limit + 1));
    line_item_page page;
    std::string last_value;
    for (const auto& row : rows) {
        if (page.items.size() == query.limit) {
            page.next_cursor = detail::encode_cursor(query.sort, query.descending, last_value,
                                                     page.items.back().id);
            break;
        }
        page.items.push_back(to_line_item(row));
        last_value = row[14].as<std::string>();
    }
    return page;
}

result<domain::line_item> get_line_item(db::transaction& tx, const std::string& event_id,
                                        const std::string& item_id, row_lock lock) {
    auto rows = tx.exec(std::string("select ") + line_item_columns +
                            " from budget_line_items where org_id = app_org() "
                            "and event_id = $1::uuid and id = $2::uuid" +
                            (lock == row_lock::for_update ? " for update" : ""),
                        event_id, item_id);
    if (rows.empty()) {
        return fail(errc::not_found, "not found");
    }
    return to_line_item(rows[0]);
}

result<domain::line_item> insert_line_item(db::transaction& tx, const domain::line_item& item) {
    // Locking the event serialises concurrent inserts, so the bounds below hold under load.
    if (auto event = get_event(tx, item.event_id, row_lock::for_update); !event) {
        return std::unexpected(event.error());
    }
    auto count = tx.exec(
        "select count(*) from budget_line_items where org_id = app_org() and event_id = $1::uuid",
        item.event_id);
    if (count[0][0].as<std::int64_t>() >= max_lines_per_event) {
        return too_many_lines();
    }
    auto rows = tx.exec(
        std::string("insert into budget_line_items (org_id, event_id, category, description, "
                    "vendor, currency, planned_minor, committed_minor, actual_minor, source, "
                    "approval, import_key, created_by) values (app_org(), $1::uuid, $2, $3, $4, "
                    "$5, $6, $7, $8, $9, $10, $11, app_user()) returning ") +
            line_item_columns,
        item.event_id, item.category, item.description, item.vendor, item.currency,
        item.planned_minor, item.committed_minor, item.actual_minor, item.source, item.approval,
        item.import_key);
    domain::line_item inserted = to_line_item(rows[0]);
    if (auto bounded = check_event_totals(tx, inserted.event_id, inserted.currency); !bounded) {
        return std::unexpected(bounded.error());
    }
    schedule_scores(tx, inserted.event_id);
    auto audited =
        append_audit(tx, "line_item.created", "line_item", inserted.id,
                     {{"event_id", inserted.event_id}, {"after", money_snapshot(inserted)}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    return inserted;
}

result<domain::line_item> update_line_item(db::transaction& tx, const domain::line_item& before,
                                           const domain::line_item& item) {
    auto updated = write_update(tx, before, item);
    if (!updated) {
        return updated;
    }
    if (auto bounded = check_event_totals(tx, updated->event_id, updated->currency); !bounded) {
        return std::unexpected(bounded.error());
    }
    if (auto recorded = record_update(tx, before, *updated); !recorded) {
        return std::unexpected(recorded.error());
    }
    return updated;
}

result<void> delete_line_item(db::transaction& tx, const domain::line_item& before) {
    tx.exec("delete from budget_line_items where org_id = app_org() and id = $1::uuid", before.id);
    schedule_scores(tx, before.event_id);
    return append_audit(tx, "line_item.deleted", "line_item", before.id,
                        {{"event_id", before.event_id}, {"before", money_snapshot(before)}});
}

namespace {

// Beyond these, a batch writes what it queued: statements stay of a bounded size, and so does
// the batch's memory.
constexpr std::size_t max_queued_lines = 500;
constexpr std::size_t max_counted_events = 1024;

// The new lines of a batch and their audit entries, in one statement. The entries hold what
// insert_line_item() records: the event and the money fields of the line as stored.
constexpr const char* insert_batch_sql =
    "with input as (select * from jsonb_to_recordset($1::jsonb) as x(n integer, event_id uuid, "
    "category text, description text, vendor text, currency text, planned_minor bigint, "
    "committed_minor bigint, actual_minor bigint, source text, approval text, import_key "
    "text)), "
    "inserted as (insert into budget_line_items (org_id, event_id, category, description, "
    "vendor, currency, planned_minor, committed_minor, actual_minor, source, approval, "
    "import_key, created_by) select app_org(), event_id, category, description, vendor, "
    "currency, planned_minor, committed_minor, actual_minor, source, approval, import_key, "
    "app_user() from input order by n returning id, event_id, category, currency, "
    "planned_minor, committed_minor, actual_minor, approval, version) "
    "insert into audit_log (org_id, actor_user_id, action, target_type, target_id, detail) "
    "select app_org(), app_user(), 'line_item.created', 'line_item', id::text, "
    "jsonb_build_object('event_id', event_id, 'after', jsonb_build_object('currency', "
    "currency, 'planned_minor', planned_minor, 'committed_minor', committed_minor, "
    "'actual_minor', actual_minor, 'approval', approval, 'category', category, 'version', "
    "version)) from inserted";

std::array<std::int64_t, 3> amounts_of(const domain::line_item& item) {
    return {item.planned_minor, item.committed_minor, item.actual_minor};
}

// The field of `item` whose text holds U+0000, which PostgreSQL text cannot store.
std::optional<std::string> field_with_nul(const domain::line_item& item) {
    const std::pair<const char*, std::string_view> texts[] = {
        {"category", item.category},
        {"description", item.description},
        {"vendor", item.vendor ? std::string_view(*item.vendor) : std::string_view()},
        {"currency", item.currency},
        {"import_key", item.import_key ? std::string_view(*item.import_key) : std::string_view()},
    };
    for (const auto& [field, text] : texts) {
        if (text.find('\0') != std::string_view::npos) {
            return field;
        }
    }
    return std::nullopt;
}

}  // namespace

result<line_item_batch::tally*> line_item_batch::event(const std::string& event_id) {
    if (auto found = events_.find(event_id); found != events_.end()) {
        return &found->second;
    }
    if (events_.size() >= max_counted_events) {
        if (auto flushed = flush(); !flushed) {
            return std::unexpected(flushed.error());
        }
        events_.clear();
    }

    // The lock first, then the count in a statement of its own: its snapshot is taken after
    // the lock is held, so it sees every line of the writers the lock waited for.
    if (auto locked = lock_event(tx_, event_id); !locked) {
        return std::unexpected(locked.error());
    }
    tally counted;
    for (const auto& row : tx_.exec(
             "select currency, count(*), sum(planned_minor)::bigint, sum(committed_minor)::bigint, "
             "sum(actual_minor)::bigint from budget_line_items where org_id = app_org() and "
             "event_id = $1::uuid group by currency",
             event_id)) {
        counted.lines += row[1].as<std::int64_t>();
        counted.totals[row[0].as<std::string>()] = {
            row[2].as<std::int64_t>(), row[3].as<std::int64_t>(), row[4].as<std::int64_t>()};
    }
    counted.fresh = counted.lines == 0;
    schedule_scores(tx_, event_id);
    return &events_.emplace(event_id, std::move(counted)).first->second;
}

result<void> line_item_batch::take(tally& counted, const domain::line_item* before,
                                   const domain::line_item& item) {
    if (before == nullptr && counted.lines >= max_lines_per_event) {
        return too_many_lines();
    }

    // Each total stays within the bound, as check_event_totals() holds it after a write: one
    // line holds at most the bound, so no sum of the kept totals can overflow.
    auto after = counted.totals[item.currency];
    const auto added = amounts_of(item);
    const auto removed = before != nullptr && before->currency == item.currency
                             ? amounts_of(*before)
                             : std::array<std::int64_t, 3>{};
    for (std::size_t i = 0; i < after.size(); ++i) {
        after[i] += added[i] - removed[i];
        if (after[i] > max_event_total_minor || after[i] < -max_event_total_minor) {
            return total_beyond_bound(item.currency, i);
        }
    }
    counted.totals[item.currency] = after;
    if (before == nullptr) {
        ++counted.lines;
    } else if (before->currency != item.currency) {
        auto& left = counted.totals[before->currency];
        const auto moved = amounts_of(*before);
        for (std::size_t i = 0; i < left.size(); ++i) {
            left[i] -= moved[i];
        }
    }
    return {};
}

result<std::optional<domain::line_item>> line_item_batch::find_by_import_key(
    const std::string& event_id, const std::string& import_key) {
    // Event first, then line: once the event is held, no other writer can change its lines.
    auto counted = event(event_id);
    if (!counted) {
        return std::unexpected(counted.error());
    }
    if ((*counted)->fresh &&
        std::ranges::find((*counted)->inserted, std::hash<std::string>{}(import_key)) ==
            (*counted)->inserted.end()) {
        return std::nullopt;
    }

    // A line still queued is written first, so that the lookup finds it.
    if (queued_keys_.contains(import_key)) {
        if (auto flushed = flush(); !flushed) {
            return std::unexpected(flushed.error());
        }
    }
    auto rows = tx_.exec(std::string("select ") + line_item_columns +
                             " from budget_line_items where org_id = app_org() and "
                             "event_id = $1::uuid and import_key = $2",
                         event_id, import_key);
    if (rows.empty()) {
        return std::nullopt;
    }
    return to_line_item(rows[0]);
}

result<void> line_item_batch::insert(const domain::line_item& item) {
    if (auto field = field_with_nul(item)) {
        return fail(errc::invalid_argument,
                    "a text value contains the character U+0000, which cannot be stored", *field);
    }
    auto counted = event(item.event_id);
    if (!counted) {
        return std::unexpected(counted.error());
    }
    if (auto taken = take(**counted, nullptr, item); !taken) {
        return taken;
    }
    queued_.push_back(item);
    if (item.import_key) {
        queued_keys_.insert(*item.import_key);
        if ((*counted)->fresh) {
            (*counted)->inserted.push_back(std::hash<std::string>{}(*item.import_key));
        }
    }
    if (queued_.size() >= max_queued_lines) {
        return flush();
    }
    return {};
}

result<domain::line_item> line_item_batch::update(const domain::line_item& before,
                                                  const domain::line_item& changed) {
    auto counted = event(before.event_id);
    if (!counted) {
        return std::unexpected(counted.error());
    }

    // The tally changes only once the line is written.
    tally checked = **counted;
    if (auto taken = take(checked, &before, changed); !taken) {
        return std::unexpected(taken.error());
    }
    auto updated = write_update(tx_, before, changed);
    if (!updated) {
        return updated;
    }
    **counted = std::move(checked);
    if (auto recorded = record_update(tx_, before, *updated); !recorded) {
        return std::unexpected(recorded.error());
    }
    return updated;
}

result<void> line_item_batch::flush() {
    if (queued_.empty()) {
        return {};
    }
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t n = 0; n < queued_.size(); ++n) {
        const auto& item = queued_[n];
        nlohmann::json row = nlohmann::json::object();
        row["n"] = n;
        row["event_id"] = item.event_id;
        row["category"] = item.category;
        row["description"] = item.description;
        row["vendor"] = item.vendor ? nlohmann::json(*item.vendor) : nlohmann::json();
        row["currency"] = item.currency;
        row["planned_minor"] = item.planned_minor;
        row["committed_minor"] = item.committed_minor;
        row["actual_minor"] = item.actual_minor;
        row["source"] = item.source;
        row["approval"] = item.approval;
        row["import_key"] = item.import_key ? nlohmann::json(*item.import_key) : nlohmann::json();
        rows.push_back(std::move(row));
    }
    tx_.exec(insert_batch_sql, rows.dump());
    queued_.clear();
    queued_keys_.clear();
    return {};
}

}  // namespace dott::store
