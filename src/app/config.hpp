#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace dott::app {

/// Everything the process is told by its environment. Read once at start-up; a bad value
/// stops start-up with a message naming the variable.
struct config {
    /// DATABASE_URL: the server's connection (role dott_app). Unset: the embedded cluster.
    std::optional<std::string> database_url;
    /// DATABASE_OWNER_URL: the migrations' connection (role dott_owner); `dott migrate` needs
    /// it with an external database, `serve` does not migrate one.
    std::optional<std::string> database_owner_url;
    /// DOTT_VAR_DIR: where the embedded cluster and other local state live (default "var").
    std::filesystem::path var_dir = "var";
    /// DOTT_ADDRESS and DOTT_PORT: where to listen (default 127.0.0.1:8080).
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    /// DOTT_PUBLIC_URL: the URL people use; https makes cookies Secure and __Host- prefixed.
    std::optional<std::string> public_url;
    /// DOTT_DATA_DIR: the conference listings for the demo organization (default "data").
    std::filesystem::path data_dir = "data";
    /// DOTT_LOG_FORMAT: "text" (default on a terminal) or "json".
    bool json_logs = false;
    /// DOTT_DB_POOL_SIZE: connections of the server's pool (default 8).
    std::size_t pool_size = 8;
    /// DOTT_DRAIN_SECONDS: how long `serve` lets requests in flight finish after SIGTERM or
    /// Ctrl-C before it closes their connections and rolls their work back (default 10).
    std::chrono::seconds drain_timeout{10};

    [[nodiscard]] bool embedded_database() const { return !database_url.has_value(); }
    [[nodiscard]] bool https_public_url() const {
        return public_url && public_url->starts_with("https://");
    }
};

/// Reads the configuration from the environment.
[[nodiscard]] result<config> load_config();

}  // namespace dott::app
