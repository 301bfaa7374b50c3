#pragma once

#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "api/detail/representation.hpp"
#include "api/detail/respond.hpp"
#include "common/env.hpp"
#include "db/db.hpp"
#include "domain/role.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/accounts.hpp"

namespace dott::api::detail {

/// What a route needs its member to be able to do: read the portfolio, change it, or manage
/// the organization (approvals, unlocking, formulas, members).
enum class need { read, edit, manage };

/// The user of the request's session cookie; unauthenticated otherwise. One transaction of its
/// own: routes that work in an organization use in_org() instead, which checks the session in
/// the transaction of the work.
[[nodiscard]] result<store::user_record> current_user(const context& ctx, const http::request& req);

/// The scope of a transaction acting for the user of the request's session cookie
/// (session_scope() of session_cookie.hpp); unauthenticated without a cookie.
[[nodiscard]] result<db::scope> session_scope(const context& ctx, const http::request& req);

/// Whether a member's role grants what a route needs.
[[nodiscard]] bool grants(const store::organization_record& member, need needed);

/// Runs `work(tx, member)` in one transaction scoped to the organization of the path and to
/// the user of the request's session: the session is checked in the round trip that opens the
/// transaction (unauthenticated when it is not live), then, inside the same transaction, that
/// the user is a member whose role grants `needed`. Every id of the path is checked once,
/// before the work: a malformed one answers like an unknown one, so that the work can trust the
/// ids it reads. A failure before the membership check answers like a missing organization.
/// Blocks: worker threads only.
template <typename T, typename Work>
[[nodiscard]] result<T> in_org(const context& ctx, const http::request& req,
                               const http::path_params& p, need needed, Work&& work) {
    auto scope = session_scope(ctx, req);
    if (!scope) {
        return std::unexpected(scope.error());
    }

    // A malformed organization id still authenticates first, so that it answers 401 or 404
    // exactly as a well-formed unknown id does.
    const std::string& org_id = p.at("org_id");
    const bool is_id = is_uuid(org_id);
    scope->org_id = is_id ? org_id : "";
    scope->read_only = needed == need::read;
    scope->clock = ctx.clock;
    return db::run<T>(*ctx.pool, *scope, [&](db::transaction& tx) -> result<T> {
        if (!is_id) {
            return fail(errc::not_found, "not found");
        }
        auto membership = store::find_membership(tx);
        if (!membership) {
            return std::unexpected(membership.error());
        }
        if (!grants(*membership, needed)) {
            return fail(errc::forbidden, needed == need::manage
                                             ? "only owners and admins can do this"
                                             : "your role in this organization cannot change it");
        }
        for (const auto& [name, value] : p) {
            if (!is_uuid(value)) {
                return fail(errc::not_found, "not found");
            }
        }
        return work(tx, *membership);
    });
}

/// A 200 JSON response of a result, or its problem document.
[[nodiscard]] http::response json_result(const http::request& req,
                                         const result<nlohmann::json>& body, int status = 200);

/// A JSON response of a versioned row (anything with a `version` and a `to_json` overload)
/// with its ETag, or the problem document of the error.
template <typename Row>
[[nodiscard]] http::response versioned(const http::request& req, int status,
                                       const result<Row>& row) {
    if (!row) {
        return problem_response(req, row.error());
    }
    auto res = json_response(status, to_json(*row));
    res.set("ETag", etag(row->version));
    return res;
}

/// 204 when the work succeeded, or its problem document.
[[nodiscard]] http::response no_content(const http::request& req, const result<bool>& done);

/// Refuses a query parameter named twice (which of the two would count is nobody's guess) and,
/// when `allowed` is not empty, one it does not list; invalid_argument naming the parameter.
[[nodiscard]] result<void> check_query_names(const http::request& req,
                                             const std::vector<std::string>& allowed);

/// The page size a list asks for with `limit`: 50 when absent, else a whole number from 1 to
/// 200; invalid_argument naming `limit` otherwise.
[[nodiscard]] result<std::size_t> page_limit(const std::optional<std::string>& text);

/// A list's `sort` parameter: a key, descending when written with a leading '-'.
struct sort_choice {
    std::string key;
    bool descending = false;
};

/// Reads `sort` ("-name" for descending); `fallback` when absent. invalid_argument naming
/// `sort` when the key is not one of `keys`.
[[nodiscard]] result<sort_choice> sort_of(const std::optional<std::string>& text,
                                          const std::vector<std::string>& keys,
                                          const std::string& fallback);

/// The answer to a query parameter a list does not take (`known` false), or a value it does not
/// accept for a filter it has, naming the parameter.
[[nodiscard]] std::unexpected<error> refuse_query_parameter(const std::string& name, bool known);

/// The answer when If-Match names no current version of a row.
[[nodiscard]] std::unexpected<error> stale(const std::string& what);

/// One route of the API: how it is served and how the OpenAPI document describes it.
struct route {
    const char* method;
    std::string pattern;
    http::route_handler handler;
    std::string summary;
    std::string body_schema;  ///< The request schema's name, empty without a body.
    int status;               ///< The status of success.

    /// Media types of a body that is a file rather than JSON (a spreadsheet upload).
    std::vector<std::string> body_media_types = {};

    /// Media types the success answers with, when it is a file rather than JSON.
    std::vector<std::string> response_media_types = {};
};

/// The route groups, each in its own file; routes.cpp assembles them.
[[nodiscard]] std::vector<route> account_routes(std::shared_ptr<const context> ctx);
[[nodiscard]] std::vector<route> event_routes(std::shared_ptr<const context> ctx);
[[nodiscard]] std::vector<route> resource_routes(std::shared_ptr<const context> ctx);
[[nodiscard]] std::vector<route> scoring_routes(std::shared_ptr<const context> ctx);
[[nodiscard]] std::vector<route> summary_routes(std::shared_ptr<const context> ctx);
[[nodiscard]] std::vector<route> spreadsheet_routes(std::shared_ptr<const context> ctx);

/// The path of an organization, an event and a budget line, for route patterns.
inline const std::string org_path = "/api/v1/orgs/{org_id}";
inline const std::string event_path = org_path + "/events/{event_id}";

/// Binds a member function of a handler object shared by a group's routes.
template <typename Handlers>
[[nodiscard]] http::route_handler handle(const std::shared_ptr<Handlers>& h,
                                         http::response (Handlers::*fn)(const http::request&,
                                                                        const http::path_params&)) {
    return [h, fn](const http::request& req, const http::path_params& p) {
        return ((*h).*fn)(req, p);
    };
}

}  // namespace dott::api::detail
