#include "db/pool.hpp"

#include <utility>
#include <vector>

#include "db/detail/error_map.hpp"
#include "db/detail/pooled_connection.hpp"

namespace dott::db {
namespace {

template <typename Connection>
result<std::unique_ptr<Connection>> open_connection(const std::string& url) {
    try {
        return std::make_unique<Connection>(url);
    } catch (const std::exception& e) {
        return fail(errc::unavailable,
                    "cannot connect to the database: " + detail::first_line(e.what()));
    }
}

}  // namespace

namespace detail {

void pooled_connection::send_commit() {
    if (PQsendQuery(handle(), "commit") != 1) {
        throw pqxx::broken_connection(PQerrorMessage(handle()));
    }
    commit_in_flight_ = true;
}

void pooled_connection::settle() {
    PGconn* conn = handle();
    if (conn == nullptr) {
        return;
    }
    if (commit_in_flight_) {
        // The answer usually arrived long ago; a failed read-only commit changed nothing, and
        // PostgreSQL ends the transaction either way, which the check below confirms.
        commit_in_flight_ = false;
        while (PGresult* answer = PQgetResult(conn)) {
            PQclear(answer);
        }
    }
    if (PQtransactionStatus(conn) != PQTRANS_IDLE) {
        throw pqxx::broken_connection("a pooled connection was not idle between transactions");
    }
}

std::string pooled_connection::open(const opening& how) {
    settle();
    PGconn* conn = handle();
    if (conn == nullptr) {
        throw pqxx::broken_connection("the connection is closed");
    }

    // Whatever goes wrong, the connection's state is unknown: run() replaces it.
    auto refuse = [](const std::string& why) {
        throw pqxx::broken_connection("cannot open a transaction: " + why);
    };
    auto sent = [&](int status) {
        if (status != 1) {
            refuse(PQerrorMessage(conn));
        }
    };

    // Everything goes out before anything is read: one round trip. A failure aborts what
    // follows it in the pipeline, up to the sync.
    sent(PQenterPipelineMode(conn));
    const opening_statement& statement = opening_statements()[how.statement];
    std::size_t expected = 2;
    if (prepared_in_[how.statement] != policy_.sessions()) {
        sent(PQsendPrepare(conn, statement.name, statement.sql, 0, nullptr));
        ++expected;
    }
    sent(PQsendQueryParams(conn, how.begin, 0, nullptr, nullptr, nullptr, nullptr, 0));
    std::vector<const char*> values;
    for (const auto& param : how.params) {
        values.push_back(param.c_str());
    }
    sent(PQsendQueryPrepared(conn, statement.name, static_cast<int>(values.size()), values.data(),
                             nullptr, nullptr, 0));
    sent(PQpipelineSync(conn));

    // Each command answers one result and a null; the sync answers last.
    std::string user;
    std::string failure;
    for (std::size_t i = 0; i < expected; ++i) {
        PGresult* answer = PQgetResult(conn);
        if (answer == nullptr) {
            refuse(PQerrorMessage(conn));
        }
        auto status = PQresultStatus(answer);
        if (status == PGRES_TUPLES_OK && i + 1 == expected && PQntuples(answer) == 1) {
            user = PQgetvalue(answer, 0, 1);
        } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && failure.empty()) {
            failure = PQresultErrorMessage(answer);
        }
        PQclear(answer);
        while (PGresult* rest = PQgetResult(conn)) {
            PQclear(rest);
        }
    }
    PGresult* sync = PQgetResult(conn);
    const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced || PQexitPipelineMode(conn) != 1) {
        refuse(PQerrorMessage(conn));
    }
    if (!failure.empty()) {
        refuse(failure);
    }
    prepared_in_[how.statement] = policy_.sessions();
    return user;
}

}  // namespace detail

result<std::unique_ptr<pqxx::connection>> connect(const std::string& url) {
    return open_connection<pqxx::connection>(url);
}

pool::lease::lease(pool& owner, std::unique_ptr<detail::pooled_connection> connection) noexcept
    : owner_(&owner), connection_(std::move(connection)) {}

pool::lease::lease(lease&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), connection_(std::move(other.connection_)) {}

pool::lease::~lease() {
    if (owner_ != nullptr) {
        owner_->give_back(std::move(connection_));
    }
}

void pool::lease::discard() noexcept {
    if (connection_ != nullptr) {
        connection_->disconnect();
    }
}

pool::pool(std::string url, std::size_t size, std::chrono::milliseconds wait)
    : url_(std::move(url)), size_(size), wait_(wait) {}

pool::~pool() = default;

result<std::shared_ptr<pool>> pool::open(std::string url, std::size_t size,
                                         std::chrono::milliseconds wait) {
    if (size == 0) {
        return fail(errc::invalid_argument, "a connection pool needs at least one connection");
    }
    std::shared_ptr<pool> created(new pool(std::move(url), size, wait));

    // Connect everything now so that a wrong URL or a missing server fails at start-up.
    created->idle_.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
        auto connection = open_connection<detail::pooled_connection>(created->url_);
        if (!connection) {
            return std::unexpected(connection.error());
        }
        created->idle_.push_back(std::move(*connection));
    }
    return created;
}

result<pool::lease> pool::borrow() { return borrow_within(wait_); }

result<pool::lease> pool::borrow_within(std::chrono::milliseconds wait) {
    std::unique_ptr<detail::pooled_connection> taken;
    {
        std::unique_lock lock(mutex_);
        if (!returned_.wait_for(lock, wait, [this] { return !idle_.empty(); })) {
            return fail(errc::unavailable, "no database connection became free within " +
                                               std::to_string(wait.count()) + " ms");
        }
        taken = std::move(idle_.back());
        idle_.pop_back();
    }
    if (taken != nullptr && taken->is_open()) {
        return lease(*this, std::move(taken));
    }

    // The slot is empty or its connection broke while idle: make a fresh one outside the lock.
    taken.reset();
    auto fresh = open_connection<detail::pooled_connection>(url_);
    if (!fresh) {
        give_back(nullptr);
        return std::unexpected(fresh.error());
    }
    return lease(*this, std::move(*fresh));
}

void pool::give_back(std::unique_ptr<detail::pooled_connection> connection) noexcept {
    if (connection != nullptr && !connection->is_open()) {
        connection.reset();
    }
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
}

bool pool::is_reachable() {
    auto borrowed = borrow_within(std::chrono::milliseconds(1000));
    if (!borrowed) {
        return false;
    }
    try {
        // A transaction-local timeout, so nothing about the probe outlives it on the connection.
        borrowed->connection().settle();
        pqxx::work probe(borrowed->connection());
        probe.exec("set local statement_timeout = 1000");
        probe.exec("select 1");
        probe.commit();
        return true;
    } catch (const std::exception&) {
        borrowed->discard();
        return false;
    }
}

}  // namespace dott::db
