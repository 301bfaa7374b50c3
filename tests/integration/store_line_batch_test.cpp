// store::line_item_batch: the checks of single budget writes, kept in memory for many rows, and
// what it writes, against a real database.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/accounts.hpp"
#include "store/line_items.hpp"
#include "support/test_database.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

/// An organization with its owner and `events` events, the scope that acts in it, and the
/// events' ids in start order.
struct organization {
    db::scope scope;
    std::vector<std::string> events;
};

organization new_organization(std::size_t events) {
    auto& pool = shared_database().app_pool();
    auto user = db::run<store::user_record>(pool, db::scope{}, [](db::transaction& tx) {
        return store::insert_user(tx, crypto::random_uuid() + "@batch.example", "", "unused");
    });
    EXPECT_TRUE(user) << user.error().message;
    organization org{.scope = {.org_id = crypto::random_uuid(), .user_id = user ? user->id : ""}};
    auto ids = db::run<std::vector<std::string>>(
        pool, org.scope, [&](db::transaction& tx) -> result<std::vector<std::string>> {
            (void)store::insert_organization(tx, "Batch org", "EUR");
            std::vector<std::string> made;
            for (const auto& row :
                 tx.exec("insert into events (org_id, name, starts_on, ends_on) select app_org(), "
                         "'Event ' || n, date '2026-01-01' + n, date '2026-01-01' + n from "
                         "generate_series(1, $1) n returning id::text",
                         static_cast<long>(events))) {
                made.push_back(row[0].as<std::string>());
            }
            return made;
        });
    EXPECT_TRUE(ids) << ids.error().message;
    org.events = ids.value_or(std::vector<std::string>{});
    return org;
}

domain::line_item line(const std::string& event_id, const std::string& key,
                       std::int64_t actual = 100, const std::string& currency = "EUR") {
    domain::line_item item;
    item.event_id = event_id;
    item.category = "Venue";
    item.description = "Line " + key;
    item.currency = currency;
    item.actual_minor = actual;
    item.source = "imported";
    item.import_key = key;
    return item;
}

/// Lines of `event_id` written directly, as other writers left them before the batch.
void fill(const organization& org, const std::string& event_id, long lines) {
    auto filled = db::run<void>(shared_database().app_pool(), org.scope,
                                [&](db::transaction& tx) -> result<void> {
                                    tx.exec(
                                        "insert into budget_line_items (org_id, event_id, "
                                        "category, currency) select app_org(), $1::uuid, "
                                        "'Filler', 'EUR' from generate_series(1, $2)",
                                        event_id, lines);
                                    return {};
                                });
    ASSERT_TRUE(filled) << filled.error().message;
}

long count(const organization& org, const std::string& sql) {
    auto counted = db::run<long>(shared_database().app_pool(), org.scope, [&](db::transaction& tx) {
        return result<long>(tx.exec(sql)[0][0].as<long>());
    });
    return counted.value_or(-1);
}

// The thousandth line of an event fits, the next one does not, whether the lines before it were
// written before the batch, by it, or by it before it forgot the event's count (past 1,024
// events it writes what it queued and counts again).
TEST(LineItemBatch, RefusesTheLineThatWouldTakeAnEventPastAThousandLines) {
    organization org = new_organization(1030);
    const std::string first = org.events.front();
    fill(org, first, 998);

    std::vector<error> refusals;
    auto done = db::run<void>(
        shared_database().app_pool(), org.scope, [&](db::transaction& tx) -> result<void> {
            store::line_item_batch batch(tx);
            EXPECT_TRUE(batch.insert(line(first, "a")));
            for (std::size_t i = 1; i < org.events.size(); ++i) {
                auto queued = batch.insert(line(org.events[i], "spread " + std::to_string(i)));
                EXPECT_TRUE(queued) << queued.error().message;
            }
            EXPECT_TRUE(batch.insert(line(first, "b")));
            auto refused = batch.insert(line(first, "c"));
            if (!refused) refusals.push_back(refused.error());
            return batch.flush();
        });

    ASSERT_TRUE(done) << done.error().message;
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_EQ(refusals[0].code, errc::invalid_argument);
    EXPECT_EQ(refusals[0].message, "an event has at most 1000 budget lines");
    EXPECT_EQ(
        count(org, "select count(*) from budget_line_items where event_id = '" + first + "'::uuid"),
        1000);
    EXPECT_EQ(count(org, "select count(*) from budget_line_items"), 998 + 1031);
}

