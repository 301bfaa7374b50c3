#include "app/config.hpp"

#include <unistd.h>
#include <charconv>

#include "common/env.hpp"

namespace dott::app {
namespace {

template <typename T>
result<T> parse_number(const std::string& text, const char* name, T low, T high) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        return fail(errc::invalid_argument,
                    std::string(name) + " must be a whole number from " + std::to_string(low) +
                        " to " + std::to_string(high),
                    name);
    }
    return value;
}

}  // namespace

result<config> load_config() {
    config c;
    c.database_url = env("DATABASE_URL");
    c.database_owner_url = env("DATABASE_OWNER_URL");
    c.public_url = env("DOTT_PUBLIC_URL");
    if (auto var = env("DOTT_VAR_DIR")) {
        c.var_dir = *var;
    }
    if (auto data = env("DOTT_DATA_DIR")) {
        c.data_dir = *data;
    }
    if (auto address = env("DOTT_ADDRESS")) {
        c.address = *address;
    }
    if (auto port = env("DOTT_PORT")) {
        auto parsed = parse_number<std::uint16_t>(*port, "DOTT_PORT", 0, 65535);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        c.port = *parsed;
    }
    if (auto size = env("DOTT_DB_POOL_SIZE")) {
        auto parsed = parse_number<std::size_t>(*size, "DOTT_DB_POOL_SIZE", 1, 200);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        c.pool_size = *parsed;
    }
    if (auto drain = env("DOTT_DRAIN_SECONDS")) {
        auto parsed = parse_number<long>(*drain, "DOTT_DRAIN_SECONDS", 0, 3600);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        c.drain_timeout = std::chrono::seconds(*parsed);
    }
    auto format = env("DOTT_LOG_FORMAT");
    if (format && *format != "json" && *format != "text") {
        return fail(errc::invalid_argument, "DOTT_LOG_FORMAT must be text or json",
                    "DOTT_LOG_FORMAT");
    }
    c.json_logs = format ? *format == "json" : isatty(STDERR_FILENO) == 0;
    if (c.public_url && !c.public_url->starts_with("http://") &&
        !c.public_url->starts_with("https://")) {
        return fail(errc::invalid_argument, "DOTT_PUBLIC_URL must start with http:// or https://",
                    "DOTT_PUBLIC_URL");
    }
    if (c.database_owner_url && !c.database_url) {
        return fail(errc::invalid_argument,
                    "DATABASE_OWNER_URL is set without DATABASE_URL; set both for an external "
                    "database, or neither for the embedded one",
                    "DATABASE_URL");
    }
    return c;
}

}  // namespace dott::app
