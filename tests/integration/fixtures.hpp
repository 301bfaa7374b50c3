#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/test_server.hpp"

namespace dott::test {

/// A collection of the API (its path under the organization, as the OpenAPI document writes
/// it) and a valid new row for it. A body value "{/contacts}" stands for the id of the row made
/// for that earlier collection.
struct collection_fixture {
    std::string path;
    nlohmann::json body;
};

/// One fixture for every collection whose rows have an id, in an order where references come
/// first. A route test fails when the API has a collection missing here.
[[nodiscard]] const std::vector<collection_fixture>& collection_fixtures();

/// The rows `who` made in their organization: the event ("/events") and one row of every
/// collection, by collection path.
using fixture_rows = std::map<std::string, std::string>;

/// Creates an event and one row of every collection for `who` through the API.
[[nodiscard]] fixture_rows create_fixture_rows(const test_server& server, const member& who);

/// The concrete path of a pattern of the OpenAPI document for `who`'s organization and rows.
/// Returns an empty string when the pattern has an {item_id} of a collection with no fixture.
[[nodiscard]] std::string concrete_path(const std::string& pattern, const std::string& org_id,
                                        const fixture_rows& rows);

/// Every (method, pattern) of the served OpenAPI document under /api/v1/orgs/{org_id}.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> organization_routes(
    const test_server& server);

}  // namespace dott::test
