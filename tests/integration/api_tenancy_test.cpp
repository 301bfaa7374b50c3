#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "integration/fixtures.hpp"
#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

/// A body for any route that takes one: every such route must answer a non-member before it
/// reads the body, so its content does not matter.
const std::string any_body = R"({"name": "Intruder"})";

bool takes_body(const std::string& method) {
    return method == "POST" || method == "PATCH" || method == "PUT";
}

// Every route under an organization, as the server's own OpenAPI document lists them: a route
// added later is covered without editing this test, and one whose rows have no fixture fails.
class ApiTenancy : public ::testing::Test {
  protected:
    void SetUp() override {
        a_ = new_member(server_, "Tenant A");
        b_ = new_member(server_, "Tenant B");
        a_rows_ = create_fixture_rows(server_, a_);
        b_event_ = json::parse(send_json(server_, "POST", "/api/v1/orgs/" + b_.org_id + "/events",
                                         b_.cookie,
                                         json{{"name", "B's event"},
                                              {"starts_on", "2025-06-01"},
                                              {"ends_on", "2025-06-02"}}
                                             .dump())
                                   .body)
                       .at("id");
        routes_ = organization_routes(server_);
        ASSERT_GT(routes_.size(), 40u);
        for (const auto& fixture : collection_fixtures()) {
            random_rows_[fixture.path] = crypto::random_uuid();
        }
        random_rows_["/events"] = crypto::random_uuid();
    }

    client_response call(const member& who, const std::string& method, const std::string& path,
                         const std::string& body = any_body) {
        return send_json(server_, method, path, who.cookie, takes_body(method) ? body : "");
    }

    /// The path of a pattern with A's ids; fails the test when a collection has no fixture.
    std::string a_path(const std::string& pattern, const std::string& org_id) {
        std::string path = concrete_path(pattern, org_id, a_rows_);
        if (path.empty()) {
            ADD_FAILURE() << pattern << " has no fixture in tests/integration/fixtures.cpp";
        }
        return path;
    }

    test_server server_;
    member a_;
    member b_;
    fixture_rows a_rows_;
    fixture_rows random_rows_;
    std::string b_event_;
    std::vector<std::pair<std::string, std::string>> routes_;
};

// B names A's organization and A's rows on every route: each answer must be a 404 whose body
// is byte-for-byte the one for ids that never existed, so B learns nothing about A.
TEST_F(ApiTenancy, AnotherOrganizationsIdsReadExactlyLikeUnknownIds) {
    std::string random_org = crypto::random_uuid();

    for (const auto& [method, pattern] : routes_) {
        SCOPED_TRACE(method + " " + pattern);
        std::string foreign_path = a_path(pattern, a_.org_id);
        if (foreign_path.empty()) {
            continue;
        }
        std::string malformed_path = pattern;
        for (const char* key : {"{org_id}", "{event_id}", "{item_id}"}) {
            if (auto at = malformed_path.find(key); at != std::string::npos) {
                malformed_path.replace(at, std::string(key).size(), "not-a-uuid");
            }
        }

        auto foreign = call(b_, method, foreign_path);
        auto unknown = call(b_, method, concrete_path(pattern, random_org, random_rows_));
        auto malformed = call(b_, method, malformed_path);

        EXPECT_EQ(foreign.status, 404);
        EXPECT_EQ(foreign.body, unknown.body);
        EXPECT_EQ(malformed.status, 404);
        EXPECT_EQ(malformed.body, unknown.body);
    }
}

// Membership is checked before anything else: a malformed body sent to another organization's
// route is not judged at all, and answers the same 404.
TEST_F(ApiTenancy, NonMembersGetNotFoundBeforeTheirBodyIsRead) {
    std::string random_org = crypto::random_uuid();

    for (const auto& [method, pattern] : routes_) {
        if (!takes_body(method)) {
            continue;
        }
        SCOPED_TRACE(method + " " + pattern);
        std::string foreign_path = a_path(pattern, a_.org_id);
        if (foreign_path.empty()) {
            continue;
        }

        auto foreign = call(b_, method, foreign_path, "{\"colour\": ");
        auto unknown =
            call(b_, method, concrete_path(pattern, random_org, a_rows_), "{\"colour\": ");
        auto anonymous = send_json(server_, method, foreign_path, "", "{\"colour\": ");

        EXPECT_EQ(foreign.status, 404);
        EXPECT_EQ(foreign.body, unknown.body);
        EXPECT_EQ(anonymous.status, 401);
    }
}

