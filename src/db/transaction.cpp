#include "db/transaction.hpp"

#include <chrono>
#include <exception>
#include <thread>

#include "common/abandon.hpp"
#include "crypto/crypto.hpp"
#include "db/detail/error_map.hpp"
#include "db/detail/pooled_connection.hpp"
#include "db/detail/round_trips.hpp"

namespace dott::db {
namespace detail {

std::string bytea_text(std::string_view value) { return "\\x" + crypto::to_hex(value); }

/// The one place allowed to make a transaction.
struct transaction_access {
    static bool call(pqxx::transaction_base& tx, const scope& who,
                     const std::function<bool(transaction&)>& body) {
        transaction wrapped(tx, who);
        return body(wrapped);
    }
};

/// The one place allowed to borrow from a pool, so that every connection is used inside a
/// transaction whose scope attempt() sets before anything of the caller's runs.
struct pool_access {
    static result<pool::lease> borrow(pool& p) { return p.borrow(); }
    static pooled_connection& connection(pool::lease& leased) noexcept {
        return leased.connection();
    }
    static void discard(pool::lease& leased) noexcept { leased.discard(); }
};

namespace {

/// A libpqxx transaction that opens as pooled_connection::open() does, BEGIN and the scope's
/// settings in one round trip after checking that its connection is idle; and that commits a
/// read-only transaction without waiting for the answer, which the connection's next
/// transaction reads first. Statements and rollback are libpqxx's own.
class scoped_work final : public pqxx::dbtransaction {
  public:
    scoped_work(pooled_connection& connection, opening how, bool read_only)
        : pqxx::internal::namedclass("scoped_work"),
          dbtransaction(connection, pqxx::isolation_traits<pqxx::read_committed>::name(),
                        read_only ? pqxx::read_only : pqxx::read_write),
          connection_(connection),
          opening_(std::move(how)),
          read_only_(read_only) {
        Begin();
    }
    scoped_work(const scoped_work&) = delete;
    scoped_work& operator=(const scoped_work&) = delete;
    ~scoped_work() noexcept override { End(); }

    /// The user the transaction acts for, as its opening set it; empty for none.
    [[nodiscard]] const std::string& user() const noexcept { return user_; }

  private:
    void do_begin() override { user_ = connection_.open(opening_); }

    void do_commit() override {
        // Nothing was written, so what the caller read stands whatever the answer; the
        // settings still end with the transaction, before the next borrower's BEGIN runs.
        if (read_only_) {
            connection_.send_commit();
            return;
        }
        try {
            direct_exec("commit");
        } catch (const pqxx::in_doubt_error&) {
            throw;
        } catch (const std::exception&) {
            if (!conn().is_open()) {
                throw pqxx::in_doubt_error("the connection was lost during commit");
            }
            throw;
        }
    }

    pooled_connection& connection_;
    opening opening_;
    bool read_only_;
    std::string user_;
};

/// What one attempt of execute() came to.
struct attempt_outcome {
    result<void> status;
    bool retry = false;

