#include "store/detail/cursor.hpp"

#include <nlohmann/json.hpp>

#include "common/env.hpp"
#include "crypto/crypto.hpp"

namespace dott::store::detail {

std::string encode_cursor(std::string_view sort, bool descending, const std::string& value,
                          const std::string& id) {
    nlohmann::json position = {{"s", sort}, {"d", descending}, {"v", value}, {"i", id}};
    return crypto::base64url_encode(position.dump());
}

result<cursor_position> decode_cursor(const std::string& cursor, std::string_view sort,
                                      bool descending) {
    auto refused = [] {
        return fail(errc::invalid_argument, "cursor is not one this server issued for this sort",
                    "cursor");
    };
    auto decoded = crypto::base64url_decode(cursor);
    if (!decoded) {
        return refused();
    }
    auto position = nlohmann::json::parse(*decoded, nullptr, false);
    if (!position.is_object()) {
        return refused();
    }
    auto text = [&](const char* key) {
        auto found = position.find(key);
        return found != position.end() && found->is_string();
    };
    if (!text("s") || !text("v") || !text("i") || !position.contains("d") ||
        !position["d"].is_boolean() || position["s"].get<std::string>() != sort ||
        position["d"].get<bool>() != descending || !is_uuid(position["i"].get<std::string>()) ||
        position["v"].get<std::string>().size() > 600) {
        return refused();
    }
    return cursor_position{position["v"].get<std::string>(), position["i"].get<std::string>()};
}

}  // namespace dott::store::detail