// B uses its own organization in the path but A's event and row ids.
TEST_F(ApiTenancy, AnotherOrganizationsRowsUnderOwnOrganizationAreNotFound) {
    for (const auto& [method, pattern] : routes_) {
        if (pattern.find("{event_id}") == std::string::npos &&
            pattern.find("{item_id}") == std::string::npos) {
            continue;
        }
        SCOPED_TRACE(method + " " + pattern);
        std::string foreign_path = a_path(pattern, b_.org_id);
        if (foreign_path.empty()) {
            continue;
        }

        auto foreign = call(b_, method, foreign_path);
        auto unknown = call(b_, method, concrete_path(pattern, b_.org_id, random_rows_));

        EXPECT_EQ(foreign.status, 404);
        EXPECT_EQ(foreign.body, unknown.body);
    }

    // A row of A's under B's own event is still not B's.
    for (const auto& fixture : collection_fixtures()) {
        if (fixture.path.find("{event_id}") == std::string::npos) {
            continue;
        }
        SCOPED_TRACE(fixture.path);
        std::string path = "/api/v1/orgs/" + b_.org_id + fixture.path + "/" + a_rows_[fixture.path];
        path.replace(path.find("{event_id}"), 10, b_event_);
        EXPECT_EQ(send_json(server_, "GET", path, b_.cookie).status, 404);
    }
}

TEST_F(ApiTenancy, NothingOfTheOtherOrganizationChangedOrLeaked) {
    for (const auto& [method, pattern] : routes_) {
        std::string path = a_path(pattern, a_.org_id);
        if (!path.empty()) {
            (void)call(b_, method, path);
        }
    }

    const std::string base = "/api/v1/orgs/" + a_.org_id;
    auto event = send_json(server_, "GET", base + "/events/" + a_rows_["/events"], a_.cookie);
    ASSERT_EQ(event.status, 200);
    EXPECT_EQ(json::parse(event.body).at("name"), "A's secret summit");
    EXPECT_EQ(json::parse(event.body).at("version"), 1);
    for (const auto& fixture : collection_fixtures()) {
        SCOPED_TRACE(fixture.path);
        std::string path = concrete_path("/api/v1/orgs/{org_id}" + fixture.path + "/{item_id}",
                                         a_.org_id, a_rows_);
        auto row = send_json(server_, "GET", path, a_.cookie);
        ASSERT_EQ(row.status, 200) << row.body;
        EXPECT_EQ(json::parse(row.body).at("version"), 1);
    }
    auto b_list = send_json(server_, "GET", "/api/v1/orgs/" + b_.org_id + "/events", b_.cookie);
    EXPECT_EQ(b_list.body.find("secret"), std::string::npos);
    EXPECT_EQ(json::parse(b_list.body).at("events").size(), 1u);
    for (const char* collection : {"/contacts", "/opportunities", "/exchange-rates"}) {
        auto list = send_json(server_, "GET", "/api/v1/orgs/" + b_.org_id + collection, b_.cookie);
        ASSERT_EQ(list.status, 200) << collection;
        EXPECT_EQ(list.body.find("ecret"), std::string::npos) << collection;
    }
}

TEST_F(ApiTenancy, PortfolioPageOfAnotherOrganizationIsNotFound) {
    auto own =
        send("GET", server_.url("/orgs/" + b_.org_id + "/portfolio"), {{"Cookie", b_.cookie}});
    auto foreign =
        send("GET", server_.url("/orgs/" + a_.org_id + "/portfolio"), {{"Cookie", b_.cookie}});
    auto unknown = send("GET", server_.url("/orgs/" + crypto::random_uuid() + "/portfolio"),
                        {{"Cookie", b_.cookie}});

    EXPECT_EQ(own.status, 200);
    EXPECT_NE(own.body.find("B&apos;s event"), std::string::npos) << own.body.substr(0, 400);
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(foreign.body, unknown.body);
    EXPECT_EQ(foreign.body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace dott::test
