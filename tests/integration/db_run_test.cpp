// run(): commit and rollback, the error mapping, parameters, and the pool's recovery.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db/db.hpp"
#include "support/test_database.hpp"

namespace dott {
namespace {

db::pool& app() { return test::shared_database().app_pool(); }

result<void> exec_in_org(const std::string& sql) {
    return db::run(app(), db::scope{"7b1f2c3e-0000-4000-8000-000000000001", ""},
                   [&](db::transaction& tx) {
                       tx.exec(sql);
                       return result<void>{};
                   });
}

std::string unique_email() {
    auto email = db::run(app(), db::scope{}, [](db::transaction& tx) {
        return result<std::string>(
            tx.exec("select gen_random_uuid()::text || '@example.com'")[0][0].as<std::string>());
    });
    return email.value_or("fallback@example.com");
}

bool user_exists(const std::string& email) {
    auto found = db::run(app(), db::scope{}, [&](db::transaction& tx) {
        return result<bool>(!tx.exec("select 1 from users where email = $1", email).empty());
    });
    return found.value_or(false);
}

result<void> insert_user(db::transaction& tx, const std::string& email) {
    tx.exec("insert into users (email, password_hash) values ($1, 'unused')", email);
    return {};
}

TEST(Run, CommitsWhenWorkReturnsAValue) {
    const std::string email = unique_email();

    auto done =
        db::run(app(), db::scope{}, [&](db::transaction& tx) { return insert_user(tx, email); });

    ASSERT_TRUE(done) << done.error().message;
    EXPECT_TRUE(user_exists(email));
}

TEST(Run, RollsBackWhenWorkReturnsAnError) {
    const std::string email = unique_email();

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<int> {
        (void)insert_user(tx, email);
        return fail(errc::not_found, "changed my mind");
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::not_found);
    EXPECT_EQ(done.error().message, "changed my mind");
    EXPECT_FALSE(user_exists(email));
}

TEST(Run, RollsBackAndReportsInternalWhenWorkThrows) {
    const std::string email = unique_email();

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<void> {
        (void)insert_user(tx, email);
        throw std::runtime_error("bug in the caller");
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::internal);
    EXPECT_FALSE(user_exists(email));
}

TEST(Run, AcceptsAStdFunctionWithAnExplicitType) {
    const std::function<result<int>(db::transaction&)> work = [](db::transaction& tx) {
        return result<int>(tx.exec("select 41 + 1")[0][0].as<int>());
    };

    auto answer = db::run<int>(app(), db::scope{}, work);

    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(*answer, 42);
}

TEST(Run, SetsTheScopeForTheTransactionOnly) {
    const db::scope who{"7b1f2c3e-0000-4000-8000-000000000002",
                        "7b1f2c3e-0000-4000-8000-000000000003"};

    auto seen = db::run(app(), who, [](db::transaction& tx) {
        auto row = tx.exec("select app_org()::text, app_user()::text")[0];
        EXPECT_EQ(tx.who().org_id, row[0].as<std::string>());
        return result<std::string>(row[1].as<std::string>());
    });

    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(*seen, who.user_id);
}

TEST(Run, MapsAUniqueViolationToConflict) {
    const std::string email = unique_email();
    ASSERT_TRUE(
        db::run(app(), db::scope{}, [&](db::transaction& tx) { return insert_user(tx, email); }));

    auto again =
        db::run(app(), db::scope{}, [&](db::transaction& tx) { return insert_user(tx, email); });

    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, errc::conflict);
    EXPECT_EQ(again.error().message.find(email), std::string::npos);
}

TEST(Run, MapsAForeignKeyViolationToConflict) {
    auto done = db::run(app(), db::scope{}, [](db::transaction& tx) {
        tx.exec(
            "insert into sessions (token_digest, user_id, expires_at) values "
            "(decode(repeat('00', 32), 'hex'), gen_random_uuid(), now())");
        return result<void>{};
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::conflict);
}

TEST(Run, MapsACheckViolationToInvalidArgument) {
    auto done = exec_in_org(
        "insert into organizations (id, name) values ('7b1f2c3e-0000-4000-8000-000000000001', '')");

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::invalid_argument);
}

TEST(Run, MapsMalformedTextToInvalidArgumentWithoutEchoingIt) {
    auto done = db::run(app(), db::scope{}, [](db::transaction& tx) {
        tx.exec("select $1::uuid", "secret-not-a-uuid");
        return result<void>{};
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::invalid_argument);
    EXPECT_EQ(done.error().message.find("secret"), std::string::npos);
}

// libpq sends parameters as C strings, so a NUL would cut the stored text short without a word.
TEST(Run, RefusesTextHoldingANulInsteadOfCuttingItShort) {
    const std::string with_nul("a\0b", 3);

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) {
        tx.exec("select $1::text", with_nul);
        return result<void>{};
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::invalid_argument);
}

TEST(Run, MapsAMissingPrivilegeToForbidden) {
    auto done = exec_in_org("delete from organizations");

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::forbidden);
}

