#pragma once

#include <nlohmann/json.hpp>

#include "domain/event.hpp"
#include "store/accounts.hpp"

namespace dott::api::detail {

/// An event as writes answer it, without scores.
[[nodiscard]] nlohmann::json to_json(const domain::event& e);

/// An event as reads answer it: to_json() plus `scores`, the headline of its stored scores
/// (null before the first computation).
[[nodiscard]] nlohmann::json scored_json(const domain::event& e);
[[nodiscard]] nlohmann::json to_json(const domain::line_item& item);
[[nodiscard]] nlohmann::json to_json(const store::organization_record& org);

/// Applies the fields present in a schema-validated body onto an event: a field set to null
/// clears it, an absent field keeps its value.
void apply(const nlohmann::json& body, domain::event& e);

/// The same for a budget line.
void apply(const nlohmann::json& body, domain::line_item& item);

}  // namespace dott::api::detail
