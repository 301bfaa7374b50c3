#include "http/message.hpp"

#include <gtest/gtest.h>

namespace dott::http {
namespace {

TEST(Request, HeaderMatchesNameCaseInsensitively) {
    request req;
    req.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};

    EXPECT_EQ(req.header("Content-Type"), "text/plain");
    EXPECT_EQ(req.header("X-A"), "1");
    EXPECT_FALSE(req.header("accept").has_value());
}

TEST(Request, CookieFindsValueAmongSeveral) {
    request req;
    req.headers = {{"cookie", "theme=dark;  sid=abc123 ; other=\"quoted\""}};

    EXPECT_EQ(req.cookie("sid"), "abc123");
    EXPECT_EQ(req.cookie("theme"), "dark");
    EXPECT_EQ(req.cookie("other"), "quoted");
    EXPECT_FALSE(req.cookie("missing").has_value());
}

TEST(Request, CookieSearchesEveryCookieHeader) {
    request req;
    req.headers = {{"cookie", "a=1"}, {"cookie", "b=2"}};

    EXPECT_EQ(req.cookie("b"), "2");
}

TEST(Request, CookieDoesNotMatchNamePrefixOrValue) {
    request req;
    req.headers = {{"cookie", "xsid=1; y=sid=2"}};

    EXPECT_FALSE(req.cookie("sid").has_value());
}

TEST(Request, QueryParamDecodesNameAndValue) {
    request req;
    req.query = "q=hello+world&city=S%C3%A3o%20Paulo&flag&empty=";

    EXPECT_EQ(req.query_param("q"), "hello world");
    EXPECT_EQ(req.query_param("city"), "S\xC3\xA3o Paulo");
    EXPECT_EQ(req.query_param("flag"), "");
    EXPECT_EQ(req.query_param("empty"), "");
    EXPECT_FALSE(req.query_param("missing").has_value());
}

TEST(Response, SetReplacesEarlierValuesAndAddKeepsThem) {
    response res;

    res.set("Content-Type", "text/plain").set("content-type", "text/html");
    res.add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");

    EXPECT_EQ(res.header("CONTENT-TYPE"), "text/html");
    EXPECT_EQ(res.headers.size(), 3u);
    EXPECT_EQ(res.header("set-cookie"), "a=1");
}

TEST(PercentDecode, DecodesEscapesAndKeepsInvalidOnes) {
    EXPECT_EQ(percent_decode("a%20b%2Fc", false), "a b/c");
    EXPECT_EQ(percent_decode("100%", false), "100%");
    EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
    EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
}

TEST(PercentDecode, TreatsPlusAsSpaceOnlyWhenAsked) {
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
}

TEST(ParseForm, KeepsOrderAndSkipsEmptyPieces) {
    auto fields = parse_form("b=2&&a=1&b=3&c");

    ASSERT_EQ(fields.size(), 4u);
    EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"b", "2"}));
    EXPECT_EQ(fields[1], (std::pair<std::string, std::string>{"a", "1"}));
    EXPECT_EQ(fields[2], (std::pair<std::string, std::string>{"b", "3"}));
    EXPECT_EQ(fields[3], (std::pair<std::string, std::string>{"c", ""}));
}

TEST(ParseForm, SplitsOnFirstEqualsOnly) {
    auto fields = parse_form("token=a%3Db=c");

    ASSERT_EQ(fields.size(), 1u);
    EXPECT_EQ(fields[0].second, "a=b=c");
}

TEST(ProblemResponse, IsAProblemDocumentWithoutDetail) {
    auto res = problem_response(404, "Not Found");

    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.header("content-type"), "application/problem+json");
    EXPECT_EQ(res.body, R"({"status":404,"title":"Not Found","type":"about:blank"})");
}

TEST(ParseMediaType, LowerCasesTheTypeAndReadsTheCharsetQuotedOrNot) {
    auto plain = parse_media_type("Application/JSON");
    auto utf8 = parse_media_type(" application/json ; foo=bar; Charset=\"UTF-8\" ");
    auto latin = parse_media_type("application/json; charset=latin1");
    auto bare = parse_media_type("text/csv;charset=utf8");

    EXPECT_EQ(plain.type, "application/json");
    EXPECT_TRUE(plain.is_utf8());
    EXPECT_EQ(utf8.type, "application/json");
    EXPECT_EQ(utf8.charset, "utf-8");
    EXPECT_TRUE(utf8.is_utf8());
    EXPECT_EQ(latin.charset, "latin1");
    EXPECT_FALSE(latin.is_utf8());
    EXPECT_EQ(bare.type, "text/csv");
    EXPECT_TRUE(bare.is_utf8());
}

}  // namespace
}  // namespace dott::http
