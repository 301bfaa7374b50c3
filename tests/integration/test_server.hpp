#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.hpp"
#include "api/api.hpp"
#include "http/server.hpp"
#include "support/http_client/http_client.hpp"
#include "support/test_database.hpp"

namespace dott::test {

using test_support::client_response;
using test_support::send;

/// The whole server (API and pages) on a loopback port over the shared test database, with a
/// clock the test can move.
class test_server {
  public:
    /// `drain_timeout` is how long stop() lets requests in flight finish.
    explicit test_server(bool https_public_url = false,
                         std::chrono::seconds drain_timeout = std::chrono::seconds(10));
    ~test_server();

    /// Stops the server as SIGTERM would (see http::server::stop()); the destructor does it
    /// otherwise.
    void stop() { server_->stop(); }

    [[nodiscard]] std::string url(const std::string& path) const;

    /// Moves the server's clock forward.
    void advance(std::chrono::seconds by) { offset_seconds_ += by.count(); }

    [[nodiscard]] db::pool& pool() { return *ctx_->pool; }
    [[nodiscard]] accounts::service& accounts() { return *ctx_->accounts; }

  private:
    std::atomic<long> offset_seconds_{0};
    std::shared_ptr<api::context> ctx_;
    std::unique_ptr<http::server> server_;
};

/// A signed-up user with an organization of their own and the cookie that signs them in.
struct member {
    std::string user_id;
    std::string email;
    std::string cookie;  ///< "dott_session=..." ready for a Cookie header.
    std::string org_id;
};

/// Signs up a new user with a unique email through the API and creates an organization.
[[nodiscard]] member new_member(const test_server& server, const std::string& org_name);

/// Sends a JSON request as `who` (or anonymously with an empty cookie).
[[nodiscard]] client_response send_json(
    const test_server& server, const std::string& method, const std::string& path,
    const std::string& cookie, const std::string& body = {},
    std::vector<std::pair<std::string, std::string>> extra = {});

/// The "name=value" part of the first Set-Cookie header of a response.
[[nodiscard]] std::string cookie_of(const client_response& res);

}  // namespace dott::test
