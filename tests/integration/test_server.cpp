#include "integration/test_server.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "app/guard.hpp"
#include "crypto/crypto.hpp"
#include "http/router.hpp"
#include "web/web.hpp"

namespace dott::test {

test_server::test_server(bool https_public_url, std::chrono::seconds drain_timeout) {
    auto& database = shared_database();
    ctx_ = std::make_shared<api::context>();
    ctx_->pool = database.shared_app_pool();
    accounts::settings settings;
    settings.clock = [this] {
        return std::chrono::system_clock::now() + std::chrono::seconds(offset_seconds_.load());
    };
    ctx_->accounts = std::make_shared<accounts::service>(ctx_->pool, settings);
    ctx_->clock = settings.clock;
    ctx_->https_public_url = https_public_url;

    auto router = std::make_shared<http::router>();
    api::add_routes(*router, ctx_);
    web::add_routes(*router, ctx_);
    http::server_config config;
    config.port = 0;
    config.body_limit = 64 * 1024;
    config.takes_large_body = api::takes_spreadsheet;
    config.large_body_limit = api::spreadsheet_body_limit;
    config.drain_timeout = drain_timeout;
    auto guard = std::make_shared<app::request_guard>(std::nullopt, "127.0.0.1");
    server_ = std::make_unique<http::server>(config, app::make_handler(router, guard));
    if (auto started = server_->start(); !started) {
        throw std::runtime_error("test server did not start: " + started.error().message);
    }
    guard->set_port(server_->port());
}

test_server::~test_server() { server_->stop(); }

std::string test_server::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
}

client_response send_json(const test_server& server, const std::string& method,
                          const std::string& path, const std::string& cookie,
                          const std::string& body,
                          std::vector<std::pair<std::string, std::string>> extra) {
    std::vector<std::pair<std::string, std::string>> headers = std::move(extra);
    if (!cookie.empty()) {
        headers.emplace_back("Cookie", cookie);
    }
    if (!body.empty()) {
        headers.emplace_back("Content-Type", "application/json");
    }
    return send(method, server.url(path), headers, body);
}

std::string cookie_of(const client_response& res) {
    auto header = res.header("set-cookie");
    if (!header) {
        return {};
    }
    std::string value(*header);
    return value.substr(0, value.find(';'));
}

member new_member(const test_server& server, const std::string& org_name) {
    member m;
    m.email = "user-" + crypto::random_base62(10) + "@example.com";
    nlohmann::json signup = {{"email", m.email}, {"password", "correct horse battery"}};
    auto signed_up = send_json(server, "POST", "/api/v1/auth/signup", "", signup.dump());
    if (signed_up.status != 201) {
        throw std::runtime_error("sign-up failed: " + signed_up.body);
    }
    m.user_id = nlohmann::json::parse(signed_up.body).at("user_id");
    m.cookie = cookie_of(signed_up);

    auto org = send_json(server, "POST", "/api/v1/orgs", m.cookie,
                         nlohmann::json{{"name", org_name}}.dump());
    if (org.status != 201) {
        throw std::runtime_error("organization creation failed: " + org.body);
    }
    m.org_id = nlohmann::json::parse(org.body).at("id");
    return m;
}

}  // namespace dott::test
