#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.hpp"
#include "db/pool.hpp"

namespace dott::db {

/// Raw bytes bound as a bytea parameter (sent as PostgreSQL's `\x` hex text).
struct bytes {
    std::string_view data;
};

namespace detail {

/// A bound parameter as sent to PostgreSQL: text, or nothing for NULL.
using param = std::optional<std::string>;

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

/// Thrown when a text parameter holds U+0000: PostgreSQL text cannot store it and libpq would
/// send the value cut short at it, so it is refused instead (run() maps it to invalid_argument).
struct text_with_nul : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// The text as a parameter, refusing an embedded NUL.
[[nodiscard]] inline param text_param(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw text_with_nul("a text value contains the character U+0000, which cannot be stored");
    }
    return std::string(text);
}

/// Hex text of `value` in the form PostgreSQL reads as bytea.
[[nodiscard]] std::string bytea_text(std::string_view value);

/// The text form of one argument of transaction::exec. Strings go as they are, integers and
/// floating-point numbers in their shortest exact decimal form, booleans as true/false, an empty
/// optional, std::nullopt or nullptr as NULL, and `bytes` as bytea hex.
template <typename T>
[[nodiscard]] param to_param(const T& value) {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, std::nullptr_t> || std::is_same_v<U, std::nullopt_t>) {
        return std::nullopt;
    } else if constexpr (is_optional<U>::value) {
        return value.has_value() ? to_param(*value) : std::nullopt;
    } else if constexpr (std::is_same_v<U, bytes>) {
        return bytea_text(value.data);
    } else if constexpr (std::is_same_v<U, bool>) {
        return std::string(value ? "true" : "false");
    } else if constexpr (std::is_same_v<U, char>) {
        return text_param(std::string_view(&value, 1));
    } else if constexpr (std::is_pointer_v<U> && std::is_convertible_v<U, const char*>) {
        return value == nullptr ? std::nullopt : param(std::string(value));
    } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
        return text_param(std::string_view(value));
    } else if constexpr (std::is_arithmetic_v<U>) {
        char buffer[64];
        const auto [end, status] = std::to_chars(buffer, buffer + sizeof(buffer), value);
        return std::string(buffer, end);
    } else {
        static_assert(sizeof(U) == 0,
                      "bind strings, numbers, bool, db::bytes or std::optional of them");
    }
}

struct transaction_access;

}  // namespace detail

class transaction;

namespace detail {

/// Runs the work registered with transaction::before_commit(), in registration order, until
/// none is waiting; the first failure stops it. For run() alone.
[[nodiscard]] result<void> run_before_commit(transaction& tx);

}  // namespace detail

/// One transaction in which the organization and user are set with transaction-local
/// settings (`set_config(..., true)`); never a session-level SET. It is the only type through
/// which upper layers reach the database, and it exists only inside run(), on the thread that
/// called run().
class transaction {
  public:
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;

    /// Runs one statement with every argument bound as a parameter ($1, $2, ...), never
    /// spliced into the SQL text. std::optional without a value binds NULL. Throws libpqxx
    /// exceptions, which run() turns into errors; callers let them pass.
    template <typename... Args>
    pqxx::result exec(std::string_view sql, Args&&... args) {
        std::vector<detail::param> params;
        params.reserve(sizeof...(Args));
        (params.push_back(detail::to_param(args)), ...);
        return exec_params(sql, params);
    }

    /// The same with parameters built at run time, each text or NULL, bound in order. For SQL
    /// whose shape depends on data (a generic resource's columns, optional filters); the SQL
    /// text must still come from constants. Text holding U+0000 is refused as in exec().
    pqxx::result exec_list(std::string_view sql,
                           const std::vector<std::optional<std::string>>& params) {
        for (const auto& value : params) {
            if (value) {
                (void)detail::text_param(*value);
            }
        }
        return exec_params(sql, params);
    }

    /// The organization and user the transaction acts for.
    [[nodiscard]] const scope& who() const noexcept { return scope_; }

