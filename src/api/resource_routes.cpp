#include "api/schemas.hpp"

namespace dott::api {

std::vector<std::pair<std::string, nlohmann::json>> generated_schema_documents() { return {}; }

}  // namespace dott::api
