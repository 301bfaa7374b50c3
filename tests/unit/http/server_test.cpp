#include "http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <nlohmann/json.hpp>

#include "common/log.hpp"

namespace dott::http {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

/// One parsed answer as the raw client read it; header names lower-cased.
struct raw_response {
    int status = 0;
    std::string reason;
    std::map<std::string, std::string> headers;
    std::string body;
};

/// A blocking loopback client that writes exactly the bytes a test gives it, so tests can send
/// what no well-behaved client would. Every read gives up after five seconds.
class raw_client {
  public:
    explicit raw_client(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        timeval timeout{.tv_sec = 5, .tv_usec = 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
            throw std::runtime_error("cannot connect to the test server");
        }
    }
    ~raw_client() { ::close(fd_); }
    raw_client(const raw_client&) = delete;
    raw_client& operator=(const raw_client&) = delete;

    /// Writes all of `bytes`; false when the server has closed the connection.
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) {
                return false;
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Reads one response with a Content-Length body (none when `to_head`, whatever its
    /// Content-Length says); nothing on close or timeout.
    std::optional<raw_response> read_response(bool to_head = false) {
        auto end = read_until("\r\n\r\n");
        if (!end) {
            return std::nullopt;
        }
        auto head = pending_.substr(0, *end);
        pending_.erase(0, *end + 4);

        raw_response res;
        res.status = std::stoi(head.substr(9, 3));
        std::size_t line_start = head.find("\r\n");
        res.reason = head.substr(13, line_start - 13);
        while (line_start != std::string::npos) {
            line_start += 2;
            auto line_end = head.find("\r\n", line_start);
            auto line = head.substr(line_start, line_end - line_start);
            auto colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (auto& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            res.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
            line_start = line_end;
        }

        if (to_head) {
            return res;
        }
        auto length =
            std::stoul(res.headers.count("content-length") != 0 ? res.headers["content-length"]
                                                                : std::string("0"));
        while (pending_.size() < length && fill()) {
        }
        if (pending_.size() < length) {
            return std::nullopt;
        }
        res.body = pending_.substr(0, length);
        pending_.erase(0, length);
        return res;
    }

    /// Reads one "HTTP/1.1 100 Continue" interim line and its blank line.
    bool read_interim() {
        auto end = read_until("\r\n\r\n");
        if (!end || !pending_.starts_with("HTTP/1.1 100")) {
            return false;
        }
        pending_.erase(0, *end + 4);
        return true;
    }

    /// True when the server closes the connection (EOF or reset) before the read timeout.
    bool is_closed_by_server() {
        while (true) {
            char byte = 0;
            auto n = ::recv(fd_, &byte, 1, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                return true;
            }
            if (n < 0) {
                return false;
            }
        }
    }

  private:
    bool fill() {
        char chunk[4096];
        auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
        if (n <= 0) {
            return false;
        }
        pending_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    std::optional<std::size_t> read_until(std::string_view delimiter) {
        while (pending_.find(delimiter) == std::string::npos) {
            if (!fill()) {
                return std::nullopt;
            }
        }
        return pending_.find(delimiter);
    }

    int fd_;
    std::string pending_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" +
           std::string(extra_headers) + "\r\n";
}

/// Echoes what the server made of the request, so tests can see it.
response echo(const request& req) {
    response res;
    res.set("Content-Type", "text/plain");
    res.body = req.method + " " + req.path + " ?" + req.query + " #" + req.body;
    return res;
}

server_config test_config() {
    server_config config;
    config.port = 0;
    config.network_threads = 1;
    config.worker_threads = 2;
    config.read_timeout = 5s;
    config.idle_timeout = 5s;
    config.drain_timeout = 5s;
    return config;
}

std::unique_ptr<server> start_server(server_config config, handler on_request = echo) {
    auto s = std::make_unique<server>(std::move(config), std::move(on_request));
    auto started = s->start();
    if (!started) {
        throw std::runtime_error(started.error().message);
    }
    return s;
}

TEST(Server, ServesTwoRequestsOnOneKeptAliveConnection) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    ASSERT_TRUE(client.send(get("/first?a=1")));
    auto first = client.read_response();
    ASSERT_TRUE(client.send(get("/second")));
    auto second = client.read_response();

    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->status, 200);
    EXPECT_EQ(first->body, "GET /first ?a=1 #");
    EXPECT_EQ(second->body, "GET /second ? #");
    EXPECT_EQ(second->headers.count("connection"), 0u);
}

TEST(Server, ServesPipelinedRequestsInOrder) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    ASSERT_TRUE(client.send(get("/one") + get("/two")));
    auto first = client.read_response();
    auto second = client.read_response();

    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->body, "GET /one ? #");
    EXPECT_EQ(second->body, "GET /two ? #");
}

