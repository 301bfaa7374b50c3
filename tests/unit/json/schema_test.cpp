#include "json/schema.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace dott::json {
namespace {

using nlohmann::json;

// A body shaped like the callers' schemas: closed objects, bounded strings, typed numbers.
const json event_schema = json::parse(R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": false,
    "required": ["name", "start_date"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 300},
        "start_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "attendees": {"type": "integer", "minimum": 0, "maximum": 100000},
        "budget": {"$ref": "#/definitions/money"},
        "status": {"enum": ["idea", "planning", "confirmed"]},
        "online": {"type": "boolean"},
        "tags": {
            "type": "array",
            "maxItems": 3,
            "items": {"type": "string", "maxLength": 20}
        },
        "speakers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name"],
                "properties": {"name": {"type": "string"}}
            }
        }
    },
    "definitions": {
        "money": {
            "type": "object",
            "additionalProperties": false,
            "required": ["amount", "currency"],
            "properties": {
                "amount": {"type": "integer"},
                "currency": {"type": "string", "minLength": 3, "maxLength": 3}
            }
        }
    }
})");

schema compiled_event_schema() {
    auto compiled = schema::compile(event_schema);
    EXPECT_TRUE(compiled.has_value()) << compiled.error().message;
    return *compiled;
}

json valid_event() {
    return json::parse(R"({
        "name": "RustConf",
        "start_date": "2025-09-02",
        "attendees": 900,
        "budget": {"amount": 1500000, "currency": "USD"},
        "status": "planning",
        "tags": ["rust"],
        "speakers": [{"name": "Ada"}]
    })");
}

/// Applies `change` to a valid event and returns the validation failure it causes.
error failure_after(const std::function<void(json&)>& change) {
    json value = valid_event();
    change(value);
    const auto checked = compiled_event_schema().validate(value);
    EXPECT_FALSE(checked.has_value()) << value.dump();
    if (checked.has_value()) return {};
    EXPECT_EQ(checked.error().code, errc::invalid_argument);
    return checked.error();
}

TEST(Schema, AcceptsValidValue) {
    const auto checked = compiled_event_schema().validate(valid_event());

    EXPECT_TRUE(checked.has_value()) << checked.error().message;
}

TEST(Schema, RejectsUnknownFieldNamingIt) {
    const error e = failure_after([](json& v) { v["colour"] = "red"; });

    EXPECT_EQ(e.message, "unknown field /colour");
    EXPECT_EQ(e.field, "/colour");
}

TEST(Schema, RejectsUnknownFieldInNestedObject) {
    const error e = failure_after([](json& v) { v["speakers"][0]["email"] = "a@example.com"; });

    EXPECT_EQ(e.message, "unknown field /speakers/0/email");
    EXPECT_EQ(e.field, "/speakers/0/email");
}

TEST(Schema, RejectsUnknownFieldBehindRef) {
    const error e = failure_after([](json& v) { v["budget"]["rate"] = 1; });

    EXPECT_EQ(e.field, "/budget/rate");
}

TEST(Schema, RejectsMissingRequiredField) {
    const error e = failure_after([](json& v) { v.erase("name"); });

    EXPECT_EQ(e.message, "missing required field /name");
    EXPECT_EQ(e.field, "/name");
}

TEST(Schema, RejectsTooLongStringNamingLimit) {
    const error e = failure_after([](json& v) { v["name"] = std::string(301, 'x'); });

    EXPECT_EQ(e.message, "/name: string is longer than 300 characters");
    EXPECT_EQ(e.field, "/name");
}

TEST(Schema, CountsCharactersNotBytes) {
    json value = valid_event();
    std::string name;
    for (int i = 0; i < 300; ++i) name += "\xc3\xa9";  // 300 characters, 600 bytes
    value["name"] = name;

    EXPECT_TRUE(compiled_event_schema().validate(value).has_value());
}

TEST(Schema, RejectsEmptyString) {
    const error e = failure_after([](json& v) { v["name"] = ""; });

    EXPECT_EQ(e.message, "/name: must not be empty");
}

TEST(Schema, RejectsWrongTypeNamingExpectedType) {
    const error e = failure_after([](json& v) { v["online"] = "yes"; });

    EXPECT_EQ(e.message, "/online: expected true or false");
    EXPECT_EQ(e.field, "/online");
}

TEST(Schema, RejectsPatternMismatch) {
    const error e = failure_after([](json& v) { v["start_date"] = "2 Sept"; });

    EXPECT_EQ(e.field, "/start_date");
    EXPECT_EQ(e.message.rfind("/start_date: ", 0), 0u) << e.message;
}

TEST(Schema, RejectsValueOutsideEnum) {
    const error e = failure_after([](json& v) { v["status"] = "cancelled"; });

    EXPECT_EQ(e.message, "/status: not one of the allowed values");
}

