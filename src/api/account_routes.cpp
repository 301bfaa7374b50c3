// Accounts and organizations: sign-up, sign-in, sign-out, the signed-in user and the
// organizations they belong to.

#include "api/detail/org_scope.hpp"
#include "api/detail/representation.hpp"
#include "api/schemas.hpp"
#include "api/session_cookie.hpp"
#include "domain/money.hpp"
#include "store/accounts.hpp"

namespace dott::api::detail {
namespace {

using nlohmann::json;

class account_handlers {
  public:
    explicit account_handlers(std::shared_ptr<const context> ctx) : ctx_(std::move(ctx)) {}

    http::response sign_up(const http::request& req, const http::path_params&) {
        auto body = read_body(req, schemas().at("signup"));
        if (!body) {
            return problem_response(req, body.error());
        }
        auto opened = ctx_->accounts->sign_up(body->at("email").get<std::string>(),
                                              body->at("password").get<std::string>(),
                                              body->value("display_name", std::string()));
        return session_response(req, opened, 201);
    }

    http::response sign_in(const http::request& req, const http::path_params&) {
        auto body = read_body(req, schemas().at("signin"));
        if (!body) {
            return problem_response(req, body.error());
        }
        auto opened = ctx_->accounts->sign_in(body->at("email").get<std::string>(),
                                              body->at("password").get<std::string>());
        return session_response(req, opened, 200);
    }

    http::response sign_out(const http::request& req, const http::path_params&) {
        bool secure = wants_secure_cookie(req, ctx_->https_public_url);
        if (auto token = session_token(req, secure)) {
            if (auto done = ctx_->accounts->sign_out(*token); !done) {
                return problem_response(req, done.error());
            }
        }
        http::response res;
        res.status = 204;
        res.add("Set-Cookie", expired_session_cookie(secure));
        return res;
    }

    http::response me(const http::request& req, const http::path_params&) {
        auto user = current_user(*ctx_, req);
        if (!user) {
            return problem_response(req, user.error());
        }
        auto orgs = organizations_json(user->id);
        if (!orgs) {
            return problem_response(req, orgs.error());
        }
        return json_response(200, {{"id", user->id},
                                   {"email", user->email},
                                   {"display_name", user->display_name},
                                   {"organizations", *orgs}});
    }

    http::response list_organizations(const http::request& req, const http::path_params&) {
        auto user = current_user(*ctx_, req);
        if (!user) {
            return problem_response(req, user.error());
        }
        auto orgs = organizations_json(user->id);
        if (!orgs) {
            return problem_response(req, orgs.error());
        }
        return json_response(200, {{"organizations", *orgs}});
    }

    http::response create_organization(const http::request& req, const http::path_params&) {
        auto user = current_user(*ctx_, req);
        if (!user) {
            return problem_response(req, user.error());
        }
        auto body = read_body(req, schemas().at("organization_create"));
        if (!body) {
            return problem_response(req, body.error());
        }
        auto org = ctx_->accounts->create_organization(
            user->id, body->at("name").get<std::string>(),
            body->value("reporting_currency", std::string("USD")));
        if (!org) {
            return problem_response(req, org.error());
        }
        return json_response(201, to_json(*org));
    }

    http::response get_organization(const http::request& req, const http::path_params& p) {
        return json_result(req, in_org<json>(*ctx_, req, p, need::read,
                                             [](db::transaction&, const auto& org) -> result<json> {
                                                 return to_json(org);
                                             }));
    }

    /// Renaming the organization or changing its reporting currency (which scores every
    /// event again) is for those who manage it.
    http::response update_organization(const http::request& req, const http::path_params& p) {
        return json_result(
            req, in_org<json>(*ctx_, req, p, need::manage,
                              [&](db::transaction& tx, const auto& member) -> result<json> {
                                  auto body = read_body(req, schemas().at("organization_update"));
                                  if (!body) {
                                      return std::unexpected(body.error());
                                  }
                                  std::optional<std::string> name;
                                  std::optional<std::string> currency;
                                  if (body->contains("name")) {
                                      name = body->at("name").get<std::string>();
                                  }
                                  if (body->contains("reporting_currency")) {
                                      currency = body->at("reporting_currency").get<std::string>();
                                      if (!domain::is_currency_code(*currency)) {
                                          return fail(errc::invalid_argument,
                                                      "reporting_currency must be an ISO 4217 "
                                                      "code such as EUR",
                                                      "/reporting_currency");
                                      }
                                  }
                                  auto org = store::update_organization(tx, member, name, currency);
                                  if (!org) {
                                      return std::unexpected(org.error());
                                  }
                                  return to_json(*org);
                              }));
    }

  private:
    /// The organizations a user belongs to, as the API shows them.
    result<json> organizations_json(const std::string& user_id) const {
        auto orgs = ctx_->accounts->organizations_of(user_id);
        if (!orgs) {
            return std::unexpected(orgs.error());
        }
        json items = json::array();
        for (const auto& org : *orgs) {
            items.push_back(to_json(org));
        }
        return items;
    }

    http::response session_response(const http::request& req,
                                    const result<accounts::session>& opened, int status) const {
        if (!opened) {
            return problem_response(req, opened.error());
        }
        bool secure = wants_secure_cookie(req, ctx_->https_public_url);
        auto res = json_response(status, {{"user_id", opened->user_id}});
        res.add("Set-Cookie", session_cookie(*opened, secure));
        return res;
    }

    std::shared_ptr<const context> ctx_;
};

}  // namespace

std::vector<route> account_routes(std::shared_ptr<const context> ctx) {
    auto h = std::make_shared<account_handlers>(std::move(ctx));
    using a = account_handlers;
    return {
        {"POST", "/api/v1/auth/signup", handle(h, &a::sign_up), "Create an account", "signup", 201},
        {"POST", "/api/v1/auth/signin", handle(h, &a::sign_in), "Sign in", "signin", 200},
        {"POST", "/api/v1/auth/signout", handle(h, &a::sign_out), "Sign out", "", 204},
        {"GET", "/api/v1/me", handle(h, &a::me), "The signed-in user", "", 200},
        {"GET", "/api/v1/orgs", handle(h, &a::list_organizations), "Your organizations", "", 200},
        {"POST", "/api/v1/orgs", handle(h, &a::create_organization), "Create an organization",
         "organization_create", 201},
        {"GET", org_path, handle(h, &a::get_organization), "An organization", "", 200},
        {"PATCH", org_path, handle(h, &a::update_organization),
         "Rename an organization or change its reporting currency (owners and admins)",
         "organization_update", 200},
    };
}

}  // namespace dott::api::detail
