#pragma once

#include <nlohmann/json.hpp>

#include "domain/event.hpp"
#include "json/writer.hpp"
#include "store/accounts.hpp"

namespace dott::api::detail {

/// An event as the API shows it, written straight as JSON text: the one definition of that
/// representation, used as it is by lists, where building documents would cost more than the
/// database, and parsed by to_json() and scored_json() for everything else. With `with_scores`
/// it carries `scores`, the headline of its stored scores (null before the first computation).
void write_json(json::writer& w, const domain::event& e, bool with_scores);

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
