#include "db/pool.hpp"

#include <utility>

#include "db/detail/error_map.hpp"

namespace dott::db {

result<std::unique_ptr<pqxx::connection>> connect(const std::string& url) {
    try {
        return std::make_unique<pqxx::connection>(url);
    } catch (const std::exception& e) {
        return fail(errc::unavailable,
                    "cannot connect to the database: " + detail::first_line(e.what()));
    }
}

pool::lease::lease(pool& owner, std::unique_ptr<pqxx::connection> connection) noexcept
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
        auto connection = connect(created->url_);
        if (!connection) {
            return std::unexpected(connection.error());
        }
        created->idle_.push_back(std::move(*connection));
    }
    return created;
}

result<pool::lease> pool::borrow() { return borrow_within(wait_); }

result<pool::lease> pool::borrow_within(std::chrono::milliseconds wait) {
    std::unique_ptr<pqxx::connection> taken;
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
    auto fresh = connect(url_);
    if (!fresh) {
        give_back(nullptr);
        return std::unexpected(fresh.error());
    }
    return lease(*this, std::move(*fresh));
}

void pool::give_back(std::unique_ptr<pqxx::connection> connection) noexcept {
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