    /// The scope's clock, or the system clock when the scope has none.
    [[nodiscard]] std::chrono::system_clock::time_point now() const;

    /// Work that must run once, after everything else of the transaction and just before its
    /// COMMIT: derived rows that many writes of one transaction would otherwise recompute
    /// again and again. Work registered under a `key` that is still waiting is dropped (the
    /// waiting one will see every change); a key whose work already ran is queued again. Work
    /// may register more work. When any work fails (or throws), the transaction rolls back and
    /// run() returns that failure instead of the value of the caller's work.
    void before_commit(std::string key, std::function<result<void>(transaction&)> work);

    /// Whether work under `key` is waiting to run before the commit.
    [[nodiscard]] bool is_waiting(const std::string& key) const { return waiting_.contains(key); }

  private:
    friend struct detail::transaction_access;
    friend result<void> detail::run_before_commit(transaction& tx);
    transaction(pqxx::transaction_base& tx, const scope& who) noexcept : tx_(tx), scope_(who) {}

    pqxx::result exec_params(std::string_view sql, const std::vector<detail::param>& params);

    pqxx::transaction_base& tx_;
    const scope& scope_;

    // Work waiting for the commit, in registration order, and its keys.
    std::deque<std::pair<std::string, std::function<result<void>(transaction&)>>> queue_;
    std::set<std::string> waiting_;
};

namespace detail {

/// Borrows a connection, begins a transaction with `who` set, calls `body`, and commits when
/// `body` returns true or rolls back when it returns false. Returns an error only when the
/// database or `body` failed with an exception, or when the commit failed.
[[nodiscard]] result<void> execute(pool& p, const scope& who,
                                   const std::function<bool(transaction&)>& body);

template <typename R>
struct is_result : std::false_type {};
template <typename T>
struct is_result<result<T>> : std::true_type {};

}  // namespace detail

namespace detail {

template <typename Work>
[[nodiscard]] std::invoke_result_t<Work&, transaction&> run_work(pool& p, const scope& s,
                                                                 Work& work) {
    using returned = std::invoke_result_t<Work&, transaction&>;
    static_assert(is_result<returned>::value, "work must return dott::result<T>");

    std::optional<returned> outcome;
    auto status = execute(p, s, [&](transaction& tx) {
        outcome.emplace(std::invoke(work, tx));
        if (!outcome->has_value()) {
            return false;
        }
        if (auto finished = run_before_commit(tx); !finished) {
            outcome.emplace(std::unexpected(std::move(finished.error())));
            return false;
        }
        return true;
    });
    if (!status) {
        return std::unexpected(std::move(status.error()));
    }
    return std::move(*outcome);
}

}  // namespace detail

/// Borrows a connection, begins a transaction (READ ONLY when `s.read_only`), sets the scope
/// with transaction-local settings, runs `work`, and commits when `work` returns a value; rolls
/// back when it returns an error or throws. Work registered with transaction::before_commit()
/// runs after `work` returned a value, before the commit. `work` is any callable taking
/// `transaction&` and returning a `result<T>` (T may be void). libpqxx and other exceptions never
/// escape: unique and foreign-key violations -> conflict; check, not-null, data and row-level
/// security WITH CHECK violations -> invalid_argument; missing privilege or a write in a read-only
/// transaction -> forbidden; a lost connection (which is then replaced), statement timeout or
/// overload -> unavailable; anything else -> internal with details for the caller's log.
/// Blocks: call it from worker threads, never from a network thread.
template <typename Work>
requires std::invocable<Work&, transaction&>
[[nodiscard]] std::invoke_result_t<Work&, transaction&> run(pool& p, const scope& s, Work&& work) {
    return detail::run_work(p, s, work);
}

/// The same as the generic run(), for callers that name T: `run<int>(pool, scope, work)`.
template <typename T>
[[nodiscard]] result<T> run(pool& p, const scope& s,
                            const std::function<result<T>(transaction&)>& work) {
    return detail::run_work(p, s, work);
}

}  // namespace dott::db
