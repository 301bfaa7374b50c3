#pragma once
// INTERFACE CONTRACT (to be implemented in src/http). No Beast here.

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
class router {
public:
    void add(std::string method, std::string pattern, route_handler handler);

    /// Sets what answers when no pattern matches (default: plain 404).
    void set_not_found(std::function<response(const request&)> handler);

    /// Finds and runs the handler. Thread-safe once routes are added.
    [[nodiscard]] response dispatch(const request& req) const;

private:
    struct route {
        std::string method;
        std::vector<std::string> segments;
        route_handler handler;
    };
    std::vector<route> routes_;
    std::function<response(const request&)> not_found_;
};

}  // namespace dott::http
