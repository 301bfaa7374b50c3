#include "json/json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dott::json {
namespace {

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

TEST(Parse, BuildsNestedValues) {
    const auto value =
        parse(R"({"a": [1, -2, 3.5, "x", true, null, {"b": {}}], "c": 18446744073709551615})");

    ASSERT_TRUE(value.has_value()) << value.error().message;
    EXPECT_EQ((*value)["a"][0], 1);
    EXPECT_EQ((*value)["a"][1], -2);
    EXPECT_DOUBLE_EQ((*value)["a"][2].get<double>(), 3.5);
    EXPECT_EQ((*value)["a"][3], "x");
    EXPECT_EQ((*value)["a"][4], true);
    EXPECT_TRUE((*value)["a"][5].is_null());
    EXPECT_TRUE((*value)["a"][6]["b"].is_object());
    EXPECT_EQ((*value)["c"].get<std::uint64_t>(), 18446744073709551615u);
}

TEST(Parse, AcceptsScalarDocuments) {
    EXPECT_EQ(*parse("42"), 42);
    EXPECT_EQ(*parse(R"("text")"), "text");
    EXPECT_TRUE(parse("null")->is_null());
}

TEST(Parse, RejectsInvalidJsonWithPosition) {
    const auto value = parse("{\"a\": tru}");

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().code, errc::malformed);
    EXPECT_NE(value.error().message.find("line 1, column"), std::string::npos)
        << value.error().message;
    EXPECT_EQ(value.error().message.find("json.exception"), std::string::npos);
}

TEST(Parse, RejectsEmptyTrailingAndTruncatedInput) {
    for (const char* text : {"", "   ", "{} {}", "[1,]", "{\"a\":1,}", "[1", "'a'", "NaN"}) {
        const auto value = parse(text);

        ASSERT_FALSE(value.has_value()) << text;
        EXPECT_EQ(value.error().code, errc::malformed) << text;
    }
}

TEST(Parse, RejectsNumbersThatOverflowADouble) {
    const auto value = parse("[1e400]");

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().code, errc::malformed);
}

// Two parsers that disagree on which duplicate wins can be made to see different documents;
// refusing duplicates removes the ambiguity.
TEST(Parse, RejectsDuplicateKeysNamingKeyAndPointer) {
    const auto value = parse(R"({"items": [{"id": 1}, {"id": 2, "id": 3}]})");

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().code, errc::malformed);
    EXPECT_EQ(value.error().field, "/items/1/id");
    EXPECT_NE(value.error().message.find("\"id\""), std::string::npos) << value.error().message;
    EXPECT_NE(value.error().message.find("/items/1/id"), std::string::npos)
        << value.error().message;
}

TEST(Parse, RejectsDuplicateKeysAtTheRoot) {
    const auto value = parse(R"({"a": 1, "b": 2, "a": 1})");

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().field, "/a");
}

TEST(Parse, EscapesPointerTokensInDuplicateKeyField) {
    const auto value = parse(R"({"a/b": {"c~d": 1, "c~d": 2}})");

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().field, "/a~1b/c~0d");
}

TEST(Parse, AllowsSameKeyInDifferentObjects) {
    EXPECT_TRUE(parse(R"([{"id": 1}, {"id": 2}, {"id": {"id": 3}}])").has_value());
}

TEST(Parse, AcceptsNestingUpToMaxDepth) {
    EXPECT_TRUE(parse(nested_arrays(32)).has_value());
    EXPECT_TRUE(parse(nested_arrays(3), {.max_depth = 3}).has_value());
}

TEST(Parse, RejectsNestingBeyondMaxDepth) {
    const auto arrays = parse(nested_arrays(33));
    const auto objects = parse(R"({"a": {"b": [{}]}})", {.max_depth = 3});

    ASSERT_FALSE(arrays.has_value());
    EXPECT_EQ(arrays.error().code, errc::malformed);
    EXPECT_NE(arrays.error().message.find("deeper than 32"), std::string::npos);
    ASSERT_FALSE(objects.has_value());
    EXPECT_EQ(objects.error().field, "/a/b/0");
}

