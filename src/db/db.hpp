#pragma once
// INTERFACE CONTRACT (to be implemented in src/db). Upper layers code against exactly this.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <pqxx/pqxx>

#include "common/result.hpp"

namespace dott::db {

/// Who a transaction acts for. `org_id` empty means "no organization": tenant tables then read
/// as empty (row-level security fails closed). `user_id` empty means "no user".
struct scope {
    std::string org_id;
    std::string user_id;
    bool read_only = false;
};

/// A fixed-size pool of connections, all made with one connection string (the dott_app role
/// for the server). Thread-safe. A borrower waits up to a bound for a free connection.
class pool {
public:
    /// Connects `size` connections. Fails with errc::unavailable naming the cause.
    [[nodiscard]] static result<std::shared_ptr<pool>> open(std::string url, std::size_t size);

    /// True when a trivial query answers within a short bound (for /readyz).
    [[nodiscard]] bool is_reachable();

    // (implementation-defined members)
};

/// One transaction in which the organization and user are set with transaction-local
/// settings (`set_config(..., true)`); never a session-level SET. It is the only type through
/// which upper layers reach the database, and it exists only inside run().
class transaction {
public:
    /// Runs a statement with bound parameters ($1, $2, ...). Every value is a parameter.
    /// std::optional<T> without a value binds NULL.
    template <typename... Args>
    pqxx::result exec(std::string_view sql, Args&&... args);

    [[nodiscard]] const scope& who() const;
};

/// Borrows a connection, begins a transaction, sets the scope, runs `work`, and commits when
/// `work` returns a value; rolls back when it returns an error or throws. libpqxx exceptions
/// are caught here and become errors (unique violation -> conflict, check/RLS violation ->
/// invalid_argument or not_found, broken connection -> unavailable, others -> internal).
/// Call it from worker threads, never from a network thread.
template <typename T>
[[nodiscard]] result<T> run(pool& p, const scope& s, const std::function<result<T>(transaction&)>& work);

}  // namespace dott::db
