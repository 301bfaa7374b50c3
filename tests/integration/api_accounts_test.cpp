#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

class ApiAccounts : public ::testing::Test {
  protected:
    test_server server_;
};

TEST_F(ApiAccounts, SignUpSetsAnHttpOnlyLaxSessionCookie) {
    json body = {{"email", "  New.Person@Example.COM "}, {"password", "a long enough password"}};

    auto res = send_json(server_, "POST", "/api/v1/auth/signup", "", body.dump());

    ASSERT_EQ(res.status, 201) << res.body;
    std::string cookie(res.header("set-cookie").value_or(""));
    EXPECT_TRUE(cookie.starts_with("dott_session=")) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);

    auto me = send_json(server_, "GET", "/api/v1/me", cookie_of(res));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(json::parse(me.body).at("email"), "new.person@example.com");
}

TEST_F(ApiAccounts, HttpsPublicUrlMakesTheCookieSecureAndHostPrefixed) {
    test_server https(true);
    json body = {{"email", "secure-cookie@example.com"}, {"password", "a long enough password"}};

    auto res = send_json(https, "POST", "/api/v1/auth/signup", "", body.dump());

    ASSERT_EQ(res.status, 201) << res.body;
    std::string cookie(res.header("set-cookie").value_or(""));
    EXPECT_TRUE(cookie.starts_with("__Host-dott_session=")) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
}

TEST_F(ApiAccounts, SignUpRefusesATakenEmailWhateverItsCase) {
    json body = {{"email", "taken@example.com"}, {"password", "a long enough password"}};
    ASSERT_EQ(send_json(server_, "POST", "/api/v1/auth/signup", "", body.dump()).status, 201);

    body["email"] = "TAKEN@example.com";
    auto again = send_json(server_, "POST", "/api/v1/auth/signup", "", body.dump());

    EXPECT_EQ(again.status, 409);
}

TEST_F(ApiAccounts, SignUpRefusesShortPasswordsAndBadEmailsNamingTheField) {
    auto short_password = send_json(server_, "POST", "/api/v1/auth/signup", "",
                                    json{{"email", "a@b.co"}, {"password", "short"}}.dump());
    auto bad_email =
        send_json(server_, "POST", "/api/v1/auth/signup", "",
                  json{{"email", "no-at-sign"}, {"password", "long enough pw"}}.dump());

    EXPECT_EQ(short_password.status, 422);
    EXPECT_EQ(json::parse(short_password.body).at("field"), "password");
    EXPECT_EQ(bad_email.status, 422);
    EXPECT_EQ(json::parse(bad_email.body).at("field"), "email");
}

TEST_F(ApiAccounts, SignInWorksAndWrongPasswordLooksLikeUnknownEmail) {
    json body = {{"email", "signin@example.com"}, {"password", "the right password"}};
    ASSERT_EQ(send_json(server_, "POST", "/api/v1/auth/signup", "", body.dump()).status, 201);

    auto good = send_json(server_, "POST", "/api/v1/auth/signin", "", body.dump());
    body["password"] = "the wrong password";
    auto wrong = send_json(server_, "POST", "/api/v1/auth/signin", "", body.dump());
    body["email"] = "nobody-here@example.com";
    auto unknown = send_json(server_, "POST", "/api/v1/auth/signin", "", body.dump());

    EXPECT_EQ(good.status, 200);
    EXPECT_FALSE(cookie_of(good).empty());
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
}

TEST_F(ApiAccounts, SignOutRevokesTheSession) {
    member m = new_member(server_, "Sign-out org");
    ASSERT_EQ(send_json(server_, "GET", "/api/v1/me", m.cookie).status, 200);

    auto out = send_json(server_, "POST", "/api/v1/auth/signout", m.cookie);

    EXPECT_EQ(out.status, 204);
    EXPECT_NE(std::string(out.header("set-cookie").value_or("")).find("Max-Age=0"),
              std::string::npos);
    EXPECT_EQ(send_json(server_, "GET", "/api/v1/me", m.cookie).status, 401);
}

