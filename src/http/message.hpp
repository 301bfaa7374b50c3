#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dott::http {

/// A parsed HTTP request as the layers above `http` see it: no Beast types leak out.
struct request {
    std::string method;  ///< "GET", "POST", ...
    std::string target;  ///< The raw request target, path and query.
    std::string path;    ///< The decoded path, without the query.
    std::string query;   ///< The raw query string, without '?'.
    std::vector<std::pair<std::string, std::string>> headers;  ///< Names lower-cased.
    std::string body;
    std::string request_id;      ///< Unique per request; echoed as X-Request-Id.
    std::string remote_address;  ///< The peer address of the socket.
    bool over_tls = false;

    /// The first value of a header (name compared case-insensitively), if present.
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;

    /// The value of a cookie from the Cookie header, if present.
    [[nodiscard]] std::optional<std::string> cookie(std::string_view name) const;

    /// The decoded value of a query parameter, if present.
    [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;
};

/// A response to send. The server adds Date, Content-Length, X-Request-Id and the connection
/// headers; handlers set the rest.
struct response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// Sets a header, replacing any earlier value with the same name.
    response& set(std::string name, std::string value);

    /// Adds a header even if one with this name exists (Set-Cookie).
    response& add(std::string name, std::string value);

    /// The first value of a header, if set.
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

/// Decodes %XX escapes (and '+' as space when `plus_is_space`). Invalid escapes are kept as is.
[[nodiscard]] std::string percent_decode(std::string_view text, bool plus_is_space);

/// Splits an application/x-www-form-urlencoded body or query into decoded pairs, in order.
/// Empty pieces ("a=1&&b=2") are skipped; a piece without '=' gives an empty value.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

/// A Content-Type value taken apart (RFC 9110 section 8.3.1): the media type lower-cased
/// without its parameters, and the charset parameter lower-cased, unquoted, empty when absent.
struct media_type {
    std::string type;
    std::string charset;

    /// Whether the text is UTF-8 as far as the header says: no charset, or utf-8 (utf8).
    [[nodiscard]] bool is_utf8() const noexcept {
        return charset.empty() || charset == "utf-8" || charset == "utf8";
    }
};

/// Reads a Content-Type value; white space around parts is ignored.
[[nodiscard]] media_type parse_media_type(std::string_view value);

/// A problem document (RFC 9457) of type "about:blank" with the given status and title, as
/// `application/problem+json`. It carries no detail, so it is safe for any client to see.
[[nodiscard]] response problem_response(int status, std::string_view title);

}  // namespace dott::http
