#include "api/time_zones.hpp"

#include <filesystem>
#include <string>

#include "domain/calendar.hpp"

namespace dott::api {

bool is_known_time_zone(std::string_view name) {
    // The shape check comes first: it keeps "..", absolute paths and odd characters away from
    // the file system.
    if (!domain::is_time_zone_name(name)) {
        return false;
    }
    std::error_code ec;
    std::filesystem::path zone = std::filesystem::path("/usr/share/zoneinfo") / std::string(name);
    return std::filesystem::is_regular_file(zone, ec);
}

}  // namespace dott::api
