#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/env.hpp"
#include "common/result.hpp"
#include "db/db.hpp"
#include "store/accounts.hpp"

namespace dott::accounts {

/// Lower-cases and trims an email address and checks its shape (one '@', a local part of at
/// most 64 bytes, a dotted domain, at most 254 bytes, no spaces or control characters).
/// Fails with invalid_argument naming the field "email".
[[nodiscard]] result<std::string> normalise_email(std::string_view email);

struct settings {
    std::chrono::seconds session_lifetime{std::chrono::hours(24 * 14)};
    std::size_t min_password_length = 10;
    clock_fn clock = system_clock();
};

/// A new session: the raw token goes to the client once (in a cookie) and is never stored.
struct session {
    std::string token;
    std::string user_id;
    std::chrono::system_clock::time_point expires_at;
};

/// Sign-up, sign-in, sign-out, session checks and organization creation. Thread-safe; every
/// call blocks on the database, so call it from worker threads.
class service {
  public:
    service(std::shared_ptr<db::pool> pool, settings s);

    /// Creates an account and signs it in. conflict when the email is taken.
    [[nodiscard]] result<session> sign_up(std::string_view email, std::string_view password,
                                          std::string_view display_name);

    /// Checks the password and opens a session. A wrong password and an unknown email give the
    /// same unauthenticated error, after the same amount of hashing work.
    [[nodiscard]] result<session> sign_in(std::string_view email, std::string_view password);

    /// Revokes the session of this token, if any. Idempotent.
    [[nodiscard]] result<void> sign_out(std::string_view token);

    /// The scope of a transaction acting for whoever holds this session token: db::run() finds
    /// the session's user in the round trip that opens the transaction, and fails with
    /// unauthenticated, before any work, unless the session is live (unexpired, unrevoked) now.
    /// The caller adds the organization and read_only. unauthenticated for a token that cannot
    /// be one. This is the one road from a session token to its user: every request that needs
    /// the signed-in user (API routes and pages alike) goes through it. Does not block.
    [[nodiscard]] result<db::scope> session_scope(std::string_view token) const;

    /// The user whose live (unexpired, unrevoked) session this token opens; unauthenticated
    /// otherwise. One read-only transaction through session_scope().
    [[nodiscard]] result<store::user_record> authenticate(std::string_view token);

    /// Creates an organization whose owner is `user_id`.
    [[nodiscard]] result<store::organization_record> create_organization(const std::string& user_id,
                                                                         std::string_view name,
                                                                         std::string_view currency);

    /// The organizations a user belongs to, with their role in each.
    [[nodiscard]] result<std::vector<store::organization_record>> organizations_of(
        const std::string& user_id);

  private:
    [[nodiscard]] result<session> open_session(const std::string& user_id);

    std::shared_ptr<db::pool> pool_;
    settings settings_;
    std::string decoy_hash_;  // Verified against when an email is unknown, to equalise timing.
};

}  // namespace dott::accounts
