#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace dott::http {
namespace {

bool is_capture(std::string_view segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

/// Splits "/a/b" into {"a", "b"}; "/" gives {""} and "/a/" gives {"a", ""}.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    if (path.starts_with('/')) {
        path.remove_prefix(1);
    }
    while (true) {
        auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            return segments;
        }
        path.remove_prefix(slash + 1);
    }
}

std::vector<std::string> parse_pattern(std::string_view pattern) {
    if (!pattern.starts_with('/')) {
        throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
    }
    std::vector<std::string> segments;
    for (auto segment : split_path(pattern)) {
        bool has_brace = segment.find_first_of("{}") != std::string_view::npos;
        if (has_brace && (!is_capture(segment) || segment.size() == 2)) {
            throw std::invalid_argument("malformed capture in route pattern: " +
                                        std::string(pattern));
        }
        segments.emplace_back(segment);
    }
    return segments;
}

/// The segments of the request path, each percent-decoded. The raw target is preferred over
/// `path` so that an encoded '/' stays inside its segment.
std::vector<std::string> request_segments(const request& req) {
    std::string_view raw = req.target.empty() ? std::string_view(req.path) : req.target;
    raw = raw.substr(0, raw.find('?'));

    std::vector<std::string> segments;
    for (auto segment : split_path(raw)) {
        segments.push_back(percent_decode(segment, false));
    }
    return segments;
}

}  // namespace

void router::add(std::string method, std::string pattern, route_handler handler) {
    routes_.push_back(route{std::move(method), parse_pattern(pattern), std::move(handler)});
}

void router::set_not_found(std::function<response(const request&)> handler) {
    not_found_ = std::move(handler);
}

response router::dispatch(const request& req) const {
    auto path = request_segments(req);

    const route* best = nullptr;
    path_params best_params;
    std::vector<std::string> allowed;  // In the order the routes were added, each once.
    for (const auto& r : routes_) {
        path_params params;
        if (!matches(r, path, params)) {
            continue;
        }
        if (r.method != req.method) {
            if (std::ranges::find(allowed, r.method) == allowed.end()) {
                allowed.push_back(r.method);
            }
            continue;
        }
        if (best == nullptr || is_more_specific(r, *best)) {
            best = &r;
            best_params = std::move(params);
        }
    }

    if (best != nullptr) {
        return best->handler(req, best_params);
    }
    if (!allowed.empty()) {
        std::string allow = allowed.front();
        for (std::size_t i = 1; i < allowed.size(); ++i) {
            allow += ", " + allowed[i];
        }
        auto res = problem_response(405, "Method Not Allowed");
        res.set("Allow", std::move(allow));
        return res;
    }
    if (not_found_) {
        return not_found_(req);
    }
    return problem_response(404, "Not Found");
}

bool router::matches(const route& r, const std::vector<std::string>& path, path_params& params) {
    if (r.segments.size() != path.size()) {
        return false;
    }
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto& segment = r.segments[i];
        if (!is_capture(segment)) {
            if (segment != path[i]) {
                return false;
            }
            continue;
        }
        if (path[i].empty()) {
            return false;
        }
        params.insert_or_assign(segment.substr(1, segment.size() - 2), path[i]);
    }
    return true;
}

bool router::is_more_specific(const route& a, const route& b) {
    for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
        bool a_literal = !is_capture(a.segments[i]);
        bool b_literal = !is_capture(b.segments[i]);
        if (a_literal != b_literal) {
            return a_literal;
        }
    }
    return false;
}

}  // namespace dott::http
