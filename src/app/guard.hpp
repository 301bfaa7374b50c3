#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "http/server.hpp"

namespace dott::app {

/// Decides which Host names the server answers to and which origins may send it
/// state-changing requests, before any handler runs.
///
/// - Host: the public URL's host when one is configured, and the listen address (with
///   `localhost` and `[::1]` when it is a loopback address). A request naming another host is
///   refused, which defeats DNS rebinding. Health probes (/healthz, /readyz) are exempt. A server
///   listening on every interface without a public URL cannot know its names and accepts any Host.
/// - Origin: a POST, PUT, PATCH or DELETE whose browser names an Origin must come from the
///   public URL or from the host the request was sent to; without Origin, a `Sec-Fetch-Site` other
///   than same-origin or none is refused. Clients that send neither (curl, scripts) are not
///   browsers and pass: they carry no ambient cookie of a victim.
///
/// Thread-safe: check() may run on every worker while set_port() is called once at start-up.
class request_guard {
  public:
    request_guard(std::optional<std::string> public_url, std::string listen_address);

    /// Completes the host list once the listening port is known (port 0 binds late).
    void set_port(std::uint16_t port);

    /// Nothing when the request may proceed; otherwise the response that refuses it.
    [[nodiscard]] std::optional<http::response> check(const http::request& req) const;

  private:
    [[nodiscard]] bool is_allowed_host(std::string_view host) const;
    [[nodiscard]] bool is_allowed_origin(std::string_view origin,
                                         std::optional<std::string_view> host) const;

    std::optional<std::string> public_url_;
    std::string listen_address_;
    std::atomic<std::uint16_t> port_{0};
};

/// The server's whole request handler: the guard, then the router, then the security headers
/// every response carries.
[[nodiscard]] http::handler make_handler(std::shared_ptr<const http::router> router,
                                         std::shared_ptr<const request_guard> guard);

}  // namespace dott::app
