#include "json/writer.hpp"

#include <charconv>

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
    escaped(name);
    out_.push_back(':');
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

void writer::escaped(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out_.push_back('"');

    // Runs of bytes that need no escape are copied at once.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\') {
            continue;
        }
        out_.append(text.substr(run, i - run));
        run = i + 1;
        switch (byte) {
            case '"':
                out_.append("\\\"");
                break;
            case '\\':
                out_.append("\\\\");
                break;
            case '\b':
                out_.append("\\b");
                break;
            case '\f':
                out_.append("\\f");
                break;
            case '\n':
                out_.append("\\n");
                break;
            case '\r':
                out_.append("\\r");
                break;
            case '\t':
                out_.append("\\t");
                break;
            default: {
                const char escape[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]};
                out_.append(escape, sizeof(escape));
            }
        }
    }
    out_.append(text.substr(run));
    out_.push_back('"');
}

}  // namespace dott::json
