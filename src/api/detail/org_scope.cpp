#include "api/detail/org_scope.hpp"

#include <algorithm>
#include <charconv>

#include "api/session_cookie.hpp"

namespace dott::api::detail {

result<store::user_record> current_user(const context& ctx, const http::request& req) {
    return session_user(req, *ctx.accounts, ctx.https_public_url);
}

result<db::scope> session_scope(const context& ctx, const http::request& req) {
    return api::session_scope(req, *ctx.accounts, ctx.https_public_url);
}

bool grants(const store::organization_record& member, need needed) {
    switch (needed) {
        case need::read:
            return true;
        case need::edit:
            return domain::can_edit_portfolio(member.role);
        case need::manage:
            return domain::can_manage_org(member.role);
    }
    return false;
}

http::response json_result(const http::request& req, const result<nlohmann::json>& body,
                           int status) {
    if (!body) {
        return problem_response(req, body.error());
    }
    return json_response(status, *body);
}

http::response no_content(const http::request& req, const result<bool>& done) {
    if (!done) {
        return problem_response(req, done.error());
    }
    http::response res;
    res.status = 204;
    return res;
}

result<void> check_query_names(const http::request& req, const std::vector<std::string>& allowed) {
    std::vector<std::string> seen;
    for (const auto& [name, value] : http::parse_form(req.query)) {
        const std::string field = name.substr(0, 100);
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return refuse_query_parameter(name, false);
        }
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            return fail(errc::invalid_argument, field + " is given more than once", field);
        }
        seen.push_back(name);
    }
    return {};
}

result<std::size_t> page_limit(const std::optional<std::string>& text) {
    constexpr std::size_t default_page_size = 50;
    constexpr std::size_t max_page_size = 200;
    if (!text) {
        return default_page_size;
    }
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 1 ||
        value > max_page_size) {
        return fail(errc::invalid_argument, "limit must be a whole number from 1 to 200", "limit");
    }
    return value;
}

result<sort_choice> sort_of(const std::optional<std::string>& text,
                            const std::vector<std::string>& keys, const std::string& fallback) {
    sort_choice choice{fallback, false};
    if (text) {
        choice.descending = text->starts_with('-');
        choice.key = choice.descending ? text->substr(1) : *text;
    }
    if (std::find(keys.begin(), keys.end(), choice.key) == keys.end()) {
        std::string names;
        for (const auto& key : keys) {
            names += (names.empty() ? "" : ", ") + key;
        }
        return fail(errc::invalid_argument, "sort must be one of " + names + ", or - before one",
                    "sort");
    }
    return choice;
}

std::unexpected<error> refuse_query_parameter(const std::string& name, bool known) {
    std::string field = name.substr(0, 100);
    return fail(errc::invalid_argument,
                known ? field + " is not a valid value" : "unknown query parameter " + field,
                field);
}

std::unexpected<error> stale(const std::string& what) {
    return fail(errc::precondition_failed,
                "the " + what + " was changed by someone else; read it again and retry");
}

}  // namespace dott::api::detail