TEST(Run, RefusesWritesInAReadOnlyScope) {
    const std::string email = unique_email();

    auto done = db::run(app(), db::scope{"", "", true},
                        [&](db::transaction& tx) { return insert_user(tx, email); });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::forbidden);
    EXPECT_FALSE(user_exists(email));
}

TEST(Run, MapsAStatementTimeoutToUnavailable) {
    auto done = db::run(app(), db::scope{}, [](db::transaction& tx) {
        tx.exec("set local statement_timeout = 50");
        tx.exec("select pg_sleep(5)");
        return result<void>{};
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::unavailable);
}

TEST(Run, MapsOtherErrorsToInternal) {
    auto done = exec_in_org("select no_such_column from events");

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::internal);
    EXPECT_NE(done.error().message.find("42703"), std::string::npos) << done.error().message;
}

TEST(Run, BindsEveryKindOfParameter) {
    const std::optional<std::string> missing;
    const std::optional<int> present = 7;
    const std::string raw("\x00\x01\xff", 3);

    auto row = db::run(app(), db::scope{}, [&](db::transaction& tx) {
        auto r = tx.exec(
            "select $1::text is null, $2::int, $3::bool, $4::bigint, $5::float8, $6::bytea = "
            "'\\x0001ff'::bytea, $7::text, $8::text is null",
            missing, present, true, -9000000000LL, 0.1, db::bytes{raw}, "it's; drop table x",
            nullptr)[0];
        EXPECT_TRUE(r[0].as<bool>());
        EXPECT_EQ(r[1].as<int>(), 7);
        EXPECT_TRUE(r[2].as<bool>());
        EXPECT_EQ(r[3].as<long long>(), -9000000000LL);
        EXPECT_DOUBLE_EQ(r[4].as<double>(), 0.1);
        EXPECT_TRUE(r[5].as<bool>());
        EXPECT_EQ(r[6].as<std::string>(), "it's; drop table x");
        EXPECT_TRUE(r[7].as<bool>());
        return result<void>{};
    });

    ASSERT_TRUE(row) << row.error().message;
}

// The scope travels in the command that opens the transaction; on a pool of one connection the
// next transaction, with another scope or none, must not see the previous one's settings.
TEST(Run, ScopeDoesNotSurviveItsTransactionOnAPooledConnection) {
    auto single = db::pool::open(test::shared_database().app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;
    const db::scope who{"7b1f2c3e-0000-4000-8000-000000000004",
                        "7b1f2c3e-0000-4000-8000-000000000005"};
    auto settings = [](db::transaction& tx) {
        auto row = tx.exec(
            "select coalesce(app_org()::text, 'none') || ' ' || "
            "coalesce(app_user()::text, 'none')")[0];
        return result<std::string>(row[0].as<std::string>());
    };

    auto inside = db::run(**single, who, settings);
    auto after = db::run(**single, db::scope{}, settings);
    auto failed = db::run(**single, who, [](db::transaction& tx) -> result<void> {
        tx.exec("select 1 / 0");
        return {};
    });
    auto after_failure = db::run(**single, db::scope{}, settings);

    ASSERT_TRUE(inside) << inside.error().message;
    EXPECT_EQ(*inside, who.org_id + " " + who.user_id);
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_EQ(*after, "none none");
    EXPECT_FALSE(failed);
    ASSERT_TRUE(after_failure) << after_failure.error().message;
    EXPECT_EQ(*after_failure, "none none");
}

// The ids are written into the opening command, so a scope that is not made of ids is refused
// before anything reaches the database.
TEST(Run, RefusesAScopeWhoseIdsAreNotIds) {
    bool ran = false;

    auto done =
        db::run(app(), db::scope{"x', true); delete from users; --", ""}, [&](db::transaction&) {
            ran = true;
            return result<void>{};
        });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::invalid_argument);
    EXPECT_FALSE(ran);
}