// A liveness probe must answer even when every worker waits on the database, and it skips the
// hop to a worker and back.
TEST(Unit, AnswersInlinePathsWhileEveryWorkerIsBusy) {
    auto config = test_config();
    config.worker_threads = 1;
    config.inline_paths = {"/healthz"};
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> busy;
    auto s = start_server(config, [&](const request& req) {
        if (req.path == "/slow") {
            busy.set_value();
            released.wait();
        }
        return echo(req);
    });
    raw_client slow(s->port());
    raw_client probe(s->port());

    ASSERT_TRUE(slow.send(get("/slow")));
    busy.get_future().wait();
    ASSERT_TRUE(probe.send(get("/healthz")));
    auto answered = probe.read_response();
    release.set_value();
    auto slow_answer = slow.read_response();

    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->body, "GET /healthz ? #");
    ASSERT_TRUE(slow_answer);
    EXPECT_EQ(slow_answer->body, "GET /slow ? #");
}

TEST(Server, AddsDateAndNoServerBanner) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    ASSERT_TRUE(client.send(get("/")));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->headers.count("server"), 0u);
    ASSERT_EQ(res->headers.count("date"), 1u);
    EXPECT_TRUE(res->headers["date"].ends_with(" GMT"));
}

TEST(Server, GivesEachRequestAUniqueRequestId) {
    auto s = start_server(test_config());
    raw_client client(s->port());
    std::set<std::string> ids;

    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(client.send(get("/", "X-Request-Id: chosen-by-client\r\n")));
        auto res = client.read_response();
        ASSERT_TRUE(res);
        ids.insert(res->headers["x-request-id"]);
    }

    EXPECT_EQ(ids.size(), 5u);
    for (const auto& id : ids) {
        EXPECT_EQ(id.size(), 16u);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    }
}

TEST(Server, PassesDecodedPathQueryAndBodyToHandler) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    ASSERT_TRUE(
        client.send("POST /a%20b/c?x=%41 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, "POST /a b/c ?x=%41 #hello");
}

TEST(Server, ReadsChunkedBodyWithinLimit) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    ASSERT_TRUE(
        client.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, "POST /c ? #abcde");
}

