#include "json/writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace dott::json {

void writer::separate() {
    if (needs_comma_) {
        out_.push_back(',');
    }
}

writer& writer::begin_object() {
    separate();
    out_.push_back('{');
    needs_comma_ = false;
    return *this;
}

writer& writer::end_object() {
    out_.push_back('}');
    needs_comma_ = true;
    return *this;
}

writer& writer::begin_array() {
    separate();
    out_.push_back('[');
    needs_comma_ = false;
    return *this;
}

writer& writer::end_array() {
    out_.push_back(']');
    needs_comma_ = true;
    return *this;
}

writer& writer::key(std::string_view name) {
    separate();
    escaped(name, ':');
    needs_comma_ = false;
    return *this;
}

writer& writer::string(std::string_view text) {
    separate();
    escaped(text);
    needs_comma_ = true;
    return *this;
}

writer& writer::number(std::int64_t value) {
    separate();
    char digits[24];
    auto [end, status] = std::to_chars(digits, digits + sizeof(digits), value);
    out_.append(digits, end);
    needs_comma_ = true;
    return *this;
}

writer& writer::boolean(bool value) {
    separate();
    out_.append(value ? "true" : "false");
    needs_comma_ = true;
    return *this;
}

writer& writer::null() {
    separate();
    out_.append("null");
    needs_comma_ = true;
    return *this;
}

namespace {

/// Whether any of the 8 bytes of `chunk` is a control character, `"` or `\`: the SWAR test
/// for a zero byte, applied to the chunk compared with each, so that plain text is scanned a
/// word at a time rather than a byte at a time.
bool needs_escape(std::uint64_t chunk) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101;
    constexpr std::uint64_t highs = 0x8080808080808080;
    const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const std::uint64_t below_space = (chunk - ones * 0x20) & ~chunk & highs;
    return (below_space | has_zero(chunk ^ (ones * '"')) | has_zero(chunk ^ (ones * '\\'))) != 0;
}

/// Writes `text` escaped at `out`, which has room for 6 bytes per byte of it; returns the end.
char* write_escaped(std::string_view text, char* out) noexcept {
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t i = 0;
    while (i < text.size()) {
        // Plain text is copied a word at a time.
        if (i + 8 <= text.size()) {
            std::uint64_t chunk;
            std::memcpy(&chunk, text.data() + i, sizeof(chunk));
            if (!needs_escape(chunk)) {
                std::memcpy(out, &chunk, sizeof(chunk));
                out += sizeof(chunk);
                i += sizeof(chunk);
                continue;
            }
        }
        const auto byte = static_cast<unsigned char>(text[i++]);
        if (byte >= 0x20 && byte != '"' && byte != '\\') {
            *out++ = static_cast<char>(byte);
            continue;
        }
        *out++ = '\\';
        switch (byte) {
            case '"':
            case '\\':
                *out++ = static_cast<char>(byte);
                break;
            case '\b':
                *out++ = 'b';
                break;
            case '\f':
                *out++ = 'f';
                break;
            case '\n':
                *out++ = 'n';
                break;
            case '\r':
                *out++ = 'r';
                break;
            case '\t':
                *out++ = 't';
                break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = hex[byte >> 4];
                *out++ = hex[byte & 0xf];
        }
    }
    return out;
}

}  // namespace

void writer::escaped(std::string_view text, char after) {
    // The string grows once, by as much as the escaped text could take, and is written in
    // place: a page of events writes thousands of short strings.
    const std::size_t at = out_.size();
    out_.resize_and_overwrite(at + 6 * text.size() + 3, [&](char* data, std::size_t) {
        char* end = data + at;
        *end++ = '"';
        end = write_escaped(text, end);
        *end++ = '"';
        if (after != '\0') {
            *end++ = after;
        }
        return static_cast<std::size_t>(end - data);
    });
}

}  // namespace dott::json
