#pragma once

#include <expected>
#include <string>
#include <utility>

namespace dott {

/// The small fixed set of ways an operation can fail. Each maps to exactly one HTTP status
/// through http_status(); nothing else decides a status code for an expected failure.
enum class errc {
    malformed,            ///< The input cannot be parsed at all: bad JSON, bad syntax (400).
    invalid_argument,     ///< The input parses but breaks a rule: a field out of range (422).
    not_found,            ///< Absent, or belongs to another organization (404).
    conflict,             ///< A uniqueness or state rule was broken (409).
    unauthenticated,      ///< No valid credentials (401).
    forbidden,            ///< Authenticated but not allowed (403).
    precondition_failed,  ///< A stale If-Match (412).
    too_large,            ///< A body or collection beyond its limit (413).
    unsupported_media,    ///< A body of a type the route does not take (415).
    unavailable,          ///< A dependency such as the database is down (503).
    internal,             ///< A bug; the message is for logs, never for clients (500).
};

/// An expected failure: a code, a message safe to show the caller, and when the failure is
/// about one input, the name (or JSON pointer) of that field.
struct error {
    errc code = errc::internal;
    std::string message;
    std::string field;
};

/// The return type of every operation that can fail in an expected way.
template <typename T>
using result = std::expected<T, error>;

/// Builds the failure branch of a result: `return fail(errc::not_found, "event not found");`.
[[nodiscard]] inline std::unexpected<error> fail(errc code, std::string message,
                                                 std::string field = {}) {
    return std::unexpected<error>(error{code, std::move(message), std::move(field)});
}

/// The HTTP status that answers an error code.
[[nodiscard]] int http_status(errc code) noexcept;

/// A stable machine-readable name for an error code ("not_found"), used in problem documents.
[[nodiscard]] const char* to_string(errc code) noexcept;

}  // namespace dott
