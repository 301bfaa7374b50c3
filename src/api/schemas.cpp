#include "api/schemas.hpp"

#include <cstdlib>
#include <string>

#include "common/log.hpp"

namespace dott::api {
namespace {

[[noreturn]] void abort_with(std::string_view name, std::string_view problem,
                             std::string_view detail) {
    log::get("api")->critical("schema {} {}: {}", name, problem, detail);
    std::abort();
}

}  // namespace

const json::schema& schema_set::at(std::string_view name) const {
    auto found = compiled_.find(name);
    if (found == compiled_.end()) {
        abort_with(name, "is not known", "neither embedded nor generated");
    }
    return found->second;
}

const schema_set& schemas() {
    static const schema_set set = [] {
        schema_set built;
        for (const auto& [file, text] : schema_files()) {
            auto document = json::parse(text);
            if (!document) {
                abort_with(file, "does not parse", document.error().message);
            }
            built.documents_.emplace(std::string(file.substr(0, file.rfind('.'))),
                                     std::move(*document));
        }
        for (auto& [name, document] : generated_schema_documents()) {
            if (!built.documents_.emplace(name, std::move(document)).second) {
                abort_with(name, "is defined twice", "a file and a generated schema");
            }
        }
        for (const auto& [name, document] : built.documents_) {
            auto compiled = json::schema::compile(document);
            if (!compiled) {
                abort_with(name, "does not compile", compiled.error().message);
            }
            built.compiled_.emplace(name, std::move(*compiled));
        }
        return built;
    }();
    return set;
}

}  // namespace dott::api