TEST(Server, SendsContinueBeforeReadingBodyWhenAsked) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    ASSERT_TRUE(client.send(
        "PUT /u HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
    ASSERT_TRUE(client.read_interim());
    ASSERT_TRUE(client.send("xyz"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, "PUT /u ? #xyz");
}

TEST(Server, Answers413WhenContentLengthExceedsBodyLimit) {
    auto config = test_config();
    config.body_limit = 1000;
    std::atomic<bool> handler_ran{false};
    auto s = start_server(config, [&](const request& req) {
        handler_ran = true;
        return echo(req);
    });
    raw_client client(s->port());

    // The limit is enforced from the header alone: no body byte is sent.
    ASSERT_TRUE(client.send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(res->headers["content-type"], "application/problem+json");
    EXPECT_EQ(res->headers["connection"], "close");
    EXPECT_TRUE(client.is_closed_by_server());
    EXPECT_FALSE(handler_ran);
}

TEST(Server, Answers413WhenChunkedBodyExceedsBodyLimit) {
    auto config = test_config();
    config.body_limit = 1000;
    auto s = start_server(config);
    raw_client client(s->port());

    std::string chunks = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) {
        chunks += "190\r\n" + std::string(400, 'a') + "\r\n";
    }
    chunks += "0\r\n\r\n";
    client.send(chunks);
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
}

// Spreadsheet uploads take a larger limit than other bodies; the head decides which applies,
// for a declared length and a chunked body alike.
TEST(Server, RequestsPickedForLargeBodiesTakeTheLargerLimitAndOthersKeepTheirs) {
    auto config = test_config();
    config.body_limit = 1000;
    config.large_body_limit = 3000;
    config.takes_large_body = [](std::string_view method, std::string_view path) {
        return method == "POST" && path == "/imports";
    };
    auto s = start_server(config);
    const std::string body(2000, 'a');
    std::string chunked;
    for (int i = 0; i < 4; ++i) chunked += "3e8\r\n" + std::string(1000, 'b') + "\r\n";
    chunked += "0\r\n\r\n";

    auto send = [&](const std::string& head, const std::string& payload) {
        raw_client client(s->port());
        client.send(head + payload);
        return client.read_response();
    };
    auto large = send("POST /imports HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\n", body);
    auto other = send("POST /elsewhere HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\n", body);
    auto too_large = send("POST /imports HTTP/1.1\r\nHost: h\r\nContent-Length: 3001\r\n\r\n", "");
    auto chunks_beyond =
        send("POST /imports HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", chunked);

    ASSERT_TRUE(large && other && too_large && chunks_beyond);
    EXPECT_EQ(large->status, 200);
    EXPECT_EQ(large->body, "POST /imports ? #" + body);
    EXPECT_EQ(other->status, 413);
    EXPECT_EQ(too_large->status, 413);
    EXPECT_EQ(chunks_beyond->status, 413);
}

TEST(Server, Answers431WhenHeadersExceedHeaderLimit) {
    auto config = test_config();
    config.header_limit = 1024;
    auto s = start_server(config);
    raw_client client(s->port());

    client.send(get("/", "X-Padding: " + std::string(2000, 'p') + "\r\n"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 431);
    EXPECT_TRUE(client.is_closed_by_server());
}

TEST(Server, Answers400AndClosesOnGarbage) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send("\x16\x03\x01 this is not http\r\n\r\n");
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(res->headers.count("x-request-id"), 1u);
    EXPECT_TRUE(client.is_closed_by_server());
}

TEST(Server, Answers400ForTargetThatIsNotAPath) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send(get("http://elsewhere/x"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
}

// A decoded NUL in a path could cut the path short in any C API below; it never reaches one.
TEST(Server, Answers400ForPathWithEncodedNul) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send(get("/files/a%00.txt"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
}

TEST(Server, KeepsServingAfterBadRequestsOnOtherConnections) {
    auto s = start_server(test_config());
    for (std::string_view garbage :
         {"GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "\r\n\r\n\r\n",
          "GET / HTTP/1.1\r\nBad Header\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: 1\r\n"
          "Transfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
        raw_client bad(s->port());
        bad.send(garbage);
        auto res = bad.read_response();
        ASSERT_TRUE(res) << garbage;
        EXPECT_EQ(res->status, 400) << garbage;
    }

    raw_client good(s->port());
    good.send(get("/still-up"));
    auto res = good.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
}

// A coding Beast does not frame as chunked would leave the body to be read as the next
// request, which a proxy in front may frame differently: request smuggling.
TEST(Server, Answers501AndClosesWhenTransferEncodingIsNotChunkedAlone) {
    for (std::string_view coding : {"identity", "gzip", "gzip, chunked", "x-unknown"}) {
        std::atomic<int> handled{0};
        auto s = start_server(test_config(), [&](const request& req) {
            ++handled;
            return echo(req);
        });
        raw_client client(s->port());

        client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + std::string(coding) +
                    "\r\n\r\n" + get("/smuggled"));
        auto res = client.read_response();

        ASSERT_TRUE(res) << coding;
        EXPECT_EQ(res->status, 501) << coding;
        EXPECT_EQ(res->headers["connection"], "close") << coding;
        EXPECT_TRUE(client.is_closed_by_server()) << coding;
        EXPECT_EQ(handled, 0) << coding;
    }
}

TEST(Server, Answers400AndClosesWhenTransferEncodingIsMalformed) {
    auto s = start_server(test_config());
    for (std::string_view head : {
             "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
             "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
             "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\n\r\n",
             "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chun ked\r\n\r\n",
             "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
         }) {
        raw_client client(s->port());

        client.send(std::string(head) + "3\r\nabc\r\n0\r\n\r\n");
        auto res = client.read_response();

        ASSERT_TRUE(res) << head;
        EXPECT_EQ(res->status, 400) << head;
        EXPECT_TRUE(client.is_closed_by_server()) << head;
    }
}

// The server decodes no content coding, so a handler would take compressed bytes as plain.
TEST(Server, Answers415WhenBodyHasContentCodingOtherThanIdentity) {
    std::atomic<bool> handler_ran{false};
    auto s = start_server(test_config(), [&](const request& req) {
        handler_ran = true;
        return echo(req);
    });
    raw_client client(s->port());

    client.send(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Encoding: identity, gzip\r\n"
        "Content-Length: 5\r\n\r\nhello");
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 415);
    EXPECT_EQ(res->headers["content-type"], "application/problem+json");
    EXPECT_EQ(res->headers["accept-encoding"], "identity");
    EXPECT_FALSE(handler_ran);
}

TEST(Server, ServesIdentityContentEncodingAndCodingWithoutBody) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Encoding: identity\r\n"
        "Content-Length: 5\r\n\r\nhello");
    auto identity = client.read_response();
    client.send(get("/", "Content-Encoding: gzip\r\n"));
    auto no_body = client.read_response();

    ASSERT_TRUE(identity && no_body);
    EXPECT_EQ(identity->status, 200);
    EXPECT_EQ(identity->body, "POST / ? #hello");
    EXPECT_EQ(no_body->status, 200);
}

TEST(Server, Answers400WhenHttp11RequestHasNoHost) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send("GET / HTTP/1.1\r\n\r\n");
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_TRUE(client.is_closed_by_server());
}

