#include "app/guard.hpp"

#include <array>
#include <cctype>

#include "app/application.hpp"
#include "json/json.hpp"

namespace dott::app {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool is_loopback(std::string_view address) {
    return address.starts_with("127.") || address == "::1" || address == "localhost";
}

bool is_wildcard(std::string_view address) { return address == "0.0.0.0" || address == "::"; }

/// "https://dott.example.com:8443/x" -> "https://dott.example.com:8443".
std::string origin_of(std::string_view url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return lower(url);
    }
    auto path = url.find('/', scheme_end + 3);
    return lower(url.substr(0, path));
}

http::response refusal(int status, std::string_view title, std::string_view detail) {
    http::response res;
    res.status = status;
    res.set("Content-Type", "application/problem+json");
    res.body = json::problem(status, title, detail);
    return res;
}

bool is_unsafe(std::string_view method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

request_guard::request_guard(std::optional<std::string> public_url, std::string listen_address)
    : public_url_(std::move(public_url)), listen_address_(std::move(listen_address)) {}

void request_guard::set_port(std::uint16_t port) { port_ = port; }

bool request_guard::is_allowed_host(std::string_view host) const {
    std::string wanted = lower(host);
    if (public_url_) {
        std::string origin = origin_of(*public_url_);
        if (wanted == origin.substr(origin.find("://") + 3)) {
            return true;
        }
    }
    std::string port = ":" + std::to_string(port_.load());
    if (is_loopback(listen_address_)) {
        for (std::string_view name : {"127.0.0.1", "localhost", "[::1]"}) {
            if (wanted == std::string(name) + port) {
                return true;
            }
        }
        return wanted == lower(listen_address_) + port;
    }
    if (is_wildcard(listen_address_)) {
        return !public_url_.has_value();
    }
    return wanted == lower(listen_address_) + port;
}

bool request_guard::is_allowed_origin(std::string_view origin,
                                      std::optional<std::string_view> host) const {
    // The Host was already found to be one of ours, so the page that sent the request is ours
    // exactly when its origin is the public URL's or the very host the request was sent to.
    std::string wanted = lower(origin);
    if (public_url_ && wanted == origin_of(*public_url_)) {
        return true;
    }
    return host && wanted == "http://" + lower(*host);
}

std::optional<http::response> request_guard::check(const http::request& req) const {
    // Health probes address the server by whatever name the platform uses (often a bare IP)
    // and read nothing of any organization.
    if (req.path == "/healthz" || req.path == "/readyz") {
        return std::nullopt;
    }
    if (auto host = req.header("host"); host && !is_allowed_host(*host)) {
        return refusal(421, "Misdirected Request", "this server does not answer to that host");
    }
    if (!is_unsafe(req.method)) {
        return std::nullopt;
    }
    if (auto origin = req.header("origin")) {
        if (!is_allowed_origin(*origin, req.header("host"))) {
            return refusal(403, "Forbidden", "cross-origin requests are refused");
        }
        return std::nullopt;
    }
    if (auto site = req.header("sec-fetch-site");
        site && *site != "same-origin" && *site != "none") {
        return refusal(403, "Forbidden", "cross-site requests are refused");
    }
    return std::nullopt;
}

http::handler make_handler(std::shared_ptr<const http::router> router,
                           std::shared_ptr<const request_guard> guard) {
    return [router = std::move(router), guard = std::move(guard)](const http::request& req) {
        auto refused = guard->check(req);
        http::response res = refused ? std::move(*refused) : router->dispatch(req);
        add_security_headers(req, res);
        return res;
    };
}

}  // namespace dott::app
