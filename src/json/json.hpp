#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace dott::json {

/// Bounds on untrusted JSON, checked while parsing so that an oversized or deeply nested body
/// is refused before it is built in memory.
struct parse_limits {
    std::size_t max_depth = 32;       ///< Objects and arrays nested inside each other.
    std::size_t max_bytes = 1 << 20;  ///< Size of the text, in bytes.
};

/// Parses one JSON document. Stricter than the JSON grammar alone: it refuses duplicate keys
/// in any object (a body that means different things to different parsers), nesting deeper
/// than `limits.max_depth`, and invalid UTF-8 (including lone surrogate escapes).
///
/// Fails with errc::too_large when `text` is longer than `limits.max_bytes`, and with
/// errc::malformed otherwise; the message names the problem and where it is (line and column,
/// or the JSON pointer of the offending key or container, which also goes in error.field).
/// Never throws. Any thread may call it.
[[nodiscard]] result<nlohmann::json> parse(std::string_view text, const parse_limits& limits = {});

/// The body of an RFC 9457 `application/problem+json` answer:
/// {"type":"about:blank","title":...,"status":...,"detail":...,"field":...}, with "field"
/// present only when `field` is non-empty. Bytes that are not valid UTF-8 are replaced rather
/// than failing. Never throws except on allocation failure.
[[nodiscard]] std::string problem(int status, std::string_view title, std::string_view detail,
                                  std::string_view field = {});

/// `key` escaped as one JSON pointer reference token (RFC 6901: "~" becomes "~0", "/" "~1").
[[nodiscard]] std::string pointer_token(std::string_view key);

}  // namespace dott::json