TEST(Server, Answers400WhenRequestHasTwoHosts) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send(get("/", "Host: elsewhere\r\n"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
}

TEST(Server, ServesHttp10RequestWithoutHost) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send("GET /old HTTP/1.0\r\n\r\n");
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "GET /old ? #");
}

TEST(Server, Answers414WhenRequestLineExceedsHeaderLimit) {
    auto config = test_config();
    config.header_limit = 1024;
    auto s = start_server(config);
    raw_client client(s->port());

    client.send(get("/" + std::string(2000, 'u')));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 414);
    EXPECT_TRUE(client.is_closed_by_server());
}

/// Requests that the server answers itself with an error, and the status each gets, under
/// `error_config()`.
std::vector<std::pair<std::string, int>> server_error_cases() {
    return {
        {"\x16\x03\x01 not http\r\n\r\n", 400},
        {get("/" + std::string(2000, 'u')), 414},
        {get("/", "X-Padding: " + std::string(2000, 'p') + "\r\n"), 431},
        {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n", 413},
        {"POST / HTTP/1.1\r\nHost: h\r\nContent-Encoding: br\r\nContent-Length: 1\r\n\r\nx", 415},
        {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        {get("/boom"), 500},
    };
}

server_config error_config() {
    auto config = test_config();
    config.header_limit = 1024;
    config.body_limit = 1000;
    return config;
}

response fail_on_boom(const request& req) {
    if (req.path == "/boom") {
        throw std::runtime_error("boom");
    }
    return echo(req);
}

// These answers never pass through the app layer that adds security headers to the others.
TEST(Server, AddsSecurityHeadersToErrorsItAnswersItself) {
    auto s = start_server(error_config(), fail_on_boom);
    for (const auto& [bytes, status] : server_error_cases()) {
        raw_client client(s->port());

        client.send(bytes);
        auto res = client.read_response();

        ASSERT_TRUE(res) << status;
        EXPECT_EQ(res->status, status);
        EXPECT_EQ(res->headers["x-content-type-options"], "nosniff") << status;
        EXPECT_EQ(res->headers["content-security-policy"],
                  "default-src 'none'; frame-ancestors 'none'")
            << status;
        EXPECT_EQ(res->headers["cache-control"], "no-store") << status;
    }
}

TEST(Server, TitlesErrorsItAnswersItselfWithTheirStatusLineReason) {
    auto s = start_server(error_config(), fail_on_boom);
    for (const auto& [bytes, status] : server_error_cases()) {
        raw_client client(s->port());

        client.send(bytes);
        auto res = client.read_response();

        ASSERT_TRUE(res) << status;
        EXPECT_FALSE(res->reason.empty()) << status;
        EXPECT_EQ(nlohmann::json::parse(res->body)["title"], res->reason) << status;
    }
}

TEST(Server, AnswersHeadLikeGetWithContentLengthButNoBody) {
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n" + get("/after"));
    auto head = client.read_response(true);
    auto after = client.read_response();

    ASSERT_TRUE(head && after);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->headers["content-length"], std::to_string(std::string("GET /x ? #").size()));
    EXPECT_EQ(after->body, "GET /after ? #");
}

TEST(Server, ClosesClientThatSendsTooSlowlyAfterReadTimeout) {
    auto config = test_config();
    config.read_timeout = 1s;
    auto s = start_server(config);
    raw_client client(s->port());
    auto begin = steady_clock::now();

    client.send("GET / HTTP/1.1\r\nHost: h\r\n");
    bool closed = client.is_closed_by_server();

    EXPECT_TRUE(closed);
    auto waited = steady_clock::now() - begin;
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 4s);
}

