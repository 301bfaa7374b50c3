#include "json/schema.hpp"

#include <cctype>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "json/json.hpp"

namespace dott::json {

struct schema::compiled {
    valijson::Schema tree;
    // Kept to name the expected type in messages; valijson's tree does not expose it.
    nlohmann::json document;
};

namespace {

using nlohmann::json;

/// A failure found while walking a value, before or after valijson has looked at it.
struct finding {
    std::string pointer;
    std::string message;
};

// valijson keeps integers as int64_t, so a larger unsigned value would wrap around and could
// pass a "maximum" it exceeds. Such numbers are refused wherever they are.
std::optional<finding> find_integer_out_of_range(const json& value, const std::string& where) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return finding{where, "integer is outside the 64-bit range"};
    }
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto found = find_integer_out_of_range(value[i], where + "/" + std::to_string(i))) {
                return found;
            }
        }
    }
    if (value.is_object()) {
        for (const auto& [key, member] : value.items()) {
            if (auto found = find_integer_out_of_range(member, where + "/" + pointer_token(key))) {
                return found;
            }
        }
    }
    return std::nullopt;
}

// valijson names the path to a failure as {"<root>", "[name]", "[0]"}, which cannot tell the
// index 0 from a key "0". Walking the value itself resolves that and yields a JSON pointer,
// one reference token per step.
std::vector<std::string> path_tokens(const json& value, const std::vector<std::string>& context) {
    std::vector<std::string> tokens;
    const json* at = &value;
    for (std::size_t i = 1; i < context.size(); ++i) {
        std::string_view step = context[i];
        if (step.size() >= 2 && step.front() == '[' && step.back() == ']') {
            step = step.substr(1, step.size() - 2);
        }
        tokens.emplace_back(step);

        if (at == nullptr) continue;
        if (at->is_object() && at->contains(step)) {
            at = &(*at)[std::string(step)];
        } else if (at->is_array()) {
            const std::size_t index = std::stoul(std::string(step));
            at = index < at->size() ? &(*at)[index] : nullptr;
        } else {
            at = nullptr;
        }
    }
    return tokens;
}

std::string join_pointer(const std::vector<std::string>& tokens) {
    std::string pointer;
    for (const auto& token : tokens) pointer += "/" + pointer_token(token);
    return pointer;
}

// Follows a local "$ref" such as "#/definitions/name"; anything else is left unresolved.
const json* resolve_ref(const json& root, const json* node) {
    for (int hops = 0; hops < 8 && node != nullptr && node->is_object() && node->contains("$ref");
         ++hops) {
        const json& ref = (*node)["$ref"];
        if (!ref.is_string() || !ref.get_ref<const std::string&>().starts_with('#')) return node;
        try {
            node = &root.at(json::json_pointer(ref.get<std::string>().substr(1)));
        } catch (const std::exception&) {
            return nullptr;
        }
    }
    return node;
}

// The subschema that governs the value at `tokens`, following properties, items and
// additionalProperties. Composite keywords (anyOf, oneOf, allOf) are not followed.
const json* find_subschema(const json& root, const std::vector<std::string>& tokens) {
    const json* node = resolve_ref(root, &root);
    for (const auto& token : tokens) {
        if (node == nullptr || !node->is_object()) return nullptr;
        if (node->contains("properties") && (*node)["properties"].contains(token)) {
            node = &(*node)["properties"][token];
        } else if (node->contains("items") && (*node)["items"].is_object()) {
            node = &(*node)["items"];
        } else if (node->contains("additionalProperties") &&
                   (*node)["additionalProperties"].is_object()) {
            node = &(*node)["additionalProperties"];
        } else {
            return nullptr;
        }
        node = resolve_ref(root, node);
    }
    return node;
}

std::string describe_type(std::string_view type) {
    if (type == "integer") return "an integer";
    if (type == "object") return "an object";
    if (type == "array") return "an array";
    if (type == "string") return "a string";
    if (type == "number") return "a number";
    if (type == "boolean") return "true or false";
    return std::string(type);
}

std::string expected_type(const json& document, const std::vector<std::string>& tokens) {
    const json* node = find_subschema(document, tokens);
    if (node == nullptr || !node->is_object() || !node->contains("type")) {
        return "value has the wrong type";
    }

    const json& type = (*node)["type"];
    std::string expected;
    if (type.is_string()) {
        expected = describe_type(type.get<std::string>());
    } else if (type.is_array()) {
        for (const auto& each : type) {
            if (!each.is_string()) continue;
            if (!expected.empty()) expected += " or ";
            expected += describe_type(each.get<std::string>());
        }
    }
    if (expected.empty()) return "value has the wrong type";
    return "expected " + expected;
}

// valijson prints limits with std::to_string(double): "300.000000" becomes "300", "2.500000"
// becomes "2.5".
std::string tidy_numbers(const std::string& text) {
    static const std::regex trailing_zeros(R"((\d)\.(\d*?)0+(?!\d))");
    static const std::regex bare_point(R"((\d)\.(?!\d))");
    return std::regex_replace(std::regex_replace(text, trailing_zeros, "$1.$2"), bare_point, "$1");
}