    /// PostgreSQL broke a deadlock or a serialisation conflict by failing this transaction:
    /// it was rolled back whole, so running the work again from the start is safe.
    bool lost_a_race = false;
};

/// SQLSTATEs of a transaction that PostgreSQL failed only to let a concurrent one finish.
bool is_lost_race(std::string_view sqlstate) noexcept {
    return sqlstate == "40P01" || sqlstate == "40001";
}

attempt_outcome attempt(pool::lease& leased, const scope& who,
                        const std::function<bool(transaction&)>& body, bool may_retry) {
    // Until the scope is set nothing of the caller's has run, so a connection that turns out to
    // be dead may be replaced and the whole attempt repeated safely.
    bool started = false;
    auto lost_connection = [&](error failure) -> attempt_outcome {
        pool_access::discard(leased);
        if (!started && may_retry) {
            return {{}, true};
        }
        return {std::unexpected(std::move(failure)), false};
    };

    auto how = opening_for(who);
    if (!how) {
        return {std::unexpected(std::move(how.error())), false};
    }
    try {
        // Transaction-local settings: they vanish at commit or rollback, so nothing set for one
        // caller can be seen by the next borrower of this connection.
        scoped_work tx(pool_access::connection(leased), std::move(*how), who.read_only);
        started = true;

        // A session scope acts for the session's user, which the opening found, or for nobody.
        std::optional<scope> resolved;
        if (who.session) {
            if (tx.user().empty()) {
                tx.abort();
                return {fail(errc::unauthenticated, "sign in to continue"), false};
            }
            resolved = who;
            resolved->user_id = tx.user();
            resolved->session.reset();
        }
        if (!transaction_access::call(tx, resolved ? *resolved : who, body)) {
            tx.abort();
            return {{}, false};
        }

        // Whoever waited for the work gave up on it (the server stopped): nobody will be told
        // it was done, so it is not done.
        if (work_abandoned()) {
            tx.abort();
            return {fail(errc::unavailable, "the work was given up on before it finished"), false};
        }
        tx.commit();
        return {{}, false};
    } catch (const pqxx::in_doubt_error&) {
        pool_access::discard(leased);
        return {fail(errc::unavailable,
                     "the database connection was lost during commit; the "
                     "outcome of the transaction is unknown"),
                false};
    } catch (const pqxx::broken_connection& e) {
        return lost_connection(error{
            errc::unavailable, "the database connection was lost: " + first_line(e.what()), {}});
    } catch (const pqxx::sql_error& e) {
        error mapped = map_sql_error(e);
        const std::string sqlstate = sqlstate_of(e);
        if (is_connection_loss(sqlstate) || !pool_access::connection(leased).is_open()) {
            return lost_connection(std::move(mapped));
        }
        return {std::unexpected(std::move(mapped)), false, is_lost_race(sqlstate)};
    } catch (const pqxx::transaction_rollback&) {
        // libpqxx 6.4 reports deadlocks and serialisation failures (SQLSTATE class 40) with
        // this type, which carries no SQLSTATE of its own.
        return {
            fail(errc::unavailable, "the database was busy with a concurrent change; try again"),
            false, true};
    } catch (const text_with_nul& e) {
        return {fail(errc::invalid_argument, e.what()), false};
    } catch (const std::exception& e) {
        if (!pool_access::connection(leased).is_open()) {
            return lost_connection(
                error{errc::unavailable, "the database connection was lost", {}});
        }
        return {fail(errc::internal,
                     std::string("exception in a database transaction: ") + first_line(e.what())),
                false};
    } catch (...) {
        return {fail(errc::internal, "unknown exception in a database transaction"), false};
    }
}

}  // namespace

result<void> execute(pool& p, const scope& who, const std::function<bool(transaction&)>& body) {
    // A dead connection found before the work started is replaced once. A transaction that
    // PostgreSQL failed to break a deadlock (writers of several events meeting in opposite
    // orders) is run again from the start, a few times, after a short random pause so that the
    // two do not meet again in step.
    constexpr int max_races = 3;
    bool may_replace = true;
    for (int races = 0;;) {
        auto leased = pool_access::borrow(p);
        if (!leased) {
            return std::unexpected(std::move(leased.error()));
        }
        auto outcome = attempt(*leased, who, body, may_replace);
        if (outcome.retry) {
            may_replace = false;
            continue;
        }
        if (outcome.lost_a_race && ++races < max_races && !work_abandoned()) {
            const auto jitter = static_cast<unsigned char>(crypto::random_bytes(1)[0]);
            std::this_thread::sleep_for(std::chrono::milliseconds(5 + jitter % (20 * races)));
            continue;
        }
        return std::move(outcome.status);
    }
}

result<void> run_before_commit(transaction& tx) {
    while (!tx.queue_.empty()) {
        auto [key, work] = std::move(tx.queue_.front());
        tx.queue_.pop_front();
        tx.waiting_.erase(key);
        if (auto done = work(tx); !done) {
            return done;
        }
    }
    return {};
}

}  // namespace detail

std::chrono::system_clock::time_point transaction::now() const {
    return scope_.clock ? scope_.clock() : std::chrono::system_clock::now();
}

void transaction::before_commit(std::string key, std::function<result<void>(transaction&)> work) {
    if (!waiting_.insert(key).second) {
        return;
    }
    queue_.emplace_back(std::move(key), std::move(work));
}

pqxx::result transaction::exec_params(std::string_view sql,
                                      const std::vector<detail::param>& params) {
    // A prepared statement skips parsing and planning on every later run on this connection;
    // libpqxx prepares it on first use, and again after a reconnection.
    auto name = detail::prepared_name(sql);
    if (!name) {
        return tx_.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(params));
    }
    tx_.conn().prepare(*name, std::string(sql));
    return tx_.exec_prepared(*name, pqxx::prepare::make_dynamic_params(params));
}

}  // namespace dott::db
