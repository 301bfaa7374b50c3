#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/env.hpp"
#include "common/result.hpp"

namespace dott::db {

/// A signed-in session, named by the SHA-256 digest of its token (32 bytes), and the moment at
/// which it must still be live: not expired, not revoked.
struct session_key {
    std::string token_digest;
    std::chrono::system_clock::time_point live_at;
};

/// Who a transaction acts for. `org_id` empty means "no organization": tenant tables then read
/// as empty (row-level security fails closed). `user_id` empty means "no user". `read_only`
/// makes the whole transaction refuse writes. `clock` is the time the work acts at (the date a
/// score is computed for); empty means the system clock. `session`, when set, names the user
/// instead of `user_id` (which must then be empty): the transaction acts for the user of that
/// session, found by the round trip that opens it, and run() fails with errc::unauthenticated,
/// before any work, when the session is not live.
struct scope {
    std::string org_id;
    std::string user_id;
    bool read_only = false;
    clock_fn clock = {};
    std::optional<session_key> session = {};
};

namespace detail {

/// Borrowing from a pool, for run() alone: defined in transaction.cpp, so a pooled connection is
/// only ever used inside a transaction whose scope is set before any caller's statement.
struct pool_access;

/// A libpqxx connection whose libpq handle run() can reach (detail/pooled_connection.hpp).
class pooled_connection;

}  // namespace detail

/// How long a borrower waits for a free connection unless the pool was opened with another bound.
inline constexpr std::chrono::milliseconds default_pool_wait{5000};

/// A fixed-size pool of connections, all made with one connection string (the dott_app role
/// for the server). Thread-safe: any thread may use it. Its connections are reached only through
/// run() (transaction.hpp), never handed out raw, so every statement on them runs in a
/// transaction whose scope is set. A borrower waits up to a bound for a free connection; a
/// connection found broken is closed and a fresh one is made on its next use.
class pool {
  public:
    /// A borrowed connection, given back to its pool when the lease ends. Owned by one thread.
    /// Only run() can borrow one or reach its connection.
    class lease {
      public:
        lease(lease&& other) noexcept;
        lease& operator=(lease&&) = delete;
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;
        ~lease();

      private:
        friend class pool;
        friend struct detail::pool_access;
        lease(pool& owner, std::unique_ptr<detail::pooled_connection> connection) noexcept;

        /// The connection, open as far as the pool knows.
        [[nodiscard]] detail::pooled_connection& connection() noexcept { return *connection_; }

        /// Marks the connection as broken: it is closed instead of reused, and its slot is
        /// reconnected by the next borrower.
        void discard() noexcept;

        pool* owner_;
        std::unique_ptr<detail::pooled_connection> connection_;
    };

    /// Connects `size` connections (at least one) with `url`, a libpq URI or key=value string.
    /// Borrowers wait at most `wait` for a free connection. Fails with errc::unavailable naming
    /// the cause when a connection cannot be made, or errc::invalid_argument when `size` is 0.
    [[nodiscard]] static result<std::shared_ptr<pool>> open(
        std::string url, std::size_t size, std::chrono::milliseconds wait = default_pool_wait);

    pool(const pool&) = delete;
    pool& operator=(const pool&) = delete;
    ~pool();

    /// True when a trivial query answers within about a second (for /readyz). Never throws.
    [[nodiscard]] bool is_reachable();

    /// The number of connections the pool holds, borrowed or not.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

  private:
    friend struct detail::pool_access;
    pool(std::string url, std::size_t size, std::chrono::milliseconds wait);

    /// Takes a free connection, waiting up to the pool's bound. Fails with errc::unavailable
    /// when none became free in time or a replacement connection could not be made.
    [[nodiscard]] result<lease> borrow();
    [[nodiscard]] result<lease> borrow_within(std::chrono::milliseconds wait);
    void give_back(std::unique_ptr<detail::pooled_connection> connection) noexcept;

    const std::string url_;
    const std::size_t size_;
    const std::chrono::milliseconds wait_;

    // Guarded by mutex_. A null entry is a slot whose connection must be made before use.
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<detail::pooled_connection>> idle_;
};

/// Opens one connection with `url` outside any pool and outside run(), so no scope is set on it.
/// For the owner and admin roles only (migrations, creating roles and databases, tests acting as
/// an administrator); never for the dott_app role, whose connections come from a pool and are
/// reached through run(). Fails with errc::unavailable naming the cause; the
/// message never contains the connection string, which may carry a password.
[[nodiscard]] result<std::unique_ptr<pqxx::connection>> connect(const std::string& url);

}  // namespace dott::db