// The text between the last pair of single quotes in a valijson message: the property name.
std::string quoted_name(const std::string& description) {
    const auto close = description.rfind('\'');
    if (close == std::string::npos || close == 0) return {};
    const auto open = description.rfind('\'', close - 1);
    if (open == std::string::npos) return {};
    return description.substr(open + 1, close - open - 1);
}

// Rewrites one valijson error into Dott's wording: "<pointer>: <problem>", or "unknown field
// <pointer>" and "missing required field <pointer>" when the problem is the field itself.
finding translate(const json& document, const json& value,
                  const valijson::ValidationResults::Error& failure) {
    std::vector<std::string> tokens = path_tokens(value, failure.context);
    const std::string& description = failure.description;

    if (description.starts_with("Object contains a property that could not be validated")) {
        tokens.push_back(quoted_name(description));
        const std::string pointer = join_pointer(tokens);
        return finding{pointer, "unknown field " + pointer};
    }
    if (description.starts_with("Missing required property")) {
        tokens.push_back(quoted_name(description));
        const std::string pointer = join_pointer(tokens);
        return finding{pointer, "missing required field " + pointer};
    }

    const std::string pointer = join_pointer(tokens);
    const std::string at = (pointer.empty() ? std::string("/") : pointer) + ": ";
    std::smatch match;

    static const std::regex longest(R"(String should be no more than (\d+) characters.*)");
    static const std::regex shortest(R"(String should be no fewer than (\d+) characters.*)");
    static const std::regex most_items(R"(Array should contain no more than (\d+) elements.*)");
    static const std::regex fewest_items(R"(Array should contain no fewer than (\d+) elements.*)");
    if (std::regex_match(description, match, longest)) {
        return finding{pointer, at + "string is longer than " + match[1].str() + " characters"};
    }
    if (std::regex_match(description, match, shortest)) {
        if (match[1].str() == "1") return finding{pointer, at + "must not be empty"};
        return finding{pointer, at + "string is shorter than " + match[1].str() + " characters"};
    }
    if (std::regex_match(description, match, most_items)) {
        return finding{pointer, at + "more than " + match[1].str() + " items"};
    }
    if (std::regex_match(description, match, fewest_items)) {
        return finding{pointer, at + "fewer than " + match[1].str() + " items"};
    }
    if (description.starts_with("Value type not permitted")) {
        return finding{pointer, at + expected_type(document, tokens)};
    }
    if (description.starts_with("Failed to match against any enum values")) {
        return finding{pointer, at + "not one of the allowed values"};
    }
    if (description.starts_with("Failed to match regex")) {
        return finding{pointer, at + "string does not have the expected form"};
    }

    static const std::regex bound(R"(Expected number (less|greater) than( or equal to)? (.*))");
    if (std::regex_match(description, match, bound)) {
        const bool upper = match[1].str() == "less";
        const bool inclusive = match[2].matched;
        const std::string limit = tidy_numbers(match[3].str());
        if (upper) {
            return finding{pointer,
                           at + (inclusive ? "must be at most " : "must be less than ") + limit};
        }
        return finding{pointer,
                       at + (inclusive ? "must be at least " : "must be greater than ") + limit};
    }

    // Anything else keeps valijson's words, lower-cased to read as the end of a sentence.
    std::string problem = tidy_numbers(description);
    if (!problem.empty()) {
        problem.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(problem[0])));
    }
    if (problem.ends_with('.')) problem.pop_back();
    return finding{pointer, at + problem};
}

}  // namespace

result<schema> schema::compile(const nlohmann::json& document) {
    try {
        auto built = std::make_shared<compiled>();
        built->document = document;

        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(built->document);
        parser.populateSchema(adapter, built->tree);
        return schema(std::move(built));
    } catch (const std::exception& ex) {
        return fail(errc::internal, std::string("JSON schema does not compile: ") + ex.what());
    }
}

result<void> schema::validate(const nlohmann::json& value) const {
    if (auto found = find_integer_out_of_range(value, "")) {
        const std::string at = found->pointer.empty() ? "/" : found->pointer;
        return fail(errc::invalid_argument, at + ": " + found->message, found->pointer);
    }

    try {
        // A validator caches compiled regular expressions, so it is not shared between threads;
        // the compiled schema is only read.
        valijson::Validator validator(valijson::Validator::kStrongTypes);
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter adapter(value);
        if (validator.validate(compiled_->tree, adapter, &results)) return {};

        // Errors arrive innermost first, so the first one is the most specific.
        valijson::ValidationResults::Error first;
        if (!results.popError(first)) {
            return fail(errc::invalid_argument, "/: does not match the schema", "");
        }
        finding found = translate(compiled_->document, value, first);
        return fail(errc::invalid_argument, std::move(found.message), std::move(found.pointer));
    } catch (const std::exception&) {
        // A pattern too complex for std::regex on this input is the only known way here.
        return fail(errc::invalid_argument, "/: value could not be checked against the schema");
    }
}

}  // namespace dott::json
