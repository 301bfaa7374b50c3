#include "api/session_cookie.hpp"

#include <ctime>

namespace dott::api {
namespace {

const char* cookie_name(bool secure) { return secure ? "__Host-dott_session" : "dott_session"; }

std::string http_date(std::chrono::system_clock::time_point t) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

std::string attributes(bool secure) {
    return secure ? "; Path=/; HttpOnly; SameSite=Lax; Secure" : "; Path=/; HttpOnly; SameSite=Lax";
}

}  // namespace

bool wants_secure_cookie(const http::request& req, bool https_public_url) {
    return req.over_tls || https_public_url;
}

std::string session_cookie(const accounts::session& s, bool secure) {
    return std::string(cookie_name(secure)) + "=" + s.token +
           "; Expires=" + http_date(s.expires_at) + attributes(secure);
}

std::string expired_session_cookie(bool secure) {
    return std::string(cookie_name(secure)) + "=; Max-Age=0" + attributes(secure);
}

std::optional<std::string> session_token(const http::request& req, bool secure) {
    return req.cookie(cookie_name(secure));
}

result<db::scope> session_scope(const http::request& req, const accounts::service& accounts,
                                bool https_public_url) {
    auto token = session_token(req, wants_secure_cookie(req, https_public_url));
    if (!token) {
        return fail(errc::unauthenticated, "sign in to continue");
    }
    return accounts.session_scope(*token);
}

result<store::user_record> session_user(const http::request& req, accounts::service& accounts,
                                        bool https_public_url) {
    auto token = session_token(req, wants_secure_cookie(req, https_public_url));
    if (!token) {
        return fail(errc::unauthenticated, "sign in to continue");
    }
    return accounts.authenticate(*token);
}

}  // namespace dott::api