TEST(Server, ClosesIdleKeptAliveConnectionAfterIdleTimeout) {
    auto config = test_config();
    config.idle_timeout = 1s;
    auto s = start_server(config);
    raw_client client(s->port());
    client.send(get("/"));
    ASSERT_TRUE(client.read_response());
    auto begin = steady_clock::now();

    bool closed = client.is_closed_by_server();

    EXPECT_TRUE(closed);
    EXPECT_LT(steady_clock::now() - begin, 4s);
}

// The query may carry tokens, and headers and bodies carry credentials: none may be logged.
TEST(Server, WritesAccessLogLineWithoutQueryHeadersOrBody) {
    std::ostringstream captured;
    auto logger = log::get(log::access_logger);
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
    sink->set_pattern("%v");
    logger->sinks().push_back(sink);
    auto s = start_server(test_config());
    raw_client client(s->port());

    client.send(
        "POST /login?token=secret-one HTTP/1.1\r\nHost: h\r\nCookie: sid=secret-two\r\n"
        "Authorization: Bearer secret-three\r\nContent-Length: 12\r\n\r\nsecret-four!");
    auto res = client.read_response();
    s->stop();
    logger->sinks().pop_back();

    ASSERT_TRUE(res);
    auto text = captured.str();
    EXPECT_EQ(text.find("secret"), std::string::npos) << text;
    auto start = text.find("{\"bytes\"");
    ASSERT_NE(start, std::string::npos) << text;
    auto line = nlohmann::json::parse(text.substr(start, text.find('\n', start) - start));
    EXPECT_EQ(line["request_id"], res->headers["x-request-id"]);
    EXPECT_EQ(line["method"], "POST");
    EXPECT_EQ(line["path"], "/login");
    EXPECT_EQ(line["status"], 200);
    EXPECT_EQ(line["bytes"], res->body.size());
    EXPECT_EQ(line["remote"], "127.0.0.1");
    EXPECT_TRUE(line["duration_ms"].is_number());
}

