#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"

namespace dott::http {

/// Answers one request. Runs on a worker thread, never a network thread, so it may block on
/// the database (except for the server_config::inline_paths, answered on a network thread). It must
/// not throw; if it does, the server logs the request id and answers a generic 500. So does a
/// response with a status outside 200-599 or a header name or value that could not be written
/// safely (a CR or LF in a value). Many workers call it at once. A HEAD request reaches it as GET;
/// the server sends the answer without its body.
using handler = std::function<response(const request&)>;

struct server_config {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  ///< 0 picks a free port (tests).
    std::size_t network_threads = 2;
    std::size_t worker_threads = 8;
    std::size_t header_limit = 16 * 1024;  ///< Start line and headers; beyond it, 431 (414
                                           ///< when the request line alone is longer).
    std::size_t body_limit = 1024 * 1024;  ///< Beyond it, 413, before the body is read.

    /// The requests that may carry a larger body (spreadsheet uploads), by method and decoded
    /// path, and their limit. Judged from the head, before any of the body is read.
    std::function<bool(std::string_view method, std::string_view path)> takes_large_body{};
    std::size_t large_body_limit = 32 * 1024 * 1024;
    std::chrono::seconds read_timeout{30};   ///< To receive one whole request (or write one).
    std::chrono::seconds idle_timeout{60};   ///< Between keep-alive requests.
    std::chrono::seconds drain_timeout{10};  ///< For in-flight requests on stop; 0 closes
                                             ///< them at once.

    /// Paths (exact, decoded, without the query) whose handler never blocks, such as a
    /// liveness probe: they are answered on the network thread, without the hop to a worker
    /// and back, which costs more than such a handler does. Never list a path whose handler
    /// may wait on the database or on anything else.
    std::vector<std::string> inline_paths;
};

/// The HTTP/1.1 server: Beast over Asio with C++20 coroutines, keep-alive, limits, timeouts,
/// a request id per request, a JSON access log line per response (no secrets), graceful drain.
///
/// Every response gets Date, Content-Length, Connection as needed and X-Request-Id (16 random
/// hex characters, generated here whatever the client sent); handlers' own copies of those are
/// dropped. No Server header is sent. Requests that cannot be parsed or framed safely answer
/// 400, 413, 414, 415, 431 or 501 as a problem document and close the connection; a request
/// that is not complete within read_timeout closes it without an answer. Every answer the
/// server makes itself (those, and 500 for a failed handler) carries nosniff, a deny-all
/// Content-Security-Policy and `Cache-Control: no-store`, and is titled with its reason phrase.
class server {
  public:
    server(server_config config, handler on_request);

    /// Stops the server if it is running (see stop()).
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Binds and starts the network and worker threads. Fails with a message naming the
    /// address when it cannot bind (errc::unavailable), on an invalid address or thread count
    /// (errc::invalid_argument), or when called a second time (errc::internal).
    [[nodiscard]] result<void> start();

    /// The bound port (useful with port 0). Valid after start().
    [[nodiscard]] std::uint16_t port() const;

    /// Stops accepting, lets in-flight requests finish up to drain_timeout (their answers
    /// carry `Connection: close`), closes idle connections, joins threads. Idempotent; safe
    /// from any thread except a worker or network thread. A handler still running after the
    /// drain timeout is waited for, but its connection is closed without an answer and
    /// work_abandoned() turns true on its thread, so its database work is rolled back rather
    /// than committed (common/abandon.hpp).
    void stop();

    /// Blocks until SIGINT or SIGTERM arrives, then stop()s. `on_ready` runs once both signals
    /// are caught, so that a signal sent by whoever it tells the server is up stops the server
    /// cleanly instead of killing the process.
    void wait_for_signal(const std::function<void()>& on_ready = {});

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace dott::http
