#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include <openssl/rand.h>
#include <nlohmann/json.hpp>

#include "common/abandon.hpp"
#include "common/log.hpp"
#include "http/detail/asio.hpp"
#include "http/detail/offload.hpp"

namespace dott::http {
namespace {

using namespace detail;
using std::chrono::steady_clock;
using wire_request = wire::request<wire::string_body>;
using wire_response = wire::response<wire::string_body>;

/// How long an error answer waits for the client to stop sending before the socket closes.
constexpr std::chrono::seconds linger_time{1};

/// Everything the access log needs to know about one exchange.
struct exchange {
    std::string request_id;
    std::string method;
    std::string path;
    steady_clock::time_point started = steady_clock::now();
};

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), written by hand
/// because strftime's day and month names follow the process locale. Each thread writes it
/// once a second.
std::string http_date() {
    static constexpr std::array<const char*, 7> days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    std::time_t now = std::time(nullptr);
    thread_local std::time_t written_at = -1;
    thread_local std::string written;
    if (now == written_at) {
        return written;
    }
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 64> text{};
    int n = std::snprintf(text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[utc.tm_wday], utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900,
                          utc.tm_hour, utc.tm_min, utc.tm_sec);
    written.assign(text.data(), static_cast<std::size_t>(std::max(n, 0)));
    written_at = now;
    return written;
}

/// `text` as a JSON string. Invalid UTF-8 from a client is replaced rather than allowed to
/// throw; text with nothing to escape, such as most paths, is quoted as it is.
std::string json_text(std::string_view text) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (plain) {
        std::string quoted;
        quoted.reserve(text.size() + 2);
        quoted.push_back('"');
        quoted.append(text);
        quoted.push_back('"');
        return quoted;
    }
    return nlohmann::json(std::string(text))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// 16 lower-case hex characters from OpenSSL's generator, drawn 32 ids at a time per thread
/// (the generator's lock and bookkeeping cost more than one short id). Should it ever fail, a
/// per-thread generator seeded from std::random_device keeps ids unique enough to correlate
/// logs.
std::string new_request_id() {
    constexpr std::size_t id_bytes = 8;
    thread_local std::array<unsigned char, 32 * id_bytes> drawn{};
    thread_local std::size_t used = drawn.size();
    if (used == drawn.size()) {
        if (RAND_bytes(drawn.data(), static_cast<int>(drawn.size())) != 1) {
            thread_local std::mt19937_64 fallback{std::random_device{}()};
            for (auto& byte : drawn) {
                byte = static_cast<unsigned char>(fallback());
            }
        }
        used = 0;
    }
    std::span<const unsigned char, id_bytes> bytes(drawn.data() + used, id_bytes);
    used += id_bytes;

    static constexpr char hex[] = "0123456789abcdef";
    std::string id;
    for (auto byte : bytes) {
        id.push_back(hex[byte >> 4]);
        id.push_back(hex[byte & 0xf]);
    }
    return id;
}

bool is_token(std::string_view text) {
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::ranges::all_of(text, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               extra.find(c) != std::string_view::npos;
    });
}

/// Control characters in a field value would let a handler's data split the response.
bool is_field_value(std::string_view text) {
    return std::ranges::none_of(text, [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t') || byte == 0x7f;
    });
}

/// Headers the server writes itself; a handler's copy of them is dropped.
bool is_owned_by_server(std::string_view name) {
    static constexpr std::array<std::string_view, 6> owned = {
        "content-length", "transfer-encoding", "connection", "keep-alive", "date", "x-request-id"};
    std::string lower(name);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::ranges::find(owned, lower) != owned.end();
}

/// Why a handler's response cannot go on the wire, or nothing when it can.
std::optional<std::string> find_invalid_part(const response& res) {
    if (res.status < 200 || res.status > 599) {
        return "status " + std::to_string(res.status) + " is outside 200-599";
    }
    for (const auto& [name, value] : res.headers) {
        if (!is_token(name) || !is_field_value(value)) {
            return "header \"" + name + "\" has an invalid name or value";
        }
    }
    return std::nullopt;
}

