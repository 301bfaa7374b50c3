#include "http/message.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace dott::http {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<std::string_view> find_header(
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (equals_ignoring_case(key, name)) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view blanks = " \t";
    auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    auto last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// Looks for `name` in one Cookie header value ("a=1; b=2").
std::optional<std::string> find_cookie(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        auto end = header.find(';');
        auto pair = trim(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);

        auto eq = pair.find('=');
        if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) {
            continue;
        }
        auto value = trim(pair.substr(eq + 1));

        // RFC 6265 allows a cookie value wrapped in double quotes; the quotes are not part of it.
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> request::header(std::string_view name) const {
    return find_header(headers, name);
}

std::optional<std::string> request::cookie(std::string_view name) const {
    // A proxy may split cookies over several Cookie headers, so every one is searched.
    for (const auto& [key, value] : headers) {
        if (!equals_ignoring_case(key, "cookie")) {
            continue;
        }
        if (auto found = find_cookie(value, name)) {
            return found;
        }
    }
    return std::nullopt;
}

std::optional<std::string> request::query_param(std::string_view name) const {
    for (auto& [key, value] : parse_form(query)) {
        if (key == name) {
            return std::move(value);
        }
    }
    return std::nullopt;
}

response& response::set(std::string name, std::string value) {
    std::erase_if(headers, [&](const auto& h) { return equals_ignoring_case(h.first, name); });
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

response& response::add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::optional<std::string_view> response::header(std::string_view name) const {
    return find_header(headers, name);
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+' && plus_is_space) {
            out.push_back(' ');
            continue;
        }
        if (c != '%' || i + 2 >= text.size()) {
            out.push_back(c);
            continue;
        }
        int high = hex_value(text[i + 1]);
        int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) {
            out.push_back(c);
            continue;
        }
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> fields;
    while (!body.empty()) {
        auto end = body.find('&');
        auto pair = body.substr(0, end);
        body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
        if (pair.empty()) {
            continue;
        }

        auto eq = pair.find('=');
        auto name = pair.substr(0, eq);
        auto value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        fields.emplace_back(percent_decode(name, true), percent_decode(value, true));
    }
    return fields;
}

media_type parse_media_type(std::string_view value) {
    const auto trimmed = [](std::string_view text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
            text.remove_prefix(1);
        }
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
            text.remove_suffix(1);
        }
        return text;
    };
    const auto lowered = [](std::string_view text) {
        std::string out(text);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        return out;
    };

    media_type parsed;
    auto semicolon = value.find(';');
    parsed.type = lowered(trimmed(value.substr(0, semicolon)));
    while (semicolon != std::string_view::npos) {
        value.remove_prefix(semicolon + 1);
        semicolon = value.find(';');
        auto parameter = value.substr(0, semicolon);
        auto eq = parameter.find('=');
        if (eq == std::string_view::npos ||
            lowered(trimmed(parameter.substr(0, eq))) != "charset") {
            continue;
        }
        auto charset = trimmed(parameter.substr(eq + 1));
        if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
            charset = charset.substr(1, charset.size() - 2);
        }
        parsed.charset = lowered(charset);
    }
    return parsed;
}

response problem_response(int status, std::string_view title) {
    nlohmann::json body = {{"type", "about:blank"}, {"title", title}, {"status", status}};
    response res;
    res.status = status;
    res.set("Content-Type", "application/problem+json");
    res.body = body.dump();
    return res;
}

}  // namespace dott::http
