#include "api/detail/org_scope.hpp"

#include "api/session_cookie.hpp"

namespace dott::api::detail {

result<store::user_record> current_user(const context& ctx, const http::request& req) {
    return session_user(req, *ctx.accounts, ctx.https_public_url);
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

std::unexpected<error> stale(const std::string& what) {
    return fail(errc::precondition_failed,
                "the " + what + " was changed by someone else; read it again and retry");
}

}  // namespace dott::api::detail
