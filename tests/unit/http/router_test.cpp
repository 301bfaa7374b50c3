#include "http/router.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dott::http {
namespace {

request make_request(std::string method, std::string target) {
    request req;
    req.method = std::move(method);
    req.target = std::move(target);
    auto question = req.target.find('?');
    req.path = percent_decode(req.target.substr(0, question), false);
    return req;
}

/// A handler that answers with its own name and the captured parameters.
route_handler answer(std::string name) {
    return [name](const request&, const path_params& params) {
        response res;
        res.body = name;
        for (const auto& [key, value] : params) {
            res.body += " " + key + "=" + value;
        }
        return res;
    };
}

TEST(Router, DispatchesLiteralPath) {
    router r;
    r.add("GET", "/health", answer("health"));

    auto res = r.dispatch(make_request("GET", "/health"));

    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "health");
}

TEST(Router, DispatchesRootPath) {
    router r;
    r.add("GET", "/", answer("root"));

    EXPECT_EQ(r.dispatch(make_request("GET", "/")).body, "root");
    EXPECT_EQ(r.dispatch(make_request("GET", "/x")).status, 404);
}

TEST(Router, CapturesDecodedSegments) {
    router r;
    r.add("GET", "/orgs/{org_id}/events/{event_id}", answer("event"));

    auto res = r.dispatch(make_request("GET", "/orgs/acme%20co/events/42?x=1"));

    EXPECT_EQ(res.body, "event event_id=42 org_id=acme co");
}

// An encoded slash belongs to its segment: it must not let a request reach a deeper route.
TEST(Router, KeepsEncodedSlashInsideItsSegment) {
    router r;
    r.add("GET", "/files/{name}", answer("file"));

    auto res = r.dispatch(make_request("GET", "/files/a%2Fb"));

    EXPECT_EQ(res.body, "file name=a/b");
}

TEST(Router, DoesNotMatchEmptyCapture) {
    router r;
    r.add("GET", "/events/{id}", answer("event"));

    EXPECT_EQ(r.dispatch(make_request("GET", "/events/")).status, 404);
}

TEST(Router, TreatsTrailingSlashAsDifferentPath) {
    router r;
    r.add("GET", "/events", answer("events"));

    EXPECT_EQ(r.dispatch(make_request("GET", "/events/")).status, 404);
    EXPECT_EQ(r.dispatch(make_request("GET", "/events")).status, 200);
}

TEST(Router, AnswersMethodNotAllowedWithAllowListingEachMethodOnce) {
    router r;
    r.add("GET", "/events/{id}", answer("get"));
    r.add("PATCH", "/events/{id}", answer("patch"));
    r.add("GET", "/events/{other}", answer("get again"));
    r.add("POST", "/events", answer("create"));

    auto res = r.dispatch(make_request("DELETE", "/events/7"));

    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.header("Allow"), "GET, PATCH");
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
}

TEST(Router, AnswersDefaultNotFoundProblem) {
    router r;
    r.add("GET", "/events", answer("events"));

    auto res = r.dispatch(make_request("GET", "/nowhere"));

    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
    EXPECT_EQ(res.body, R"({"status":404,"title":"Not Found","type":"about:blank"})");
}

TEST(Router, UsesConfiguredNotFoundHandler) {
    router r;
    r.set_not_found([](const request& req) {
        response res;
        res.status = 404;
        res.body = "no " + req.path;
        return res;
    });

    EXPECT_EQ(r.dispatch(make_request("GET", "/x")).body, "no /x");
}

TEST(Router, PrefersLiteralSegmentOverCaptureWhateverTheOrder) {
    router r;
    r.add("GET", "/events/{id}", answer("by id"));
    r.add("GET", "/events/new", answer("new form"));

    EXPECT_EQ(r.dispatch(make_request("GET", "/events/new")).body, "new form");
    EXPECT_EQ(r.dispatch(make_request("GET", "/events/9")).body, "by id id=9");
}

TEST(Router, FallsBackToPathWhenTargetIsEmpty) {
    router r;
    r.add("GET", "/events/{id}", answer("event"));
    request req;
    req.method = "GET";
    req.path = "/events/5";

    EXPECT_EQ(r.dispatch(req).body, "event id=5");
}

TEST(Router, RejectsMalformedPatternsAtStartUp) {
    router r;

    EXPECT_THROW(r.add("GET", "events", answer("x")), std::invalid_argument);
    EXPECT_THROW(r.add("GET", "/events/{id", answer("x")), std::invalid_argument);
    EXPECT_THROW(r.add("GET", "/events/{}", answer("x")), std::invalid_argument);
}

}  // namespace
}  // namespace dott::http
