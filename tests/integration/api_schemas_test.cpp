// Every request body is validated against a JSON Schema; this walks each schema the server
// publishes in its OpenAPI document and checks that it really bounds what it accepts, so that
// a schema added later without bounds fails here instead of reaching the database.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/test_server.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

constexpr double int64_min = -9223372036854775808.0;
constexpr double int64_max = 9223372036854775807.0;

bool allows(const json& schema, const std::string& type) {
    if (!schema.contains("type")) {
        return false;
    }
    const json& t = schema.at("type");
    if (t.is_string()) {
        return t == type;
    }
    for (const auto& one : t) {
        if (one == type) {
            return true;
        }
    }
    return false;
}

/// A pattern anchored at both ends with no unbounded repetition accepts strings of bounded
/// length only.
bool is_bounded_pattern(const std::string& pattern) {
    if (pattern.size() < 2 || pattern.front() != '^' || pattern.back() != '$') {
        return false;
    }
    // Unbounded repetition: `*`, `+`, or `{n,}`. Written by hand: std::regex draws a false
    // "may be used uninitialized" from GCC 12 under the sanitizers, which -Werror refuses.
    for (std::size_t at = 0; at < pattern.size(); ++at) {
        if (pattern[at] == '*' || pattern[at] == '+') {
            return false;
        }
        if (pattern[at] != '{') {
            continue;
        }
        std::size_t end = at + 1;
        while (end < pattern.size() && pattern[end] >= '0' && pattern[end] <= '9') {
            ++end;
        }
        if (end > at + 1 && pattern.compare(end, 2, ",}") == 0) {
            return false;
        }
    }
    return true;
}

/// Appends to `faults` every place under `schema` (at `where`) that leaves a value unbounded.
void check_bounded(const json& schema, const std::string& where, std::vector<std::string>& faults) {
    if (!schema.is_object()) {
        return;
    }
    if (schema.contains("$ref") || schema.contains("enum") || schema.contains("const")) {
        return;
    }
    if (!schema.contains("type")) {
        faults.push_back(where + ": no type");
        return;
    }
    if (allows(schema, "number")) {
        faults.push_back(where + ": a floating-point number; money and counts are integers");
    }
    if (allows(schema, "integer")) {
        if (!schema.contains("minimum") || !schema.contains("maximum")) {
            faults.push_back(where + ": an integer without minimum and maximum");
        } else if (schema.at("minimum").get<double>() < int64_min ||
                   schema.at("maximum").get<double>() > int64_max) {
            faults.push_back(where + ": an integer range beyond 64 bits");
        }
    }
    if (allows(schema, "string") && !schema.contains("maxLength") &&
        !(schema.contains("pattern") && is_bounded_pattern(schema.at("pattern")))) {
        faults.push_back(where + ": a string without maxLength");
    }
    if (allows(schema, "array")) {
        if (!schema.contains("maxItems")) {
            faults.push_back(where + ": an array without maxItems");
        }
        if (schema.contains("items")) {
            check_bounded(schema.at("items"), where + "/items", faults);
        }
    }
    if (allows(schema, "object")) {
        if (schema.value("additionalProperties", json(true)) != false) {
            faults.push_back(where + ": an object that accepts unknown fields");
        }
        const json properties = schema.value("properties", json::object());
        for (const auto& [name, property] : properties.items()) {
            check_bounded(property, where + "/" + name, faults);
        }
    }
}

TEST(ApiSchemas, EveryRequestSchemaRejectsUnknownFieldsAndBoundsEveryValue) {
    test_server server;
    auto res = send("GET", server.url("/api/v1/openapi.json"));
    ASSERT_EQ(res.status, 200);
    json document = json::parse(res.body);

    std::vector<std::string> request_schemas;
    for (const auto& [path, operations] : document.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) {
            if (!operation.contains("requestBody")) {
                continue;
            }
            for (const auto& [media, content] : operation.at("requestBody").at("content").items()) {
                if (media != "application/json") {
                    continue;
                }
                std::string ref = content.at("schema").at("$ref");
                request_schemas.push_back(ref.substr(ref.rfind('/') + 1));
            }
        }
    }
    ASSERT_GT(request_schemas.size(), 20u);

    std::vector<std::string> faults;
    for (const auto& name : request_schemas) {
        check_bounded(document.at("components").at("schemas").at(name), name, faults);
    }

    EXPECT_TRUE(faults.empty()) << ::testing::PrintToString(faults);
}

TEST(ApiSchemas, TheBoundsCheckItselfNoticesAnUnboundedSchema) {
    json loose = {{"type", "object"},
                  {"properties",
                   {{"note", {{"type", "string"}}},
                    {"count", {{"type", "integer"}, {"minimum", 0}}},
                    {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                    {"day", {{"type", "string"}, {"pattern", "^[0-9]+$"}}}}}};

    std::vector<std::string> faults;
    check_bounded(loose, "loose", faults);

    EXPECT_EQ(faults.size(), 6u) << ::testing::PrintToString(faults);
}

}  // namespace
}  // namespace dott::test
