#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

class WebPages : public ::testing::Test {
  protected:
    test_server server_;
};

TEST_F(WebPages, SignInPageCarriesTheSecurityHeaders) {
    auto page = send("GET", server_.url("/signin"));

    ASSERT_EQ(page.status, 200);
    std::string csp(page.header("content-security-policy").value_or(""));
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(page.header("x-content-type-options").value_or(""), "nosniff");
    EXPECT_FALSE(page.header("server").has_value());
}

TEST_F(WebPages, FormSignInOpensASessionAndLandsOnThePortfolio) {
    member m = new_member(server_, "Form org");

    auto signed_in = send("POST", server_.url("/signin"),
                          {{"Content-Type", "application/x-www-form-urlencoded"}},
                          "email=" + m.email + "&password=correct+horse+battery");

    ASSERT_EQ(signed_in.status, 303);
    std::string cookie = cookie_of(signed_in);
    ASSERT_FALSE(cookie.empty());
    auto home = send("GET", server_.url("/"), {{"Cookie", cookie}});
    EXPECT_EQ(home.status, 303);
    EXPECT_EQ(home.header("location").value_or(""), "/orgs/" + m.org_id + "/portfolio");
}

TEST_F(WebPages, WrongPasswordShowsTheFormAgain) {
    auto refused = send("POST", server_.url("/signin"),
                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                        "email=nobody%40example.com&password=wrong");

    EXPECT_EQ(refused.status, 401);
    EXPECT_NE(refused.body.find("not correct"), std::string::npos);
    EXPECT_FALSE(refused.header("set-cookie").has_value());
}

TEST_F(WebPages, CrossSiteFormPostIsRefused) {
    member m = new_member(server_, "Cross-site org");

    auto forged = send(
        "POST", server_.url("/signin"),
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "https://evil.example"}},
        "email=" + m.email + "&password=correct+horse+battery");

    EXPECT_EQ(forged.status, 403);
    EXPECT_FALSE(forged.header("set-cookie").has_value());
}

TEST_F(WebPages, PortfolioShowsEventsEscapedWithTotalsPerCurrency) {
    member m = new_member(server_, "Escaping org");
    std::string base = "/api/v1/orgs/" + m.org_id + "/events";
    auto created = send_json(server_, "POST", base, m.cookie,
                             json{{"name", "<script>alert(1)</script>"},
                                  {"starts_on", "2026-01-10"},
                                  {"ends_on", "2026-01-11"}}
                                 .dump());
    ASSERT_EQ(created.status, 201);
    std::string event_id = json::parse(created.body).at("id");
    for (auto [currency, amount] : {std::pair{"EUR", 150000}, std::pair{"USD", 99900}}) {
        auto line = send_json(
            server_, "POST", base + "/" + event_id + "/line-items", m.cookie,
            json{{"category", "Travel"}, {"currency", currency}, {"planned_minor", amount}}.dump());
        ASSERT_EQ(line.status, 201) << line.body;
    }

    auto page =
        send("GET", server_.url("/orgs/" + m.org_id + "/portfolio"), {{"Cookie", m.cookie}});

    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("<script>"), std::string::npos);
    EXPECT_NE(page.body.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(page.body.find("EUR 1500.00"), std::string::npos);
    EXPECT_NE(page.body.find("USD 999.00"), std::string::npos);
    // Nothing planned or recorded: the stored recommendation is to cut, with a score of 0.
    EXPECT_NE(page.body.find("<td class=\"num\">0</td>"), std::string::npos);
    EXPECT_NE(page.body.find("<td>cut</td>"), std::string::npos);
}

TEST_F(WebPages, SignedOutVisitorIsSentToSignIn) {
    auto home = send("GET", server_.url("/"));
    auto portfolio =
        send("GET", server_.url("/orgs/00000000-0000-4000-8000-000000000000/portfolio"));

    EXPECT_EQ(home.status, 303);
    EXPECT_EQ(home.header("location").value_or(""), "/signin");
    EXPECT_EQ(portfolio.status, 303);
}

}  // namespace
}  // namespace dott::test