// Totals stay within 10^15 minor units per currency, for new lines and changed ones, counting
// what is stored and what is queued; another currency has a total of its own.
TEST(LineItemBatch, RefusesALineThatWouldTakeATotalPastTheBoundNamingTheField) {
    organization org = new_organization(1);
    const std::string event = org.events.front();
    constexpr std::int64_t most = 1'000'000'000'000'000;

    std::vector<error> refusals;
    auto done = db::run<void>(
        shared_database().app_pool(), org.scope, [&](db::transaction& tx) -> result<void> {
            store::line_item_batch batch(tx);
            EXPECT_TRUE(batch.insert(line(event, "big", most - 10)));
            EXPECT_TRUE(batch.insert(line(event, "other currency", most, "USD")));
            for (auto item : {line(event, "too much", 11), line(event, "more USD", 1, "USD")}) {
                if (auto refused = batch.insert(item); !refused) {
                    refusals.push_back(refused.error());
                }
            }
            EXPECT_TRUE(batch.insert(line(event, "just fits", 10)));

            // The queued line is written before it is looked up; growing it is refused.
            auto stored = batch.find_by_import_key(event, "just fits");
            EXPECT_TRUE(stored && *stored);
            if (stored && *stored) {
                auto grown = **stored;
                grown.actual_minor = 11;
                if (auto refused = batch.update(**stored, grown); !refused) {
                    refusals.push_back(refused.error());
                }
                grown.actual_minor = 4;
                EXPECT_TRUE(batch.update(**stored, grown));
            }
            EXPECT_TRUE(batch.insert(line(event, "fits again", 6)));
            return batch.flush();
        });

    ASSERT_TRUE(done) << done.error().message;
    ASSERT_EQ(refusals.size(), 3u);
    for (const auto& refusal : refusals) {
        EXPECT_EQ(refusal.code, errc::invalid_argument);
        EXPECT_EQ(refusal.field, "actual_minor");
    }
    EXPECT_EQ(refusals[1].message,
              "the event's actual_minor total in USD would exceed 10^15 minor units");
    EXPECT_EQ(count(org,
                    "select sum(actual_minor)::bigint - 1000000000000000 from "
                    "budget_line_items where currency = 'EUR'"),
              0);
}

// What a batch writes is what single inserts write: the lines with their import keys, one
// audit entry each naming the member and the money, and fresh scores for their events.
TEST(LineItemBatch, WritesEachLineWithItsAuditEntryAndScoresItsEvents) {
    organization org = new_organization(2);

    auto done = db::run<void>(
        shared_database().app_pool(), org.scope, [&](db::transaction& tx) -> result<void> {
            store::line_item_batch batch(tx);
            for (int i = 0; i < 3; ++i) {
                auto item = line(org.events[i % 2], "k" + std::to_string(i), 1000 + i);
                item.vendor = i == 0 ? std::optional<std::string>("Acme") : std::nullopt;
                EXPECT_TRUE(batch.insert(item));
            }
            return batch.flush();
        });
    auto audit = db::run<json>(
        shared_database().app_pool(), org.scope, [](db::transaction& tx) -> result<json> {
            json entries = json::array();
            for (const auto& row :
                 tx.exec("select a.actor_user_id::text, a.target_id = l.id::text, a.detail::text "
                         "from audit_log a join budget_line_items l on l.id::text = a.target_id "
                         "where a.action = 'line_item.created' order by l.import_key")) {
                entries.push_back({row[0].as<std::string>(), row[1].as<bool>(),
                                   json::parse(row[2].as<std::string>())});
            }
            return entries;
        });

    ASSERT_TRUE(done) << done.error().message;
    ASSERT_TRUE(audit) << audit.error().message;
    ASSERT_EQ(audit->size(), 3u);
    const json& first = (*audit)[0];
    EXPECT_EQ(first[0], org.scope.user_id);
    EXPECT_TRUE(first[1].get<bool>());
    EXPECT_EQ(first[2], json({{"event_id", org.events[0]},
                              {"after",
                               {{"currency", "EUR"},
                                {"planned_minor", 0},
                                {"committed_minor", 0},
                                {"actual_minor", 1000},
                                {"approval", "draft"},
                                {"category", "Venue"},
                                {"version", 1}}}}));
    EXPECT_EQ(count(org,
                    "select count(*) from budget_line_items where vendor = 'Acme' and "
                    "import_key = 'k0' and source = 'imported'"),
              1);
    EXPECT_EQ(count(org, "select count(*) from event_scores"), 2);
}

}  // namespace
}  // namespace dott::test
