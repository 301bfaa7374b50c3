#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "http/message.hpp"
#include "json/json.hpp"
#include "json/schema.hpp"

namespace dott::api::detail {

/// A JSON response with the given status.
[[nodiscard]] http::response json_response(int status, const nlohmann::json& body);

/// The same for a body that is JSON text already (written with json::writer).
[[nodiscard]] http::response json_text_response(int status, std::string body);

/// An application/problem+json response for an error. 404s all read the same, so that another
/// organization's ids cannot be told from ids that do not exist; internal errors are logged
/// with the request id and answered without detail.
[[nodiscard]] http::response problem_response(const http::request& req, const error& e);

/// Parses the request body as JSON and validates it against the schema. Refuses a body that
/// is not declared application/json (415), malformed JSON, duplicate keys or deep nesting
/// (400), and schema violations (422), each with a message that names the field.
[[nodiscard]] result<nlohmann::json> read_body(const http::request& req,
                                               const json::schema& schema);

/// What the request's If-Match headers (RFC 9110, section 13.1.1) ask for.
struct precondition {
    bool present = false;       ///< Some If-Match header was sent.
    bool any = false;           ///< "*": any current version.
    std::vector<int> versions;  ///< The strong entity tags that name a version of ours.

    /// True when a row at `version` may be changed: no If-Match, "*", or a listed tag matches.
    /// Weak tags (W/"3") never match, as strong comparison requires.
    [[nodiscard]] bool matches(int version) const;
};

/// Reads every If-Match header of the request. Tags that name no version of ours are kept out
/// of `versions`, so they match nothing.
[[nodiscard]] precondition if_match(const http::request& req);

/// The ETag of a versioned row.
[[nodiscard]] std::string etag(int version);

}  // namespace dott::api::detail