TEST(Run, OpensReadOnlyTransactionsOnlyForReadOnlyScopes) {
    auto read_only = [](db::transaction& tx) {
        return result<std::string>(tx.exec("show transaction_read_only")[0][0].as<std::string>());
    };

    auto reading = db::run(app(), db::scope{"", "", true}, read_only);
    auto writing = db::run(app(), db::scope{}, read_only);

    ASSERT_TRUE(reading) << reading.error().message;
    EXPECT_EQ(*reading, "on");
    ASSERT_TRUE(writing) << writing.error().message;
    EXPECT_EQ(*writing, "off");
}

// A statement fails after an earlier one wrote: the whole transaction rolls back, and the
// connection goes back to the pool clean enough for the next transaction to commit.
TEST(Run, AFailedStatementRollsBackEverythingAndLeavesTheConnectionUsable) {
    auto single = db::pool::open(test::shared_database().app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;
    const std::string first = unique_email();
    const std::string second = unique_email();

    auto failed = db::run(**single, db::scope{}, [&](db::transaction& tx) -> result<void> {
        (void)insert_user(tx, first);
        tx.exec("select $1::int", "not a number");
        return {};
    });
    auto next = db::run(**single, db::scope{},
                        [&](db::transaction& tx) { return insert_user(tx, second); });

    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, errc::invalid_argument);
    EXPECT_FALSE(user_exists(first));
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_TRUE(user_exists(second));
}