// Deep nesting is refused as soon as it is reached, without building the whole value.
TEST(Parse, RejectsVeryDeepNestingQuickly) {
    const auto value = parse(nested_arrays(500'000), {.max_bytes = 1'000'000});

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().code, errc::malformed);
}

TEST(Parse, RejectsInputLargerThanMaxBytes) {
    const std::string text = "\"" + std::string(100, 'a') + "\"";

    const auto value = parse(text, {.max_bytes = 50});

    ASSERT_FALSE(value.has_value());
    EXPECT_EQ(value.error().code, errc::too_large);
    EXPECT_TRUE(parse(text, {.max_bytes = text.size()}).has_value());
}

TEST(Parse, RejectsInvalidUtf8) {
    for (const std::string& text : {
             std::string("\"\xff\""),          // never valid in UTF-8
             std::string("\"\xc3\""),          // truncated sequence
             std::string("\"\xc0\xaf\""),      // overlong encoding of '/'
             std::string("\"\xed\xa0\x80\""),  // UTF-16 surrogate encoded as UTF-8
             std::string("\"\\ud800\""),       // lone surrogate escape
             std::string("{\"k\xfe\": 1}"),    // invalid byte in a key
             std::string("[1, \xe2\x82]"),     // invalid byte outside a string
         }) {
        const auto value = parse(text);

        ASSERT_FALSE(value.has_value()) << text;
        EXPECT_EQ(value.error().code, errc::malformed);
        // The message must itself be valid to send back in a JSON problem.
        EXPECT_EQ(value.error().message.find('\xff'), std::string::npos);
    }
}

TEST(Parse, AcceptsValidMultibyteUtf8) {
    const auto value = parse("\"Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x8e\x89 \\u00e9\"");

    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(value->get<std::string>(), "Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x8e\x89 \xc3\xa9");
}

TEST(Problem, SerialisesAllMembers) {
    const auto body = nlohmann::json::parse(
        problem(422, "Unprocessable Content", "/name: must not be empty", "/name"));

    EXPECT_EQ(body["type"], "about:blank");
    EXPECT_EQ(body["title"], "Unprocessable Content");
    EXPECT_EQ(body["status"], 422);
    EXPECT_EQ(body["detail"], "/name: must not be empty");
    EXPECT_EQ(body["field"], "/name");
}

TEST(Problem, OmitsFieldWhenEmpty) {
    const std::string text = problem(404, "Not Found", "event not found");

    EXPECT_EQ(
        text,
        R"({"type":"about:blank","title":"Not Found","status":404,"detail":"event not found"})");
}

TEST(Problem, ReplacesInvalidUtf8InsteadOfThrowing) {
    const std::string text = problem(400, "Bad Request", "bad byte \xff here");

    EXPECT_TRUE(nlohmann::json::accept(text));
}

TEST(PointerToken, EscapesTildeAndSlash) {
    EXPECT_EQ(pointer_token("a/b~c"), "a~1b~0c");
    EXPECT_EQ(pointer_token(""), "");
}

// PostgreSQL text cannot hold U+0000: a value carrying one would be stored cut short, so a
// name "a\u0000b" would silently become "a". Such text must be refused before it gets there.
TEST(Parse, RefusesTheNulCharacterInValuesAndKeys) {
    auto in_value = parse(R"({"name":"a\u0000b"})");
    auto in_key = parse(R"({"na\u0000me":"a"})");
    auto nested = parse(R"({"items":[{"url":"https://ok.example\u0000javascript:x"}]})");

    ASSERT_FALSE(in_value.has_value());
    EXPECT_EQ(in_value.error().code, errc::malformed);
    EXPECT_EQ(in_value.error().field, "/name");
    ASSERT_FALSE(in_key.has_value());
    ASSERT_FALSE(nested.has_value());
    EXPECT_EQ(nested.error().field, "/items/0/url");
}

}  // namespace
}  // namespace dott::json