/// The target's path without the query, for the access log of requests that never parsed.
std::string path_of(std::string_view target) {
    return percent_decode(target.substr(0, target.find('?')), false);
}

/// A problem document for an answer the server makes itself. Its title is the reason phrase
/// Beast writes on the status line, so the two never disagree. It carries the security
/// headers the app layer adds to handlers' answers, because it never passes through that
/// layer.
response server_problem(wire::status status) {
    auto res = problem_response(static_cast<int>(status), wire::obsolete_reason(status));
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    res.set("Cache-Control", "no-store");
    return res;
}

std::string_view trim_blanks(std::string_view text) {
    constexpr std::string_view blanks = " \t";
    auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

/// The elements of every `name` field, in order, as one comma-separated list: trimmed, with
/// empty elements skipped, as RFC 9110 section 5.6.1 asks of a recipient.
std::vector<std::string_view> list_elements(const wire_request& head, wire::field name) {
    std::vector<std::string_view> elements;
    auto [field, end] = head.equal_range(name);
    for (; field != end; ++field) {
        std::string_view value = field->value();
        while (!value.empty()) {
            auto comma = value.find(',');
            auto element = trim_blanks(value.substr(0, comma));
            value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
            if (!element.empty()) {
                elements.push_back(element);
            }
        }
    }
    return elements;
}

/// RFC 9112 section 3.2: an HTTP/1.1 request carries exactly one Host, an older one at most
/// one; a server must answer 400 otherwise.
std::optional<wire::status> check_host(const wire_request& head) {
    auto hosts = head.count(wire::field::host);
    if (hosts > 1 || (hosts == 0 && head.version() >= 11)) {
        return wire::status::bad_request;
    }
    return std::nullopt;
}

/// Only `chunked` alone is understood. Beast frames any other list its own way, which a proxy
/// in front may not share: the request-smuggling risk. So 400 when the list is malformed, or
/// repeats chunked, or puts it anywhere but last (RFC 9112 section 6.3: the length cannot then
/// be known), or comes in HTTP/1.0, which has no transfer codings (section 6.1); 501 when it
/// names a coding this server does not implement, `identity` included (section 6.1).
std::optional<wire::status> check_transfer_encoding(const wire_request& head) {
    if (head.count(wire::field::transfer_encoding) == 0) {
        return std::nullopt;
    }
    auto codings = list_elements(head, wire::field::transfer_encoding);
    if (head.version() < 11 || codings.empty() || !std::ranges::all_of(codings, is_token)) {
        return wire::status::bad_request;
    }

    auto is_chunked = [](std::string_view coding) { return beast::iequals(coding, "chunked"); };
    auto chunked = std::ranges::count_if(codings, is_chunked);
    if (chunked > 1 || (chunked == 1 && !is_chunked(codings.back()))) {
        return wire::status::bad_request;
    }
    if (chunked == 0 || codings.size() > 1) {
        return wire::status::not_implemented;
    }
    return std::nullopt;
}

/// The server decodes no content coding, and a handler would read a compressed body as if it
/// were plain, so a body with any coding but `identity` answers 415 (RFC 9110 section 15.5.16).
std::optional<wire::status> check_content_encoding(const wire_request& head, bool has_body) {
    if (!has_body) {
        return std::nullopt;
    }
    auto codings = list_elements(head, wire::field::content_encoding);
    if (!std::ranges::all_of(codings, [](auto c) { return beast::iequals(c, "identity"); })) {
        return wire::status::unsupported_media_type;
    }
    return std::nullopt;
}

/// Why a request whose head Beast accepted must still be refused, as the status to answer, or
/// nothing. Needs the whole head parsed; runs before any body byte is read.
std::optional<wire::status> find_head_problem(const wire::request_parser<wire::string_body>& p) {
    const auto& head = p.get();
    if (auto problem = check_host(head)) {
        return problem;
    }
    if (auto problem = check_transfer_encoding(head)) {
        return problem;
    }
    bool has_body = p.chunked() || p.content_length().value_or(0) > 0;
    return check_content_encoding(head, has_body);
}

/// Turns what Beast parsed into Dott's request, or nothing when the target is not a usable
/// origin-form path ("/a/b?c"), including one that decodes to a NUL byte.
std::optional<request> to_request(wire_request&& message, const std::string& remote,
                                  std::string request_id) {
    std::string_view target = message.target();
    if (!target.starts_with('/')) {
        return std::nullopt;
    }
    auto question = target.find('?');

    request req;
    req.path = percent_decode(target.substr(0, question), false);
    if (req.path.find('\0') != std::string::npos) {
        return std::nullopt;
    }
    req.method = std::string(message.method_string());
    req.target = std::string(target);
    if (question != std::string_view::npos) {
        req.query = std::string(target.substr(question + 1));
    }
    for (const auto& field : message) {
        std::string name(field.name_string());
        std::ranges::transform(name, name.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        req.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    req.body = std::move(message.body());
    req.request_id = std::move(request_id);
    req.remote_address = remote;
    return req;
}

bool is_http_error(const beast::error_code& ec) {
    return ec.category() == wire::make_error_code(wire::error::bad_method).category();
}

/// One accepted connection. Every member is owned by the connection's strand: only the
/// session coroutine and handlers posted to `stream.get_executor()` touch them.
struct connection {
    explicit connection(tcp::socket socket) : stream(std::move(socket)) {}

    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    bool idle = false;  ///< Waiting for the first byte of a next request.
};

}  // namespace

struct server::impl {
    impl(server_config c, handler h)
        : config(std::move(c)),
          on_request(std::move(h)),
          logger(log::get("http")),
          access_log(log::get(log::access_logger)),
          ioc(static_cast<int>(std::max<std::size_t>(config.network_threads, 1))),
          accept_strand(asio::make_strand(ioc)),
          acceptor(accept_strand) {}

    [[nodiscard]] result<void> start();
    void stop();

    asio::awaitable<void> accept_loop();
    void start_session(tcp::socket socket);
    asio::awaitable<void> serve(std::shared_ptr<connection> conn, std::uint64_t id,
                                std::string remote);
    asio::awaitable<bool> wait_for_request(connection& conn);
    asio::awaitable<bool> serve_one(connection& conn, const std::string& remote);
    asio::awaitable<bool> answer_read_error(connection& conn, const beast::error_code& ec,
                                            const wire_request& partial, exchange& ex,
                                            const std::string& remote);
    asio::awaitable<bool> reject(connection& conn, const exchange& ex, const std::string& remote,
                                 response res);
    asio::awaitable<bool> send(connection& conn, const exchange& ex, const std::string& remote,
                               response res, bool keep_alive, unsigned version, bool omit_body);
    asio::awaitable<void> linger(connection& conn);
    [[nodiscard]] response run_handler(const request& req) noexcept;
    void log_access(const exchange& ex, const std::string& remote, int status, std::size_t bytes);
    [[nodiscard]] std::vector<std::shared_ptr<connection>> open_connections();
    void close_idle_connections();
    void forget(std::uint64_t id);

    const server_config config;
    const handler on_request;
    const std::shared_ptr<spdlog::logger> logger;
    const std::shared_ptr<spdlog::logger> access_log;  // One JSON object per response.

    enum class phase { created, running, stopping, stopped };

    // Guards phase, connections and next_id; `drained` signals an empty `connections`.
    std::mutex mutex;
    std::condition_variable drained;
    phase state = phase::created;
    std::map<std::uint64_t, std::weak_ptr<connection>> connections;
    std::uint64_t next_id = 0;

    /// Set once by stop(); read by sessions on their strands to stop keeping connections alive.
    std::atomic<bool> stopping{false};

    /// Set once by stop() when the drain time ran out; handlers still running read it through
    /// work_abandoned() on their worker threads, so that what they do is not committed.
    std::atomic<bool> given_up{false};

    // Declared before everything that holds its handlers or sockets, so destroyed after them.
    asio::io_context ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
    asio::strand<asio::io_context::executor_type> accept_strand;
    tcp::acceptor acceptor;  ///< Owned by accept_strand once running.

    // Written by start() before any thread runs; then only read, or torn down by stop().
    std::uint16_t bound_port = 0;
    std::unique_ptr<asio::thread_pool> workers;
    std::vector<std::thread> network;
};

result<void> server::impl::start() {
    {
        std::scoped_lock lock(mutex);
        if (state != phase::created) {
            return fail(errc::internal, "the http server can be started only once");
        }
    }
    if (config.network_threads == 0 || config.worker_threads == 0) {
        return fail(errc::invalid_argument,
                    "the http server needs at least one network thread "
                    "and one worker thread");
    }

    beast::error_code ec;
    auto address = asio::ip::make_address(config.address, ec);
    if (ec) {
        return fail(errc::invalid_argument, "invalid listen address \"" + config.address + "\"",
                    "address");
    }
    tcp::endpoint endpoint(address, config.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        beast::error_code ignored;
        acceptor.close(ignored);
        return fail(errc::unavailable, "cannot listen on " + config.address + ":" +
                                           std::to_string(config.port) + ": " + ec.message());
    }
    bound_port = acceptor.local_endpoint().port();

    workers = std::make_unique<asio::thread_pool>(config.worker_threads);
    keep_running.emplace(ioc.get_executor());
    asio::co_spawn(accept_strand, accept_loop(), asio::detached);
    for (std::size_t i = 0; i < config.network_threads; ++i) {
        network.emplace_back([this] { ioc.run(); });
    }
    {
        std::scoped_lock lock(mutex);
        state = phase::running;
    }
    logger->info("listening on {}:{}", config.address, bound_port);
    return {};
}

void server::impl::stop() {
    {
        std::scoped_lock lock(mutex);
        if (state != phase::running) {
            return;
        }
        state = phase::stopping;
        stopping = true;
    }
    logger->info("stopping: draining in-flight requests for up to {}s",
                 config.drain_timeout.count());

    // Stop accepting, and close connections that wait between requests.
    asio::post(accept_strand, [this] {
        beast::error_code ignored;
        acceptor.close(ignored);
    });
    close_idle_connections();

    std::size_t remaining = 0;
    {
        std::unique_lock lock(mutex);
        drained.wait_for(lock, config.drain_timeout, [this] { return connections.empty(); });
        remaining = connections.size();
    }
    if (remaining > 0) {
        logger->warn(
            "closing {} connections still busy after the drain timeout; their work is rolled "
            "back",
            remaining);
        given_up.store(true, std::memory_order_release);
    }

    keep_running.reset();
    ioc.stop();
    for (auto& thread : network) {
        thread.join();
    }

    // No network thread runs now, so this thread may touch the sockets left open. Handlers
    // still running finish on the pool, told they were given up on; their answers go nowhere.
    beast::error_code ignored;
    acceptor.close(ignored);
    for (auto& conn : open_connections()) {
        conn->stream.socket().close(ignored);
    }
    workers->join();
    {
        std::scoped_lock lock(mutex);
        state = phase::stopped;
    }
    logger->info("stopped");
}

asio::awaitable<void> server::impl::accept_loop() {
    std::uint64_t failed_accepts = 0;
    while (!stopping) {
        tcp::socket socket(asio::make_strand(ioc));
        beast::error_code ec;
        co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted || stopping) {
            co_return;
        }
        if (!ec) {
            failed_accepts = 0;
            start_session(std::move(socket));
            continue;
        }

        // Out of descriptors or memory: pause so the loop does not spin while it lasts, and
        // warn once per burst rather than once per attempt.
        if (++failed_accepts == 1 || failed_accepts % 100 == 0) {
            logger->warn("accept failed {} times in a row: {}", failed_accepts, ec.message());
        }
        asio::steady_timer pause(accept_strand, std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

void server::impl::start_session(tcp::socket socket) {
    beast::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    std::string remote = ec ? std::string("unknown") : peer.address().to_string();

    auto conn = std::make_shared<connection>(std::move(socket));
    std::uint64_t id = 0;
    {
        std::scoped_lock lock(mutex);
        if (state != phase::running) {
            return;
        }
        id = next_id++;
        connections.emplace(id, conn);
    }
    auto executor = conn->stream.get_executor();
    asio::co_spawn(executor, serve(std::move(conn), id, std::move(remote)), asio::detached);
}

void server::impl::forget(std::uint64_t id) {
    std::scoped_lock lock(mutex);
    connections.erase(id);
    if (connections.empty()) {
        drained.notify_all();
    }
}

std::vector<std::shared_ptr<connection>> server::impl::open_connections() {
    std::vector<std::shared_ptr<connection>> open;
    std::scoped_lock lock(mutex);
    for (const auto& [id, weak] : connections) {
        if (auto conn = weak.lock()) {
            open.push_back(std::move(conn));
        }
    }
    return open;
}

void server::impl::close_idle_connections() {
    for (auto& conn : open_connections()) {
        // The idle flag belongs to the connection's strand, so it is read there.
        auto executor = conn->stream.get_executor();
        asio::post(executor, [conn = std::move(conn)] {
            if (conn->idle) {
                beast::error_code ignored;
                conn->stream.socket().close(ignored);
            }
        });
    }
}

asio::awaitable<void> server::impl::serve(std::shared_ptr<connection> conn, std::uint64_t id,
                                          std::string remote) {
    // Leaves the registry however the session ends, so stop() sees it drained.
    struct registration {
        impl& owner;
        std::uint64_t id;
        ~registration() { owner.forget(id); }
    } registered{*this, id};

    try {
        while (!stopping) {
            if (!co_await wait_for_request(*conn)) {
                break;
            }
            if (!co_await serve_one(*conn, remote)) {
                break;
            }
        }
    } catch (const std::exception& e) {
        logger->error("connection from {} failed: {}", remote, e.what());
    }

    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    conn->stream.close();
}

asio::awaitable<bool> server::impl::wait_for_request(connection& conn) {
    // Bytes of a pipelined request may already be buffered.
    if (conn.buffer.size() > 0) {
        co_return true;
    }

    conn.idle = true;
    conn.stream.expires_after(config.idle_timeout);
    beast::error_code ec;
    auto n = co_await conn.stream.async_read_some(conn.buffer.prepare(4096),
                                                  asio::redirect_error(asio::use_awaitable, ec));
    conn.idle = false;
    conn.buffer.commit(n);
    co_return !ec && n > 0;
}

asio::awaitable<bool> server::impl::serve_one(connection& conn, const std::string& remote) {
    exchange ex;
    ex.request_id = new_request_id();

    wire::request_parser<wire::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(config.header_limit, std::numeric_limits<std::uint32_t>::max())));
    // The head says which limit applies; until it is read, the larger one does.
    const bool any_large = static_cast<bool>(config.takes_large_body);
    parser.body_limit(any_large ? std::max(config.body_limit, config.large_body_limit)
                                : config.body_limit);

    // The read timeout covers the whole request, from its first byte to its last.
    conn.stream.expires_after(config.read_timeout);
    beast::error_code ec;
    co_await wire::async_read_header(conn.stream, conn.buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        co_return co_await answer_read_error(conn, ec, parser.get(), ex, remote);
    }
    ex.method = std::string(parser.get().method_string());
    ex.path = path_of(parser.get().target());
    if (auto problem = find_head_problem(parser)) {
        auto res = server_problem(*problem);
        if (*problem == wire::status::unsupported_media_type) {
            res.set("Accept-Encoding", "identity");
        }
        co_return co_await reject(conn, ex, remote, std::move(res));
    }

    const std::size_t limit = any_large && config.takes_large_body(ex.method, ex.path)
                                  ? config.large_body_limit
                                  : config.body_limit;
    if (parser.content_length().value_or(0) > limit) {
        co_return co_await reject(conn, ex, remote,
                                  server_problem(wire::status::payload_too_large));
    }
    parser.body_limit(limit);

    if (!parser.is_done() && beast::iequals(parser.get()[wire::field::expect], "100-continue")) {
        // The headers passed every limit, so the client may send the body it is holding.
        static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await asio::async_write(conn.stream, asio::buffer(go_on.data(), go_on.size()),
                                   asio::redirect_error(asio::use_awaitable, ec));
    }
    if (!ec && !parser.is_done()) {
        co_await wire::async_read(conn.stream, conn.buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) {
        co_return co_await answer_read_error(conn, ec, parser.get(), ex, remote);
    }

    bool wants_keep_alive = parser.get().keep_alive();
    unsigned version = parser.get().version();
    auto req = to_request(parser.release(), remote, ex.request_id);
    if (!req) {
        co_return co_await reject(conn, ex, remote, server_problem(wire::status::bad_request));
    }
    ex.path = req->path;

    // HEAD is answered as GET would be, without the body (RFC 9110 section 9.3.2), so handlers
    // and routes need not know of it.
    bool is_head = req->method == "HEAD";
    if (is_head) {
        req->method = "GET";
    }

    // The handler may block on the database, so it runs on the worker pool; the session
    // resumes on its own strand to write the answer. Paths known never to block are answered
    // here, on the strand.
    conn.stream.expires_never();
    response res;
    if (std::ranges::find(config.inline_paths, req->path) != config.inline_paths.end()) {
        res = run_handler(*req);
    } else {
        res = co_await async_offload(
            workers->get_executor(), [this, &req] { return run_handler(*req); },
            asio::use_awaitable);
    }

    bool keep_alive = wants_keep_alive && !stopping;
    bool sent = co_await send(conn, ex, remote, std::move(res), keep_alive, version, is_head);
    bool serve_next = sent && keep_alive;
    co_return serve_next;
}

asio::awaitable<bool> server::impl::answer_read_error(connection& conn, const beast::error_code& ec,
                                                      const wire_request& partial, exchange& ex,
                                                      const std::string& remote) {
    // Whatever of the start line was parsed, for the access log; empty if nothing was.
    ex.method = std::string(partial.method_string());
    ex.path = path_of(partial.target());

    // A client that went away or went quiet gets nothing: the socket is already unusable.
    if (ec == wire::error::end_of_stream || ec == wire::error::partial_message ||
        ec == beast::error::timeout || !is_http_error(ec)) {
        if (ec == beast::error::timeout) {
            logger->info("request_id={} closed a connection from {}: request not received in {}s",
                         ex.request_id, remote, config.read_timeout.count());
        }
        co_return false;
    }

    // Beast consumes the start line as soon as it is whole, so an empty target after the
    // header limit means the request line alone did not fit in it.
    auto status = wire::status::bad_request;
    if (ec == wire::error::header_limit) {
        status = partial.target().empty() ? wire::status::uri_too_long
                                          : wire::status::request_header_fields_too_large;
    } else if (ec == wire::error::body_limit) {
        status = wire::status::payload_too_large;
    }
    co_return co_await reject(conn, ex, remote, server_problem(status));
}

asio::awaitable<bool> server::impl::reject(connection& conn, const exchange& ex,
                                           const std::string& remote, response res) {
    // What follows a refused head cannot be trusted to start the next request, so the
    // connection closes after the answer.
    co_await send(conn, ex, remote, std::move(res), false, 11, ex.method == "HEAD");
    co_await linger(conn);
    co_return false;
}

asio::awaitable<bool> server::impl::send(connection& conn, const exchange& ex,
                                         const std::string& remote, response res, bool keep_alive,
                                         unsigned version, bool omit_body) {
    wire_response message;
    message.version(version);
    message.result(static_cast<unsigned>(res.status));
    for (auto& [name, value] : res.headers) {
        if (!is_owned_by_server(name)) {
            message.insert(name, value);
        }
    }
    message.set(wire::field::date, http_date());
    message.set("X-Request-Id", ex.request_id);
    message.keep_alive(keep_alive);

    // 204 and 304 answers cannot carry a body.
    if (res.status == 204 || res.status == 304) {
        res.body.clear();
    }
    message.body() = std::move(res.body);
    message.prepare_payload();

    // An answer to HEAD keeps the Content-Length of the body it leaves out.
    conn.stream.expires_after(config.read_timeout);
    beast::error_code ec;
    std::size_t bytes = 0;
    if (omit_body) {
        wire::response_serializer<wire::string_body> head_only(message);
        co_await wire::async_write_header(conn.stream, head_only,
                                          asio::redirect_error(asio::use_awaitable, ec));
    } else {
        bytes = message.body().size();
        co_await wire::async_write(conn.stream, message,
                                   asio::redirect_error(asio::use_awaitable, ec));
    }
    log_access(ex, remote, res.status, bytes);
    co_return !ec;
}

asio::awaitable<void> server::impl::linger(connection& conn) {
    // Closing a socket with unread request bytes makes the kernel reset the connection, which
    // can destroy the error answer before the client reads it. So stop sending, then read and
    // discard what the client still sends, for a short while.
    beast::error_code ec;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn.stream.expires_after(linger_time);
    std::array<char, 4096> sink{};
    while (!ec) {
        co_await conn.stream.async_read_some(asio::buffer(sink),
                                             asio::redirect_error(asio::use_awaitable, ec));
    }
}

response server::impl::run_handler(const request& req) noexcept {
    abandon_watch watch(given_up);
    try {
        auto res = on_request(req);
        auto invalid = find_invalid_part(res);
        if (!invalid) {
            return res;
        }
        logger->error("request_id={} handler answered an invalid response: {}", req.request_id,
                      *invalid);
    } catch (const std::exception& e) {
        logger->error("request_id={} handler threw: {}", req.request_id, e.what());
    } catch (...) {
        logger->error("request_id={} handler threw a non-standard exception", req.request_id);
    }
    return server_problem(wire::status::internal_server_error);
}

void server::impl::log_access(const exchange& ex, const std::string& remote, int status,
                              std::size_t bytes) {
    // Written field by field, keys sorted as a JSON object dump would write them, rather than
    // built as a document: one line per response.
    auto elapsed = std::chrono::duration<double, std::milli>(steady_clock::now() - ex.started);
    access_log->info(
        R"({{"bytes":{},"duration_ms":{},"method":{},"path":{},"remote":{},"request_id":"{}",)"
        R"("status":{}}})",
        bytes, std::round(elapsed.count() * 1000.0) / 1000.0, json_text(ex.method),
        json_text(ex.path), json_text(remote), ex.request_id, status);
}

server::server(server_config config, handler on_request)
    : impl_(std::make_unique<impl>(std::move(config), std::move(on_request))) {}

server::~server() { stop(); }

result<void> server::start() { return impl_->start(); }

std::uint16_t server::port() const { return impl_->bound_port; }

void server::stop() { impl_->stop(); }

void server::wait_for_signal(const std::function<void()>& on_ready) {
    asio::io_context signal_context;
    asio::signal_set signals(signal_context, SIGINT, SIGTERM);
    signals.async_wait([this](const beast::error_code& ec, int number) {
        if (!ec) {
            impl_->logger->info("received signal {}", number);
        }
    });

    // Only now is a signal caught rather than fatal: whoever is told the server is ready may
    // stop it at once.
    if (on_ready) {
        on_ready();
    }
    signal_context.run();
    stop();
}

}  // namespace dott::http
