#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "json/json.hpp"
#include "json/schema.hpp"

namespace dott::api {

/// The JSON Schemas every request body of the API is validated against, compiled once from
/// the files in src/api/schemas/ that the build embeds. Each says additionalProperties:false.
struct request_schemas {
    json::schema signup;
    json::schema signin;
    json::schema organization_create;
    json::schema event_create;
    json::schema event_update;
    json::schema line_item_create;
    json::schema line_item_update;
    json::schema budget_set;
};

/// The compiled schemas. The first call compiles them; a schema that does not compile is a
/// build defect and aborts at start-up with its file name.
[[nodiscard]] const request_schemas& schemas();

/// The embedded schema files by name ("event_create.json"), for the OpenAPI document.
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& schema_files();

}  // namespace dott::api