TEST(Schema, RejectsNumberAboveMaximumWithReadableLimit) {
    const error e = failure_after([](json& v) { v["attendees"] = 100001; });

    EXPECT_EQ(e.message, "/attendees: must be at most 100000");
}

TEST(Schema, RejectsNegativeNumberBelowMinimum) {
    const error e = failure_after([](json& v) { v["attendees"] = -1; });

    EXPECT_EQ(e.message, "/attendees: must be at least 0");
}

TEST(Schema, RejectsArrayItemsNamingIndex) {
    const error too_long = failure_after([](json& v) { v["tags"] = {"a", std::string(21, 'b')}; });
    const error too_many = failure_after([](json& v) { v["tags"] = {"a", "b", "c", "d"}; });

    EXPECT_EQ(too_long.message, "/tags/1: string is longer than 20 characters");
    EXPECT_EQ(too_long.field, "/tags/1");
    EXPECT_EQ(too_many.message, "/tags: more than 3 items");
}

TEST(Schema, RejectsWrongTypeAtRoot) {
    const auto checked = compiled_event_schema().validate(json::array());

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().message, "/: expected an object");
    EXPECT_EQ(checked.error().field, "");
}

// A float that happens to be whole, or one with a fraction, is not an integer; accepting 1.5
// would let a client store half a unit of money.
TEST(Schema, RejectsNonIntegralNumbersForIntegerFields) {
    for (const json& amount : {json(1.5), json(1.0), json(1e3), json("1")}) {
        const error e = failure_after([&](json& v) { v["budget"]["amount"] = amount; });

        EXPECT_EQ(e.message, "/budget/amount: expected an integer") << amount.dump();
        EXPECT_EQ(e.field, "/budget/amount");
    }
}

// Beyond int64 the validator's integer would wrap around: 2^64-1 would read as -1 and pass a
// minimum of 0.
TEST(Schema, RejectsIntegersBeyondInt64) {
    const error above =
        failure_after([](json& v) { v["attendees"] = json::parse("18446744073709551615"); });
    const error just_above =
        failure_after([](json& v) { v["budget"]["amount"] = json::parse("9223372036854775808"); });
    const error float_overflow =
        failure_after([](json& v) { v["budget"]["amount"] = json::parse("99999999999999999999"); });

    EXPECT_EQ(above.field, "/attendees");
    EXPECT_EQ(above.message, "/attendees: integer is outside the 64-bit range");
    EXPECT_EQ(just_above.field, "/budget/amount");
    EXPECT_EQ(float_overflow.field, "/budget/amount");
}

TEST(Schema, AcceptsInt64Extremes) {
    const schema compiled = compiled_event_schema();
    json value = valid_event();

    value["budget"]["amount"] = json::parse("9223372036854775807");
    EXPECT_TRUE(compiled.validate(value).has_value());
    value["budget"]["amount"] = json::parse("-9223372036854775808");
    EXPECT_TRUE(compiled.validate(value).has_value());
}

TEST(Schema, DistinguishesArrayIndexFromNumericKey) {
    const auto compiled = schema::compile(json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "properties": {"0": {"type": "string"}}
    })"));
    ASSERT_TRUE(compiled.has_value());

    const auto checked = compiled->validate(json::parse(R"({"0": 5})"));

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().message, "/0: expected a string");
}

TEST(Schema, EscapesPointerTokensInField) {
    const auto compiled =
        schema::compile(json::parse(R"({"type": "object", "additionalProperties": false})"));
    ASSERT_TRUE(compiled.has_value());

    const auto checked = compiled->validate(json::parse(R"({"a/b": 1})"));

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().field, "/a~1b");
}

TEST(Schema, CompileFailsWhenDocumentIsNotASchema) {
    const auto compiled = schema::compile(json::parse(R"({"type": 5})"));

    ASSERT_FALSE(compiled.has_value());
    EXPECT_EQ(compiled.error().code, errc::internal);
}

TEST(Schema, CompileFailsOnUnresolvableRef) {
    const auto compiled = schema::compile(json::parse(R"({"$ref": "#/definitions/missing"})"));

    EXPECT_FALSE(compiled.has_value());
}

TEST(Schema, ValidatesFromManyThreadsAtOnce) {
    const schema compiled = compiled_event_schema();
    std::atomic<int> wrong = 0;
    std::vector<std::thread> threads;

    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                json good = valid_event();
                json bad = valid_event();
                bad["start_date"] = "soon";
                if (!compiled.validate(good).has_value()) ++wrong;
                if (compiled.validate(bad).has_value()) ++wrong;
            }
        });
    }
    for (auto& thread : threads) thread.join();

    EXPECT_EQ(wrong.load(), 0);
}

TEST(Schema, CopiesShareOneCompiledSchema) {
    const schema original = compiled_event_schema();
    const schema copy = original;

    EXPECT_TRUE(copy.validate(valid_event()).has_value());
}

}  // namespace
}  // namespace dott::json
