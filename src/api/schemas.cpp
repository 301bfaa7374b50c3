#include "api/schemas.hpp"

#include <cstdlib>
#include <string>

#include "common/log.hpp"

namespace dott::api {
namespace {

json::schema compile(std::string_view name) {
    for (const auto& [file, text] : schema_files()) {
        if (file != name) {
            continue;
        }
        auto document = json::parse(text);
        if (!document) {
            log::get("api")->critical("schema {} does not parse: {}", name,
                                      document.error().message);
            std::abort();
        }
        auto compiled = json::schema::compile(*document);
        if (!compiled) {
            log::get("api")->critical("schema {} does not compile: {}", name,
                                      compiled.error().message);
            std::abort();
        }
        return std::move(*compiled);
    }
    log::get("api")->critical("schema {} is not embedded", name);
    std::abort();
}

}  // namespace

const request_schemas& schemas() {
    static const request_schemas compiled{
        .signup = compile("signup.json"),
        .signin = compile("signin.json"),
        .organization_create = compile("organization_create.json"),
        .event_create = compile("event_create.json"),
        .event_update = compile("event_update.json"),
        .line_item_create = compile("line_item_create.json"),
        .line_item_update = compile("line_item_update.json"),
        .budget_set = compile("budget_set.json"),
    };
    return compiled;
}

}  // namespace dott::api
