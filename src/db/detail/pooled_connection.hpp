#pragma once

#include <array>
#include <string>

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include "db/detail/round_trips.hpp"

namespace dott::db::detail {

/// libpqxx's direct connection policy, remembering the libpq handle of every connection it
/// makes, so that run() can use the few libpq calls libpqxx 6.4 does not offer.
class handle_policy final : public pqxx::connect_direct {
  public:
    explicit handle_policy(const std::string& url) : pqxx::connect_direct(url) {}

    handle do_completeconnect(handle orig) override {
        handle_ = pqxx::connect_direct::do_completeconnect(orig);
        ++sessions_;
        return handle_;
    }
    handle do_disconnect(handle orig) noexcept override {
        handle_ = pqxx::connect_direct::do_disconnect(orig);
        return handle_;
    }

    /// The current libpq connection; null while disconnected.
    [[nodiscard]] PGconn* handle() const noexcept { return handle_; }

    /// How many server sessions this policy has connected: a new one has no prepared statements.
    [[nodiscard]] unsigned long sessions() const noexcept { return sessions_; }

  private:
    PGconn* handle_ = nullptr;
    unsigned long sessions_ = 0;
};

/// A connection of a pool: a libpqxx connection whose libpq handle stays reachable. libpqxx
/// does everything with it but what run() does itself: opening a transaction in one round trip
/// (open()), sending the COMMIT of a read-only transaction without waiting for the answer, and
/// reading that answer before the connection's next transaction begins (see transaction.cpp).
/// Owned by one thread at a time, like any libpqxx connection.
class pooled_connection final : public pqxx::connection_base {
  public:
    explicit pooled_connection(const std::string& url)
        : pqxx::connection_base(policy_), policy_(url) {
        init();
    }
    pooled_connection(const pooled_connection&) = delete;
    pooled_connection& operator=(const pooled_connection&) = delete;
    ~pooled_connection() noexcept { close(); }

    [[nodiscard]] PGconn* handle() const noexcept { return policy_.handle(); }

    /// Sends COMMIT without waiting for its answer, which settle() reads later. Only for a
    /// read-only transaction, whose outcome cannot change what its caller read. Throws
    /// pqxx::broken_connection when the command cannot be sent.
    void send_commit();

    /// Reads the answer of a COMMIT sent by send_commit(), if any, then checks that the
    /// connection is idle: no transaction open, nothing else in flight. Throws
    /// pqxx::broken_connection otherwise, so that the pool replaces the connection instead of
    /// running anyone's statements in a transaction that someone else began.
    void settle();

    /// Settles, then opens a transaction as `how` says in one round trip (libpq's pipeline
    /// mode): BEGIN and the opening statement, preceded by its preparation when this server
    /// session has not prepared it yet. Returns the user the transaction acts for, empty
    /// for none. Throws pqxx::broken_connection when anything fails, so that run() replaces the
    /// connection: nothing of the caller's has run on it yet.
    [[nodiscard]] std::string open(const opening& how);

  private:
    bool commit_in_flight_ = false;

    // For each opening statement, the server session (policy_.sessions()) that prepared it.
    std::array<unsigned long, opening_statement_count> prepared_in_{};

    // Initialised after the base, which only keeps a reference to it until init() runs.
    handle_policy policy_;
};

}  // namespace dott::db::detail