TEST_F(ApiAccounts, SessionExpiresAfterItsLifetime) {
    member m = new_member(server_, "Expiry org");
    ASSERT_EQ(send_json(server_, "GET", "/api/v1/me", m.cookie).status, 200);

    server_.advance(std::chrono::hours(24 * 14) + std::chrono::seconds(1));

    EXPECT_EQ(send_json(server_, "GET", "/api/v1/me", m.cookie).status, 401);
}

// Organization routes and pages check the session in the transaction of their work: an expired
// or signed-out session is refused there before anything else, even for an organization id that
// is malformed or not the member's.
TEST_F(ApiAccounts, OrganizationRoutesAndPagesRefuseAnExpiredOrSignedOutSession) {
    member expiring = new_member(server_, "Expiring org");
    member leaving = new_member(server_, "Leaving org");
    const std::string events = "/api/v1/orgs/" + expiring.org_id + "/events";
    ASSERT_EQ(send_json(server_, "GET", events, expiring.cookie).status, 200);
    ASSERT_EQ(send_json(server_, "POST", "/api/v1/auth/signout", leaving.cookie).status, 204);

    auto signed_out =
        send_json(server_, "GET", "/api/v1/orgs/" + leaving.org_id + "/events", leaving.cookie);
    auto signed_out_page =
        send_json(server_, "GET", "/orgs/" + leaving.org_id + "/portfolio", leaving.cookie);
    server_.advance(std::chrono::hours(24 * 14) + std::chrono::seconds(1));
    auto expired = send_json(server_, "GET", events, expiring.cookie);
    auto expired_write = send_json(
        server_, "POST", events, expiring.cookie,
        json{{"name", "Too late"}, {"starts_on", "2025-06-01"}, {"ends_on", "2025-06-01"}}.dump());
    auto malformed = send_json(server_, "GET", "/api/v1/orgs/not-an-id/events", expiring.cookie);
    auto foreign =
        send_json(server_, "GET", "/api/v1/orgs/" + leaving.org_id + "/events", expiring.cookie);
    auto expired_page =
        send_json(server_, "GET", "/orgs/" + expiring.org_id + "/portfolio", expiring.cookie);

    EXPECT_EQ(signed_out.status, 401);
    EXPECT_EQ(signed_out_page.status, 303);
    EXPECT_EQ(signed_out_page.header("location").value_or(""), "/signin");
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(expired_write.status, 401);
    EXPECT_EQ(malformed.status, 401);
    EXPECT_EQ(foreign.status, 401);
    EXPECT_EQ(expired.body, foreign.body);
    EXPECT_EQ(expired_page.status, 303);
}

TEST_F(ApiAccounts, ForgedOrMissingSessionIsUnauthenticated) {
    EXPECT_EQ(send_json(server_, "GET", "/api/v1/me", "").status, 401);
    EXPECT_EQ(send_json(server_, "GET", "/api/v1/me", "dott_session=forged").status, 401);
    EXPECT_EQ(send_json(server_, "GET", "/api/v1/orgs", "dott_session=").status, 401);
}

TEST_F(ApiAccounts, CreatingAnOrganizationMakesTheCreatorItsOwner) {
    member m = new_member(server_, "Owner org");

    auto orgs = send_json(server_, "GET", "/api/v1/orgs", m.cookie);

    ASSERT_EQ(orgs.status, 200);
    auto list = json::parse(orgs.body).at("organizations");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("id"), m.org_id);
    EXPECT_EQ(list[0].at("role"), "owner");
}

// The OpenAPI document is built from the same table as the router, with the very schemas the
// server validates bodies against.
TEST_F(ApiAccounts, OpenApiDocumentDescribesEveryRouteWithItsSchemas) {
    auto res = send("GET", server_.url("/api/v1/openapi.json"));

    ASSERT_EQ(res.status, 200);
    auto doc = json::parse(res.body);
    EXPECT_EQ(doc.at("openapi"), "3.1.0");
    auto& create = doc.at("paths").at("/api/v1/orgs/{org_id}/events").at("post");
    EXPECT_EQ(create.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/event_create");
    auto& schema = doc.at("components").at("schemas").at("event_create");
    EXPECT_EQ(schema.at("additionalProperties"), false);
    EXPECT_TRUE(doc.at("paths")
                    .at("/api/v1/orgs/{org_id}/events/{event_id}/line-items/{item_id}")
                    .contains("delete"));
}

}  // namespace
}  // namespace dott::test
