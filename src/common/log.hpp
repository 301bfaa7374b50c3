#pragma once

#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

namespace dott::log {

/// How log lines are written: readable text for a terminal, or one JSON object per line.
enum class format { text, json };

/// The logger of the HTTP access log. Its messages must be complete JSON objects: in JSON mode
/// they are written as the line's "access" member rather than as an escaped string.
inline constexpr const char* access_logger = "access";

/// Configures every logger Dott creates from now on. Call once at start-up, before threads.
void init(format f, spdlog::level::level_enum level = spdlog::level::info);

/// The logger named for a module ("http", "db", "app"), created on first use. Thread-safe.
/// Request-scoped lines must carry `request_id={}`; secrets are never passed to a logger.
[[nodiscard]] std::shared_ptr<spdlog::logger> get(std::string_view module);

}  // namespace dott::log
