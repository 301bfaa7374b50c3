#include "api/detail/respond.hpp"

#include <algorithm>
#include <charconv>

#include "common/log.hpp"

namespace dott::api::detail {
namespace {

const char* title_of(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 409:
            return "Conflict";
        case 412:
            return "Precondition Failed";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 422:
            return "Unprocessable Content";
        case 503:
            return "Service Unavailable";
        default:
            return "Internal Server Error";
    }
}

}  // namespace

http::response json_response(int status, const nlohmann::json& body) {
    return json_text_response(status, body.dump());
}

http::response json_text_response(int status, std::string body) {
    http::response res;
    res.status = status;
    res.set("Content-Type", "application/json");
    res.body = std::move(body);
    return res;
}

http::response problem_response(const http::request& req, const error& e) {
    int status = http_status(e.code);
    std::string detail = e.message;
    std::string field = e.field;
    if (e.code == errc::not_found) {
        detail = "not found";
        field.clear();
    }
    if (e.code == errc::internal || e.code == errc::unavailable) {
        log::get("api")->error("request_id={} {}: {}", req.request_id, to_string(e.code),
                               e.message);
        detail = e.code == errc::internal ? "an unexpected error occurred"
                                          : "a service Dott depends on is unavailable";
        field.clear();
    }

    http::response res;
    res.status = status;
    res.set("Content-Type", "application/problem+json");
    res.body = json::problem(status, title_of(status), detail, field);
    return res;
}

result<nlohmann::json> read_body(const http::request& req, const json::schema& schema) {
    const auto type = http::parse_media_type(req.header("content-type").value_or(""));
    if (type.type != "application/json") {
        return fail(errc::unsupported_media, "the body must be application/json");
    }
    if (!type.is_utf8()) {
        return fail(errc::unsupported_media,
                    "the body must be JSON in UTF-8: send charset=utf-8 or no charset");
    }
    auto body = json::parse(req.body);
    if (!body) {
        return body;
    }
    if (auto valid = schema.validate(*body); !valid) {
        return std::unexpected(valid.error());
    }
    return body;
}

bool precondition::matches(int version) const {
    if (!present || any) {
        return true;
    }
    return std::find(versions.begin(), versions.end(), version) != versions.end();
}

precondition if_match(const http::request& req) {
    precondition wanted;
    for (const auto& [name, value] : req.headers) {
        if (name != "if-match") {
            continue;
        }
        wanted.present = true;

        // A comma-separated list of entity tags, or "*".
        std::string_view rest = value;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            std::string_view tag = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) {
                tag.remove_prefix(1);
            }
            while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) {
                tag.remove_suffix(1);
            }
            if (tag == "*") {
                wanted.any = true;
                continue;
            }
            if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') {
                continue;
            }
            tag = tag.substr(1, tag.size() - 2);
            int version = 0;
            auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), version);
            if (ec == std::errc() && end == tag.data() + tag.size() && version >= 1) {
                wanted.versions.push_back(version);
            }
        }
    }
    return wanted;
}

std::string etag(int version) { return "\"" + std::to_string(version) + "\""; }

}  // namespace dott::api::detail
