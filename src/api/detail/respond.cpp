#include "api/detail/respond.hpp"

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
    http::response res;
    res.status = status;
    res.set("Content-Type", "application/json");
    res.body = body.dump();
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
    auto type = req.header("content-type");
    if (!type || !type->starts_with("application/json")) {
        return fail(errc::unsupported_media, "the body must be application/json");
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

result<std::optional<int>> if_match_version(const http::request& req) {
    auto header = req.header("if-match");
    if (!header) {
        return std::optional<int>();
    }
    std::string_view value = *header;
    if (value.starts_with("W/")) {
        value.remove_prefix(2);
    }
    if (value.size() < 3 || value.front() != '"' || value.back() != '"') {
        return fail(errc::precondition_failed, "If-Match does not name a version of this resource");
    }
    value = value.substr(1, value.size() - 2);
    int version = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
    if (ec != std::errc() || end != value.data() + value.size() || version < 1) {
        return fail(errc::precondition_failed, "If-Match does not name a version of this resource");
    }
    return std::optional<int>(version);
}

std::string etag(int version) { return "\"" + std::to_string(version) + "\""; }

}  // namespace dott::api::detail
