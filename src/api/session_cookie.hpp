#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "accounts/accounts.hpp"
#include "http/message.hpp"

namespace dott::api {

/// Whether this request's session cookie must be Secure with the `__Host-` prefix.
[[nodiscard]] bool wants_secure_cookie(const http::request& req, bool https_public_url);

/// The Set-Cookie value that hands a new session to the browser: HttpOnly, SameSite=Lax,
/// Path=/, expiring with the session; Secure and `__Host-` prefixed when `secure`.
[[nodiscard]] std::string session_cookie(const accounts::session& s, bool secure);

/// The Set-Cookie value that removes the session cookie.
[[nodiscard]] std::string expired_session_cookie(bool secure);

/// The session token the request carries, if any.
[[nodiscard]] std::optional<std::string> session_token(const http::request& req, bool secure);

/// The scope of a transaction acting for the holder of the request's session cookie
/// (accounts::service::session_scope): db::run() then fails with unauthenticated unless the
/// session is live. unauthenticated without a cookie.
[[nodiscard]] result<db::scope> session_scope(const http::request& req,
                                              const accounts::service& accounts,
                                              bool https_public_url);

/// The user whose live session the request's cookie carries; unauthenticated without one.
[[nodiscard]] result<store::user_record> session_user(const http::request& req,
                                                      accounts::service& accounts,
                                                      bool https_public_url);

}  // namespace dott::api
