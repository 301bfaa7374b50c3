#include "common/log.hpp"

#include <mutex>
#include <string>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace dott::log {
namespace {

/// Writes the message payload as the inside of a JSON string, so that a JSON-lines log stays
/// parseable whatever a message contains.
class json_escaped_payload final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        for (char c : msg.payload) {
            append_escaped(c, dest);
        }
    }

    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<json_escaped_payload>();
    }

  private:
    static void append_escaped(char c, spdlog::memory_buf_t& dest) {
        static constexpr char hex[] = "0123456789abcdef";
        switch (c) {
            case '"':
                dest.append(std::string_view("\\\""));
                return;
            case '\\':
                dest.append(std::string_view("\\\\"));
                return;
            case '\n':
                dest.append(std::string_view("\\n"));
                return;
            case '\r':
                dest.append(std::string_view("\\r"));
                return;
            case '\t':
                dest.append(std::string_view("\\t"));
                return;
            default:
                break;
        }
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20) {
            const char escaped[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]};
            dest.append(escaped, escaped + sizeof(escaped));
            return;
        }
        dest.push_back(c);
    }
};

// Guards the settings below and the creation of named loggers.
std::mutex settings_mutex;
format current_format = format::text;
spdlog::level::level_enum current_level = spdlog::level::info;

std::unique_ptr<spdlog::formatter> make_formatter(const std::string& name) {
    // The access log's messages are JSON objects already: in JSON mode they are embedded as
    // an object, not escaped into a string, so that log tools can read their fields.
    if (current_format == format::json && name == access_logger) {
        auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc,
                                                                     std::string("\n"));
        formatter->set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"%n","access":%v})");
        return formatter;
    }
    if (current_format == format::json) {
        auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc,
                                                                     std::string("\n"));
        formatter->add_flag<json_escaped_payload>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"%n","message":"%*"})");
        return formatter;
    }
    return std::make_unique<spdlog::pattern_formatter>("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
}

}  // namespace

void init(format f, spdlog::level::level_enum level) {
    std::scoped_lock lock(settings_mutex);
    current_format = f;
    current_level = level;
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) {
        logger->set_formatter(make_formatter(logger->name()));
        logger->set_level(current_level);
    });
}

std::shared_ptr<spdlog::logger> get(std::string_view module) {
    std::scoped_lock lock(settings_mutex);
    std::string name(module);
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    auto logger = spdlog::stderr_color_mt(name);
    logger->set_formatter(make_formatter(name));
    logger->set_level(current_level);
    return logger;
}

}  // namespace dott::log