// Statements are prepared once per connection and reused, so the server parses and plans the
// hot queries once instead of on every request.
TEST(Run, PreparesAStatementOncePerConnectionAndReusesIt) {
    auto single = db::pool::open(test::shared_database().app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;
    const std::string sql = "select $1::int + 1 as prepared_once";
    auto add_one = [&](int value) {
        return db::run(**single, db::scope{}, [&](db::transaction& tx) {
            return result<int>(tx.exec(sql, value)[0][0].as<int>());
        });
    };

    auto first = add_one(1);
    auto second = add_one(41);
    auto prepared = db::run(**single, db::scope{}, [&](db::transaction& tx) {
        return result<int>(
            tx.exec("select count(*)::int from pg_prepared_statements where statement = $1",
                    sql)[0][0]
                .as<int>());
    });

    ASSERT_TRUE(first && second) << "a run failed";
    EXPECT_EQ(*first, 2);
    EXPECT_EQ(*second, 42);
    ASSERT_TRUE(prepared) << prepared.error().message;
    EXPECT_EQ(*prepared, 1);
}

// A user with a session whose token digest is `digest`, expiring at `expires`, revoked when
// asked; returns the user's id.
std::string user_with_session(const std::string& digest, const std::string& expires,
                              bool revoked = false) {
    auto id = db::run(app(), db::scope{}, [&](db::transaction& tx) {
        auto user =
            tx.exec(
                  "insert into users (email, password_hash) values (gen_random_uuid()::text || "
                  "'@example.com', 'unused') returning id::text")[0][0]
                .as<std::string>();
        tx.exec(
            "insert into sessions (token_digest, user_id, expires_at, revoked_at) values ($1, "
            "$2::uuid, $3::timestamptz, case when $4 then now() end)",
            db::bytes{digest}, user, expires, revoked);
        return result<std::string>(user);
    });
    return id.value_or("");
}

std::chrono::system_clock::time_point at(const std::string& utc) {
    std::tm parts{};
    strptime(utc.c_str(), "%Y-%m-%d %H:%M:%S", &parts);
    return std::chrono::system_clock::from_time_t(timegm(&parts));
}

// The opening round trip finds the session's user: the work runs for that user, with the
// setting in place before its first statement.
TEST(Run, ASessionScopeActsForTheSessionsUser) {
    const std::string digest(32, '\x11');
    const std::string user = user_with_session(digest, "2030-01-01 00:00:00+00");
    ASSERT_FALSE(user.empty());
    const db::scope who{.org_id = "7b1f2c3e-0000-4000-8000-000000000007",
                        .read_only = true,
                        .session = db::session_key{digest, at("2029-12-31 23:59:59")}};

    auto seen = db::run(app(), who, [](db::transaction& tx) {
        auto row = tx.exec("select app_user()::text, app_org()::text")[0];
        return result<std::vector<std::string>>(std::vector<std::string>{
            tx.who().user_id, row[0].as<std::string>(), row[1].as<std::string>()});
    });

    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(*seen, (std::vector<std::string>{user, user, who.org_id}));
}

// An unknown, expired or revoked session is refused before the work runs, whatever the
// transaction would have done.
TEST(Run, ASessionThatIsNotLiveIsUnauthenticatedAndNoWorkRuns) {
    const std::string expiring(32, '\x22');
    const std::string revoked(32, '\x33');
    ASSERT_FALSE(user_with_session(expiring, "2030-01-01 00:00:00+00").empty());
    ASSERT_FALSE(user_with_session(revoked, "2030-01-01 00:00:00+00", true).empty());
    const auto live_at = at("2029-06-01 00:00:00");

    for (const auto& key : {db::session_key{std::string(32, '\x44'), live_at},
                            db::session_key{expiring, at("2030-01-01 00:00:00")},
                            db::session_key{revoked, live_at}}) {
        bool ran = false;
        auto done = db::run(app(), db::scope{.session = key}, [&](db::transaction&) {
            ran = true;
            return result<void>{};
        });

        ASSERT_FALSE(done);
        EXPECT_EQ(done.error().code, errc::unauthenticated);
        EXPECT_FALSE(ran);
    }
}

// An opening statement is prepared once per server session, when first needed, as the work's
// statements are, and again on the fresh connection that replaces a lost one.
TEST(Run, PreparesTheOpeningOncePerConnection) {
    auto single = db::pool::open(test::shared_database().app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;
    auto opening_statements = [](db::transaction& tx) {
        return result<int>(tx.exec("select count(*)::int from pg_prepared_statements where "
                                   "name = 'dott_open_scope'")[0][0]
                               .as<int>());
    };

    auto first = db::run(**single, db::scope{}, opening_statements);
    auto again = db::run(**single, db::scope{.read_only = true}, opening_statements);
    auto lost = db::run(**single, db::scope{}, [](db::transaction& tx) -> result<void> {
        tx.exec("select pg_terminate_backend(pg_backend_pid())");
        return {};
    });
    auto replaced = db::run(**single, db::scope{}, opening_statements);

    ASSERT_TRUE(first && again) << "a run failed";
    EXPECT_EQ(*first, 1);
    EXPECT_EQ(*again, 1);
    EXPECT_FALSE(lost);
    ASSERT_TRUE(replaced) << replaced.error().message;
    EXPECT_EQ(*replaced, 1);
}

// A read-only transaction's COMMIT goes out without waiting for its answer; the connection's
// next transaction must still start after it ended, in a transaction of its own.
TEST(Run, AReadOnlyTransactionEndsBeforeTheNextOneOnItsConnectionBegins) {
    auto single = db::pool::open(test::shared_database().app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;
    const db::scope reader{"7b1f2c3e-0000-4000-8000-000000000006", "", true};
    auto started_at = [](db::transaction& tx) {
        auto row = tx.exec("select transaction_timestamp()::text, app_org() is null")[0];
        return result<std::pair<std::string, bool>>(
            std::pair(row[0].as<std::string>(), row[1].as<bool>()));
    };
    const std::string email = unique_email();

    auto read = db::run(**single, reader, started_at);
    auto next = db::run(**single, db::scope{}, started_at);
    auto written =
        db::run(**single, db::scope{}, [&](db::transaction& tx) { return insert_user(tx, email); });

    ASSERT_TRUE(read) << read.error().message;
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_NE(read->first, next->first);
    EXPECT_FALSE(read->second);
    EXPECT_TRUE(next->second);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_TRUE(user_exists(email));
}

TEST(Pool, FailsWithUnavailableWhenNoConnectionFreesInTime) {
    auto small =
        db::pool::open(test::shared_database().app_url(), 1, std::chrono::milliseconds(100));
    ASSERT_TRUE(small) << small.error().message;

    // A transaction on another thread holds the only connection until it is released.
    std::promise<void> holding;
    std::promise<void> release;
    auto is_holding = holding.get_future();
    auto is_released = release.get_future();
    std::thread holder([&] {
        (void)db::run(**small, db::scope{}, [&](db::transaction&) {
            holding.set_value();
            is_released.wait();
            return result<void>{};
        });
    });
    const bool held = is_holding.wait_for(std::chrono::seconds(10)) == std::future_status::ready;

    auto waited = db::run(**small, db::scope{}, [](db::transaction&) { return result<void>{}; });
    release.set_value();
    holder.join();

    ASSERT_TRUE(held);
    ASSERT_FALSE(waited);
    EXPECT_EQ(waited.error().code, errc::unavailable);
}

TEST(Pool, ServesManyThreadsAtOnce) {
    auto shared = db::pool::open(test::shared_database().app_url(), 2);
    ASSERT_TRUE(shared) << shared.error().message;
    std::atomic<int> succeeded = 0;

    std::vector<std::thread> workers;
    for (int t = 0; t < 6; ++t) {
        workers.emplace_back([&] {
            for (int i = 0; i < 20; ++i) {
                auto one = db::run(**shared, db::scope{}, [](db::transaction& tx) {
                    return result<int>(tx.exec("select 1")[0][0].as<int>());
                });
                succeeded += one.has_value() ? 1 : 0;
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }

    EXPECT_EQ(succeeded.load(), 120);
}

// A backend killed by an administrator (or a restarted server) leaves a dead connection in the
// pool; the next transaction must get a fresh connection instead of failing forever. With a
// read-only scope, the COMMIT answer of the transaction before the kill is still unread.
class PoolAfterKill : public testing::TestWithParam<bool> {};

TEST_P(PoolAfterKill, ReplacesAConnectionWhoseBackendWasKilled) {
    auto& database = test::shared_database();
    auto single = db::pool::open(database.app_url(), 1);
    ASSERT_TRUE(single) << single.error().message;
    const db::scope who{"", "", GetParam()};
    auto backend_pid = [&] {
        return db::run(**single, who, [](db::transaction& tx) {
            return result<int>(tx.exec("select pg_backend_pid()")[0][0].as<int>());
        });
    };
    auto before = backend_pid();
    ASSERT_TRUE(before) << before.error().message;

    auto admin = db::connect(database.admin_url());
    ASSERT_TRUE(admin) << admin.error().message;
    {
        pqxx::nontransaction kill(**admin);
        kill.exec_params("select pg_terminate_backend($1, 5000)", *before);
    }
    auto after = backend_pid();
    auto later = backend_pid();

    ASSERT_TRUE(after) << after.error().message;
    EXPECT_NE(*after, *before);
    ASSERT_TRUE(later) << later.error().message;
    EXPECT_EQ(*later, *after);
    EXPECT_TRUE((*single)->is_reachable());
}

INSTANTIATE_TEST_SUITE_P(Pool, PoolAfterKill, testing::Bool());

// Work registered before the commit runs once per key, after the caller's work, inside the
// same transaction.
TEST(BeforeCommit, RunsEachWaitingKeyOnceAfterTheWorkAndBeforeTheCommit) {
    const std::string email = unique_email();
    std::vector<std::string> ran;

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<int> {
        for (int i = 0; i < 3; ++i) {
            tx.before_commit("insert", [&](db::transaction& inner) {
                ran.push_back("insert");
                return insert_user(inner, email);
            });
        }
        tx.before_commit("other", [&](db::transaction&) {
            ran.push_back("other");
            return result<void>{};
        });
        EXPECT_TRUE(tx.is_waiting("insert"));
        ran.push_back("work");
        return 7;
    });

    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(*done, 7);
    EXPECT_EQ(ran, (std::vector<std::string>{"work", "insert", "other"}));
    EXPECT_TRUE(user_exists(email));
}

// A key whose work already ran is queued again when work registers it later: it then sees the
// later change.
TEST(BeforeCommit, AKeyThatAlreadyRanIsQueuedAgain) {
    int runs_of_a = 0;

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<void> {
        tx.before_commit("a", [&](db::transaction& inner) {
            ++runs_of_a;
            if (runs_of_a == 1) {
                inner.before_commit("b", [&](db::transaction& again) {
                    again.before_commit("a", [&](db::transaction&) {
                        ++runs_of_a;
                        return result<void>{};
                    });
                    return result<void>{};
                });
            }
            return result<void>{};
        });
        return {};
    });

    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(runs_of_a, 2);
}

TEST(BeforeCommit, AFailingWorkRollsBackEverythingAndIsReturned) {
    const std::string email = unique_email();
    const std::string other = unique_email();

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<int> {
        (void)insert_user(tx, email);
        tx.before_commit("insert",
                         [&](db::transaction& inner) { return insert_user(inner, other); });
        tx.before_commit("refuse", [](db::transaction&) -> result<void> {
            return fail(errc::invalid_argument, "derived row refused", "derived");
        });
        return 1;
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::invalid_argument);
    EXPECT_EQ(done.error().field, "derived");
    EXPECT_FALSE(user_exists(email));
    EXPECT_FALSE(user_exists(other));
}

TEST(BeforeCommit, NothingRunsWhenTheWorkFails) {
    bool ran = false;

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<void> {
        tx.before_commit("never", [&](db::transaction&) {
            ran = true;
            return result<void>{};
        });
        return fail(errc::conflict, "no");
    });

    ASSERT_FALSE(done);
    EXPECT_FALSE(ran);
}

TEST(BeforeCommit, AThrowingWorkRollsBackAsInternal) {
    const std::string email = unique_email();

    auto done = db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<void> {
        (void)insert_user(tx, email);
        tx.before_commit("bad sql", [](db::transaction& inner) {
            inner.exec("select * from no_such_table");
            return result<void>{};
        });
        return {};
    });

    ASSERT_FALSE(done);
    EXPECT_FALSE(user_exists(email));
}

// Two writers that lock the same two rows in opposite orders meet in a deadlock, which
// PostgreSQL breaks by failing one of them. The failed one was rolled back whole, so run()
// runs its work again: both succeed, and the loser's work ran twice.
TEST(Run, ATransactionFailedToBreakADeadlockRunsAgain) {
    const std::string first = unique_email();
    const std::string second = unique_email();
    for (const auto& email : {first, second}) {
        ASSERT_TRUE(db::run(app(), db::scope{},
                            [&](db::transaction& tx) { return insert_user(tx, email); }));
    }
    std::atomic<int> locked_first{0};
    std::atomic<int> runs{0};
    auto writer = [&](const std::string& a, const std::string& b) {
        return db::run(app(), db::scope{}, [&](db::transaction& tx) -> result<void> {
            ++runs;
            tx.exec("update users set display_name = 'racing' where email = $1", a);

            // Both hold their first row before either asks for its second, on the first run.
            ++locked_first;
            for (int i = 0; i < 200 && locked_first.load() < 2; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            tx.exec("update users set display_name = 'done' where email = $1", b);
            return {};
        });
    };

    auto one = std::async(std::launch::async, [&] { return writer(first, second); });
    auto two = std::async(std::launch::async, [&] { return writer(second, first); });
    auto one_done = one.get();
    auto two_done = two.get();

    EXPECT_TRUE(one_done) << one_done.error().message;
    EXPECT_TRUE(two_done) << two_done.error().message;
    EXPECT_EQ(runs.load(), 3);
}

TEST(Run, ClockOfTheScopeIsTheTransactionsNow) {
    const auto fixed = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

    auto seen = db::run(app(), db::scope{.clock = [&] { return fixed; }}, [](db::transaction& tx) {
        return result<std::int64_t>(
            std::chrono::duration_cast<std::chrono::seconds>(tx.now().time_since_epoch()).count());
    });

    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(*seen, 1'700'000'000);
}

}  // namespace
}  // namespace dott