TEST(Server, Answers500WithoutExceptionTextWhenHandlerThrows) {
    auto s = start_server(test_config(), [](const request&) -> response {
        throw std::runtime_error("password=hunter2 at db.cpp:42");
    });
    raw_client client(s->port());

    client.send(get("/boom"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 500);
    EXPECT_EQ(res->headers["content-type"], "application/problem+json");
    EXPECT_EQ(res->body.find("hunter2"), std::string::npos);
    EXPECT_EQ(res->body.find("db.cpp"), std::string::npos);
    EXPECT_EQ(res->headers.count("x-request-id"), 1u);
}

// A header value with CR LF would let data from a handler split the response in two.
TEST(Server, Answers500WhenHandlerSetsHeaderWithLineBreak) {
    auto s = start_server(test_config(), [](const request&) {
        response res;
        res.set("Location", "/x\r\nSet-Cookie: stolen=1");
        return res;
    });
    raw_client client(s->port());

    client.send(get("/"));
    auto res = client.read_response();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 500);
    EXPECT_EQ(res->headers.count("set-cookie"), 0u);
}

TEST(Server, RunsHandlersOffTheNetworkThread) {
    auto config = test_config();
    config.network_threads = 1;
    std::promise<std::thread::id> handler_thread;
    auto s = start_server(config, [&](const request& req) {
        if (req.path == "/slow") {
            handler_thread.set_value(std::this_thread::get_id());
            std::this_thread::sleep_for(300ms);
        }
        return echo(req);
    });
    raw_client slow(s->port());
    raw_client fast(s->port());

    slow.send(get("/slow"));
    auto slow_thread = handler_thread.get_future().get();
    auto begin = steady_clock::now();
    fast.send(get("/fast"));
    auto fast_res = fast.read_response();
    auto fast_took = steady_clock::now() - begin;
    auto slow_res = slow.read_response();

    ASSERT_TRUE(fast_res && slow_res);
    EXPECT_NE(slow_thread, std::this_thread::get_id());
    // With one network thread, a handler that blocked it would hold the fast answer back.
    EXPECT_LT(fast_took, 200ms);
    EXPECT_EQ(slow_res->status, 200);
}

TEST(Server, StopWaitsForInFlightRequestAndClosesIt) {
    std::promise<void> handler_started;
    auto s = start_server(test_config(), [&](const request& req) {
        handler_started.set_value();
        std::this_thread::sleep_for(500ms);
        return echo(req);
    });
    raw_client busy(s->port());
    raw_client idle(s->port());
    busy.send(get("/job"));
    handler_started.get_future().wait();

    auto stopping = std::async(std::launch::async, [&] { s->stop(); });
    auto res = busy.read_response();
    stopping.wait();

    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->headers["connection"], "close");
    EXPECT_TRUE(busy.is_closed_by_server());
    EXPECT_TRUE(idle.is_closed_by_server());
}

// A handler past the drain timeout is waited for, but its connection is closed unanswered.
TEST(Server, StopClosesConnectionStillBusyAfterDrainTimeout) {
    auto config = test_config();
    config.drain_timeout = 1s;
    std::promise<void> handler_started;
    auto s = start_server(config, [&](const request& req) {
        handler_started.set_value();
        std::this_thread::sleep_for(1500ms);
        return echo(req);
    });
    raw_client client(s->port());
    client.send(get("/stuck"));
    handler_started.get_future().wait();

    s->stop();

    EXPECT_FALSE(client.read_response().has_value());
}

TEST(Server, StopClosesIdleConnectionsPromptly) {
    auto s = start_server(test_config());
    raw_client client(s->port());
    client.send(get("/"));
    ASSERT_TRUE(client.read_response());
    auto begin = steady_clock::now();

    s->stop();

    EXPECT_LT(steady_clock::now() - begin, 2s);
    EXPECT_TRUE(client.is_closed_by_server());
}

TEST(Server, StopIsIdempotent) {
    auto s = start_server(test_config());

    s->stop();
    s->stop();
}

TEST(Server, StartFailsWithMessageNamingAddressWhenPortIsTaken) {
    auto first = start_server(test_config());
    auto config = test_config();
    config.port = first->port();
    server second(config, echo);

    auto started = second.start();

    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, errc::unavailable);
    EXPECT_NE(started.error().message.find("127.0.0.1:" + std::to_string(first->port())),
              std::string::npos);
}

TEST(Server, StartFailsOnInvalidAddress) {
    auto config = test_config();
    config.address = "not an address";
    server s(config, echo);

    auto started = s.start();

    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, errc::invalid_argument);
}

}  // namespace
}  // namespace dott::http
