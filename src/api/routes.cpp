#include <algorithm>
#include <cctype>

#include "api/api.hpp"
#include "api/detail/org_scope.hpp"
#include "api/schemas.hpp"

namespace dott::api {
namespace {

using detail::json_response;
using nlohmann::json;

/// Liveness and readiness, outside the versioned API.
std::vector<detail::route> probe_routes(std::shared_ptr<const context> ctx) {
    return {
        {"GET", "/healthz",
         [](const http::request&, const http::path_params&) {
             return json_response(200, {{"status", "ok"}});
         },
         "Liveness", "", 200},
        {"GET", "/readyz",
         [ctx](const http::request&, const http::path_params&) {
             if (!ctx->pool->is_reachable()) {
                 return json_response(503,
                                      {{"status", "unavailable"}, {"database", "unreachable"}});
             }
             return json_response(200, {{"status", "ok"}, {"database", "reachable"}});
         },
         "Readiness (database reachable)", "", 200},
    };
}

/// Every route of every group, once: the router and the OpenAPI document are both built from
/// this table.
std::vector<detail::route> all_routes(const std::shared_ptr<const context>& ctx) {
    std::vector<detail::route> table;
    for (auto group :
         {probe_routes, detail::account_routes, detail::event_routes, detail::resource_routes,
          detail::scoring_routes, detail::summary_routes, detail::spreadsheet_routes}) {
        auto routes = group(ctx);
        table.insert(table.end(), std::make_move_iterator(routes.begin()),
                     std::make_move_iterator(routes.end()));
    }
    return table;
}

/// The OpenAPI 3.1 document of the routes above, with the request schemas the server
/// validates against as its components.
json openapi_document(const std::vector<detail::route>& table) {
    json paths = json::object();
    for (const auto& r : table) {
        json operation = {{"summary", r.summary},
                          {"responses",
                           {{std::to_string(r.status), {{"description", "Success"}}},
                            {"default",
                             {{"description", "A problem document"},
                              {"content",
                               {{"application/problem+json",
                                 {{"schema", {{"$ref", "#/components/schemas/problem"}}}}}}}}}}}};
        json parameters = json::array();
        for (std::size_t open = r.pattern.find('{'); open != std::string::npos;
             open = r.pattern.find('{', open + 1)) {
            std::string name = r.pattern.substr(open + 1, r.pattern.find('}', open) - open - 1);
            parameters.push_back({{"name", name},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", {{"type", "string"}, {"format", "uuid"}}}});
        }
        if (!parameters.empty()) {
            operation["parameters"] = parameters;
        }
        if (!r.body_media_types.empty()) {
            json content = json::object();
            for (const auto& type : r.body_media_types) {
                content[type] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
            }
            operation["requestBody"] = {{"required", true}, {"content", content}};
        }
        if (!r.response_media_types.empty()) {
            json content = json::object();
            for (const auto& type : r.response_media_types) {
                content[type] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
            }
            operation["responses"][std::to_string(r.status)]["content"] = content;
        }
        if (!r.body_schema.empty()) {
            operation["requestBody"] = {
                {"required", true},
                {"content",
                 {{"application/json",
                   {{"schema", {{"$ref", "#/components/schemas/" + r.body_schema}}}}}}}};
        }
        std::string method = r.method;
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        paths[r.pattern][method] = operation;
    }

    json components = json::object();
    for (const auto& [name, document] : schemas().documents()) {
        components[name] = document;
    }
    components["problem"] = {{"type", "object"},
                             {"properties",
                              {{"type", {{"type", "string"}}},
                               {"title", {{"type", "string"}}},
                               {"status", {{"type", "integer"}}},
                               {"detail", {{"type", "string"}}},
                               {"field", {{"type", "string"}}}}}};
    return {{"openapi", "3.1.0"},
            {"info", {{"title", "Dott API"}, {"version", DOTT_VERSION}}},
            {"paths", paths},
            {"components", {{"schemas", components}}}};
}

}  // namespace

void add_routes(http::router& router, std::shared_ptr<const context> ctx) {
    auto table = all_routes(ctx);
    for (auto& r : table) {
        router.add(r.method, r.pattern, r.handler);
    }

    // Built once: the document depends only on the binary.
    auto document = std::make_shared<const std::string>(openapi_document(table).dump());
    router.add("GET", "/api/v1/openapi.json",
               [document](const http::request&, const http::path_params&) {
                   http::response res;
                   res.set("Content-Type", "application/json");
                   res.body = *document;
                   return res;
               });
}

}  // namespace dott::api
