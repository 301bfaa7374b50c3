#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

/// One route of the API with placeholders {org}, {event} and {item}.
struct route {
    std::string method;
    std::string pattern;
    json body;
};

std::string expand(std::string pattern, const std::string& org, const std::string& event,
                   const std::string& item) {
    for (auto [key, value] :
         {std::pair{std::string("{org}"), org}, std::pair{std::string("{event}"), event},
          std::pair{std::string("{item}"), item}}) {
        if (auto at = pattern.find(key); at != std::string::npos) {
            pattern.replace(at, key.size(), value);
        }
    }
    return pattern;
}

const std::vector<route>& org_routes() {
    static const std::vector<route> routes = {
        {"GET", "/api/v1/orgs/{org}", nullptr},
        {"GET", "/api/v1/orgs/{org}/events", nullptr},
        {"POST",
         "/api/v1/orgs/{org}/events",
         {{"name", "Intruder"}, {"starts_on", "2025-01-01"}, {"ends_on", "2025-01-01"}}},
        {"GET", "/api/v1/orgs/{org}/events/{event}", nullptr},
        {"PATCH", "/api/v1/orgs/{org}/events/{event}", {{"name", "Renamed"}}},
        {"DELETE", "/api/v1/orgs/{org}/events/{event}", nullptr},
        {"PUT",
         "/api/v1/orgs/{org}/events/{event}/budget",
         {{"planned_minor", 100}, {"currency", "EUR"}}},
        {"POST", "/api/v1/orgs/{org}/events/{event}/budget/lock", nullptr},
        {"POST", "/api/v1/orgs/{org}/events/{event}/budget/unlock", nullptr},
        {"GET", "/api/v1/orgs/{org}/events/{event}/line-items", nullptr},
        {"POST",
         "/api/v1/orgs/{org}/events/{event}/line-items",
         {{"category", "Travel"}, {"currency", "EUR"}, {"planned_minor", 100}}},
        {"GET", "/api/v1/orgs/{org}/events/{event}/line-items/{item}", nullptr},
        {"PATCH", "/api/v1/orgs/{org}/events/{event}/line-items/{item}", {{"planned_minor", 1}}},
        {"DELETE", "/api/v1/orgs/{org}/events/{event}/line-items/{item}", nullptr},
    };
    return routes;
}

class ApiTenancy : public ::testing::Test {
  protected:
    void SetUp() override {
        a_ = new_member(server_, "Tenant A");
        b_ = new_member(server_, "Tenant B");
        a_event_ = create(a_, "/api/v1/orgs/" + a_.org_id + "/events",
                          {{"name", "A's secret summit"},
                           {"starts_on", "2025-06-01"},
                           {"ends_on", "2025-06-02"}});
        a_item_ = create(a_, "/api/v1/orgs/" + a_.org_id + "/events/" + a_event_ + "/line-items",
                         {{"category", "Booth"}, {"currency", "EUR"}, {"planned_minor", 990000}});
        b_event_ =
            create(b_, "/api/v1/orgs/" + b_.org_id + "/events",
                   {{"name", "B's event"}, {"starts_on", "2025-06-01"}, {"ends_on", "2025-06-02"}});
    }

    std::string create(const member& m, const std::string& path, const json& body) {
        auto res = send_json(server_, "POST", path, m.cookie, body.dump());
        EXPECT_EQ(res.status, 201) << res.body;
        return json::parse(res.body).at("id");
    }

    client_response call(const member& who, const route& r, const std::string& path) {
        return send_json(server_, r.method, path, who.cookie,
                         r.body.is_null() ? "" : r.body.dump());
    }

    test_server server_;
    member a_;
    member b_;
    std::string a_event_;
    std::string a_item_;
    std::string b_event_;
};

// B names A's organization and A's rows on every route: each answer must be a 404 whose body
// is byte-for-byte the one for ids that never existed, so B learns nothing about A.
TEST_F(ApiTenancy, AnotherOrganizationsIdsReadExactlyLikeUnknownIds) {
    std::string random_org = crypto::random_uuid();
    std::string random_event = crypto::random_uuid();
    std::string random_item = crypto::random_uuid();

    for (const auto& r : org_routes()) {
        SCOPED_TRACE(r.method + " " + r.pattern);

        auto foreign = call(b_, r, expand(r.pattern, a_.org_id, a_event_, a_item_));
        auto unknown = call(b_, r, expand(r.pattern, random_org, random_event, random_item));
        auto malformed = call(b_, r, expand(r.pattern, "not-a-uuid", "x", "y"));

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

    for (const auto& r : org_routes()) {
        if (r.body.is_null()) {
            continue;
        }
        SCOPED_TRACE(r.method + " " + r.pattern);
        std::string foreign_path = expand(r.pattern, a_.org_id, a_event_, a_item_);

        auto foreign = send_json(server_, r.method, foreign_path, b_.cookie, "{\"colour\": ");
        auto unknown =
            send_json(server_, r.method, expand(r.pattern, random_org, a_event_, a_item_),
                      b_.cookie, "{\"colour\": ");
        auto anonymous = send_json(server_, r.method, foreign_path, "", "{\"colour\": ");

        EXPECT_EQ(foreign.status, 404);
        EXPECT_EQ(foreign.body, unknown.body);
        EXPECT_EQ(anonymous.status, 401);
    }
}

// B uses its own organization in the path but A's event and line ids.
TEST_F(ApiTenancy, AnotherOrganizationsRowsUnderOwnOrganizationAreNotFound) {
    std::string random_event = crypto::random_uuid();
    std::string random_item = crypto::random_uuid();

    for (const auto& r : org_routes()) {
        if (r.pattern.find("{event}") == std::string::npos) {
            continue;
        }
        SCOPED_TRACE(r.method + " " + r.pattern);

        auto foreign = call(b_, r, expand(r.pattern, b_.org_id, a_event_, a_item_));
        auto unknown = call(b_, r, expand(r.pattern, b_.org_id, random_event, random_item));

        EXPECT_EQ(foreign.status, 404);
        EXPECT_EQ(foreign.body, unknown.body);
    }
    // A line of A's under B's own event is still not B's.
    auto mixed = send_json(
        server_, "GET",
        "/api/v1/orgs/" + b_.org_id + "/events/" + b_event_ + "/line-items/" + a_item_, b_.cookie);
    EXPECT_EQ(mixed.status, 404);
}

TEST_F(ApiTenancy, NothingOfTheOtherOrganizationChangedOrLeaked) {
    for (const auto& r : org_routes()) {
        (void)call(b_, r, expand(r.pattern, a_.org_id, a_event_, a_item_));
    }

    auto event =
        send_json(server_, "GET", "/api/v1/orgs/" + a_.org_id + "/events/" + a_event_, a_.cookie);
    auto item = send_json(
        server_, "GET",
        "/api/v1/orgs/" + a_.org_id + "/events/" + a_event_ + "/line-items/" + a_item_, a_.cookie);
    auto b_list = send_json(server_, "GET", "/api/v1/orgs/" + b_.org_id + "/events", b_.cookie);

    ASSERT_EQ(event.status, 200);
    EXPECT_EQ(json::parse(event.body).at("name"), "A's secret summit");
    EXPECT_EQ(json::parse(event.body).at("version"), 1);
    ASSERT_EQ(item.status, 200);
    EXPECT_EQ(json::parse(item.body).at("planned_minor"), 990000);
    EXPECT_EQ(b_list.body.find("secret"), std::string::npos);
    EXPECT_EQ(json::parse(b_list.body).at("events").size(), 1u);
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
