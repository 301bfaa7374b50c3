#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace dott::http {

/// Path parameters captured by a route pattern: "/orgs/{org_id}" gives {"org_id": "..."}.
using path_params = std::map<std::string, std::string, std::less<>>;

using route_handler = std::function<response(const request&, const path_params&)>;

/// Maps method and path pattern to a handler. Patterns are literal segments and `{name}`
/// segments; a request path that matches a pattern with another method answers 405 with Allow.
/// Unknown paths answer 404 through the configured fallback.
///
/// Matching is segment by segment on the raw request path, each segment percent-decoded before
/// it is compared or captured, so "%2F" inside a segment never splits it. A capture matches
/// exactly one non-empty segment. "/x/" and "/x" are different paths. When several patterns
/// match, the one with a literal segment at the first position where they differ wins, then
/// the one added first.
class router {
  public:
    /// Registers a route. Call during start-up only, before the server runs. A pattern that
    /// does not start with '/' or has an empty or unclosed `{}` segment is a programming error
    /// and throws std::invalid_argument.
    void add(std::string method, std::string pattern, route_handler handler);

    /// Sets what answers when no pattern matches (default: a 404 problem document).
    void set_not_found(std::function<response(const request&)> handler);

    /// Finds and runs the handler, or answers 405 (with Allow) or the not-found fallback.
    /// Exceptions from handlers propagate to the caller. Thread-safe once routes are added.
    [[nodiscard]] response dispatch(const request& req) const;

  private:
    struct route {
        std::string method;
        std::vector<std::string> segments;  ///< Literal text, or "{name}" for a capture.
        route_handler handler;
    };

    /// Fills `params` and returns true when `path` (split and decoded) fits `r`.
    [[nodiscard]] static bool matches(const route& r, const std::vector<std::string>& path,
                                      path_params& params);

    /// True when `a` should win over `b` for the same path.
    [[nodiscard]] static bool is_more_specific(const route& a, const route& b);

    std::vector<route> routes_;
    std::function<response(const request&)> not_found_;
};

}  // namespace dott::http
