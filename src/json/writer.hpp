#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dott::json {

/// Appends compact JSON text to a string without building a document in memory: the fast path
/// for large answers such as a page of events, which as an nlohmann document cost several
/// allocations per field to build, serialise and free. What it writes for a value is byte for
/// byte what nlohmann::json::dump() writes for the same value: no spaces, `"`, `\` and control
/// characters escaped (short forms where JSON has them, `\u00xx` otherwise), every other byte
/// as it is. Keys come out in the order they are given, so a caller that must match a dump()
/// of an nlohmann object (whose keys are sorted) gives them sorted.
///
/// The caller gives a well-formed sequence (a key before each value inside an object, balanced
/// begin and end) and text that is valid UTF-8, as all PostgreSQL text is; neither is checked.
/// Not thread-safe; the string must outlive the writer.
class writer {
  public:
    explicit writer(std::string& out) noexcept : out_(out) {}

    writer& begin_object();
    writer& end_object();
    writer& begin_array();
    writer& end_array();

    /// The name of the next member of the current object.
    writer& key(std::string_view name);

    writer& string(std::string_view text);
    writer& number(std::int64_t value);
    writer& boolean(bool value);
    writer& null();

    /// The value, or null when there is none.
    writer& optional_string(const std::optional<std::string>& text) {
        return text ? string(*text) : null();
    }
    writer& optional_number(const std::optional<std::int64_t>& value) {
        return value ? number(*value) : null();
    }

  private:
    /// Writes the comma that separates this element from the previous one, if there is one.
    void separate();
    /// Appends `text` quoted and escaped, then `after` unless it is '\0'.
    void escaped(std::string_view text, char after = '\0');

    std::string& out_;
    bool needs_comma_ = false;  ///< An element was written since the last begin or key.
};

}  // namespace dott::json
