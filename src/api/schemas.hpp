#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "json/json.hpp"
#include "json/schema.hpp"

namespace dott::api {

/// The JSON Schemas request bodies are validated against, by name: each file of
/// src/api/schemas/ that the build embeds ("event_create" for event_create.json) and each
/// schema generated from the resource table. Every one says additionalProperties:false.
class schema_set {
  public:
    /// The compiled schema of that name. Naming a schema that does not exist is a programming
    /// error: it aborts with the name.
    [[nodiscard]] const json::schema& at(std::string_view name) const;

    /// Every schema document by name, for the OpenAPI document.
    [[nodiscard]] const std::map<std::string, nlohmann::json, std::less<>>& documents() const {
        return documents_;
    }

  private:
    friend const schema_set& schemas();
    schema_set() = default;

    std::map<std::string, nlohmann::json, std::less<>> documents_;
    std::map<std::string, json::schema, std::less<>> compiled_;
};

/// The compiled schemas. The first call compiles them all; a schema that does not compile is a
/// build defect and aborts at start-up with its name. Thread-safe.
[[nodiscard]] const schema_set& schemas();

/// The embedded schema files by file name ("event_create.json").
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& schema_files();

/// The schema documents generated from the resource table, by name.
[[nodiscard]] std::vector<std::pair<std::string, nlohmann::json>> generated_schema_documents();

}  // namespace dott::api
