#include <algorithm>
#include <cctype>
#include <charconv>

#include "api/api.hpp"
#include "api/detail/representation.hpp"
#include "api/detail/respond.hpp"
#include "api/schemas.hpp"
#include "api/session_cookie.hpp"
#include "api/time_zones.hpp"
#include "common/env.hpp"
#include "domain/calendar.hpp"
#include "domain/money.hpp"
#include "domain/role.hpp"
#include "store/events.hpp"
#include "store/line_items.hpp"

namespace dott::api {
namespace {

using detail::json_response;
using detail::problem_response;
using nlohmann::json;

/// What a route needs its member to be able to do.
enum class need { read, edit };

constexpr std::size_t default_page_size = 50;
constexpr std::size_t max_page_size = 200;

/// The handlers of the JSON API. Stateless apart from the shared context, so one instance
/// serves every worker thread.
class handlers {
  public:
    explicit handlers(std::shared_ptr<const context> ctx) : ctx_(std::move(ctx)) {}

    http::response sign_up(const http::request& req, const http::path_params&) {
        auto body = detail::read_body(req, schemas().signup);
        if (!body) {
            return problem_response(req, body.error());
        }
        auto opened = ctx_->accounts->sign_up(body->at("email").get<std::string>(),
                                              body->at("password").get<std::string>(),
                                              body->value("display_name", std::string()));
        return session_response(req, opened, 201);
    }

    http::response sign_in(const http::request& req, const http::path_params&) {
        auto body = detail::read_body(req, schemas().signin);
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
        auto user = current_user(req);
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
        auto user = current_user(req);
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
        auto user = current_user(req);
        if (!user) {
            return problem_response(req, user.error());
        }
        auto body = detail::read_body(req, schemas().organization_create);
        if (!body) {
            return problem_response(req, body.error());
        }
        auto org = ctx_->accounts->create_organization(
            user->id, body->at("name").get<std::string>(),
            body->value("reporting_currency", std::string("USD")));
        if (!org) {
            return problem_response(req, org.error());
        }
        return json_response(201, detail::to_json(*org));
    }

    http::response get_organization(const http::request& req, const http::path_params& p) {
        return in_org<json>(
            req, p, need::read,
            [](db::transaction&, const store::organization_record& org) -> result<json> {
                return detail::to_json(org);
            });
    }

    http::response list_events(const http::request& req, const http::path_params& p) {
        auto filter = event_filter_of(req);
        if (!filter) {
            return problem_response(req, filter.error());
        }
        return in_org<json>(
            req, p, need::read, [&](db::transaction& tx, const auto&) -> result<json> {
                auto page = store::list_events(tx, *filter);
                if (!page) {
                    return std::unexpected(page.error());
                }
                json events = json::array();
                for (const auto& e : page->events) {
                    events.push_back(detail::to_json(e));
                }
                return json{{"events", events},
                            {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json()}};
            });
    }

    // Bodies are read inside the work, after authentication and the membership check, so that
    // nothing about a request is judged before it is known to come from a member.
    http::response create_event(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 201,
            in_org_result<domain::event>(
                req, p, need::edit, [&](db::transaction& tx, const auto&) -> result<domain::event> {
                    auto body = detail::read_body(req, schemas().event_create);
                    if (!body) {
                        return std::unexpected(body.error());
                    }
                    domain::event e;
                    detail::apply(*body, e);
                    if (auto checked = check_event(e); !checked) {
                        return std::unexpected(checked.error());
                    }
                    if (auto owner = check_owner(tx, e); !owner) {
                        return std::unexpected(owner.error());
                    }
                    return store::insert_event(tx, e);
                }));
    }

    http::response get_event(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 200,
            in_org_result<domain::event>(
                req, p, need::read, [&](db::transaction& tx, const auto&) -> result<domain::event> {
                    return store::get_event(tx, p.at("event_id"));
                }));
    }

    http::response update_event(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return versioned(
            req, 200,
            in_org_result<domain::event>(
                req, p, need::edit, [&](db::transaction& tx, const auto&) -> result<domain::event> {
                    auto body = detail::read_body(req, schemas().event_update);
                    if (!body) {
                        return std::unexpected(body.error());
                    }
                    auto before = locked_event(tx, p, wanted);
                    if (!before) {
                        return before;
                    }
                    domain::event changed = *before;
                    detail::apply(*body, changed);
                    if (auto checked = check_event(changed); !checked) {
                        return std::unexpected(checked.error());
                    }
                    if (auto owner = check_owner(tx, changed); !owner) {
                        return std::unexpected(owner.error());
                    }
                    return store::update_event(tx, *before, changed);
                }));
    }

    http::response delete_event(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return no_content(
            req, in_org_result<bool>(req, p, need::edit,
                                     [&](db::transaction& tx, const auto&) -> result<bool> {
                                         auto before = locked_event(tx, p, wanted);
                                         if (!before) {
                                             return std::unexpected(before.error());
                                         }
                                         auto deleted = store::delete_event(tx, *before);
                                         if (!deleted) {
                                             return std::unexpected(deleted.error());
                                         }
                                         return true;
                                     }));
    }

    http::response list_line_items(const http::request& req, const http::path_params& p) {
        return in_org<json>(req, p, need::read,
                            [&](db::transaction& tx, const auto&) -> result<json> {
                                auto items = store::list_line_items(tx, p.at("event_id"));
                                if (!items) {
                                    return std::unexpected(items.error());
                                }
                                json list = json::array();
                                for (const auto& item : *items) {
                                    list.push_back(detail::to_json(item));
                                }
                                return json{{"line_items", list}};
                            });
    }

    http::response create_line_item(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 201,
            in_org_result<domain::line_item>(
                req, p, need::edit,
                [&](db::transaction& tx, const auto& member) -> result<domain::line_item> {
                    domain::line_item item;
                    item.event_id = p.at("event_id");
                    auto read = read_line_item(req, schemas().line_item_create, member, item);
                    if (!read) {
                        return std::unexpected(read.error());
                    }
                    return store::insert_line_item(tx, item);
                }));
    }

    http::response get_line_item(const http::request& req, const http::path_params& p) {
        return versioned(req, 200,
                         in_org_result<domain::line_item>(
                             req, p, need::read,
                             [&](db::transaction& tx, const auto&) -> result<domain::line_item> {
                                 return store::get_line_item(tx, p.at("event_id"), p.at("item_id"));
                             }));
    }

    http::response update_line_item(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return versioned(
            req, 200,
            in_org_result<domain::line_item>(
                req, p, need::edit,
                [&](db::transaction& tx, const auto& member) -> result<domain::line_item> {
                    auto before = locked_line_item(tx, p, wanted);
                    if (!before) {
                        return before;
                    }
                    domain::line_item changed = *before;
                    auto read = read_line_item(req, schemas().line_item_update, member, changed);
                    if (!read) {
                        return std::unexpected(read.error());
                    }
                    return store::update_line_item(tx, *before, changed);
                }));
    }

    http::response delete_line_item(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return no_content(
            req, in_org_result<bool>(req, p, need::edit,
                                     [&](db::transaction& tx, const auto&) -> result<bool> {
                                         auto before = locked_line_item(tx, p, wanted);
                                         if (!before) {
                                             return std::unexpected(before.error());
                                         }
                                         auto deleted = store::delete_line_item(tx, *before);
                                         if (!deleted) {
                                             return std::unexpected(deleted.error());
                                         }
                                         return true;
                                     }));
    }

    http::response set_budget(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return versioned(
            req, 200,
            in_org_result<domain::event>(
                req, p, need::edit, [&](db::transaction& tx, const auto&) -> result<domain::event> {
                    auto body = detail::read_body(req, schemas().budget_set);
                    if (!body) {
                        return std::unexpected(body.error());
                    }
                    std::string currency = body->at("currency");
                    if (!domain::is_currency_code(currency)) {
                        return fail(errc::invalid_argument,
                                    "currency must be an ISO 4217 code such as EUR", "/currency");
                    }
                    auto before = locked_event(tx, p, wanted);
                    if (!before) {
                        return before;
                    }
                    return store::set_event_budget(
                        tx, *before, body->at("planned_minor").get<std::int64_t>(), currency);
                }));
    }

    http::response lock_budget(const http::request& req, const http::path_params& p) {
        return budget_lock(req, p, true);
    }

    /// Unlocking lets the plan move again: a decision for those who manage the organization.
    http::response unlock_budget(const http::request& req, const http::path_params& p) {
        return budget_lock(req, p, false);
    }

    http::response health(const http::request&, const http::path_params&) {
        return json_response(200, {{"status", "ok"}});
    }

    http::response ready(const http::request&, const http::path_params&) {
        if (!ctx_->pool->is_reachable()) {
            return json_response(503, {{"status", "unavailable"}, {"database", "unreachable"}});
        }
        return json_response(200, {{"status", "ok"}, {"database", "reachable"}});
    }

  private:
    result<store::user_record> current_user(const http::request& req) const {
        return session_user(req, *ctx_->accounts, ctx_->https_public_url);
    }

    /// The organizations a user belongs to, as the API shows them.
    result<json> organizations_json(const std::string& user_id) const {
        auto orgs = ctx_->accounts->organizations_of(user_id);
        if (!orgs) {
            return std::unexpected(orgs.error());
        }
        json items = json::array();
        for (const auto& org : *orgs) {
            items.push_back(detail::to_json(org));
        }
        return items;
    }

    /// Authenticates, then runs `work` in one transaction scoped to the organization of the
    /// path after checking, inside that transaction, that the user is a member with the
    /// needed capability. Any failure before the check answers like a missing organization.
    template <typename T, typename Work>
    result<T> in_org_result(const http::request& req, const http::path_params& p, need needed,
                            Work&& work) const {
        auto user = current_user(req);
        if (!user) {
            return std::unexpected(user.error());
        }
        const std::string& org_id = p.at("org_id");
        if (!is_uuid(org_id)) {
            return fail(errc::not_found, "not found");
        }
        db::scope scope{.org_id = org_id, .user_id = user->id};
        return db::run<T>(*ctx_->pool, scope, [&](db::transaction& tx) -> result<T> {
            auto membership = store::find_membership(tx);
            if (!membership) {
                return std::unexpected(membership.error());
            }
            if (needed == need::edit && !domain::can_edit_portfolio(membership->role)) {
                return fail(errc::forbidden, "your role in this organization cannot change it");
            }

            // Every id of the path is checked here, once: a malformed one answers like an
            // unknown one, and the work can trust the ids it reads.
            for (const auto& [name, value] : p) {
                if (!is_uuid(value)) {
                    return fail(errc::not_found, "not found");
                }
            }
            return work(tx, *membership);
        });
    }

    template <typename T, typename Work>
    http::response in_org(const http::request& req, const http::path_params& p, need needed,
                          Work&& work) const {
        auto body = in_org_result<T>(req, p, needed, std::forward<Work>(work));
        if (!body) {
            return problem_response(req, body.error());
        }
        return json_response(200, *body);
    }

    template <typename T>
    http::response versioned(const http::request& req, int status, const result<T>& row) const {
        if (!row) {
            return problem_response(req, row.error());
        }
        auto res = json_response(status, detail::to_json(*row));
        res.set("ETag", detail::etag(row->version));
        return res;
    }

    http::response no_content(const http::request& req, const result<bool>& done) const {
        if (!done) {
            return problem_response(req, done.error());
        }
        http::response res;
        res.status = 204;
        return res;
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

    /// The domain's rules, plus a time zone that exists in the time zone database.
    static result<void> check_event(const domain::event& e) {
        if (auto checked = domain::check_event(e); !checked) {
            return checked;
        }
        if (!is_known_time_zone(e.time_zone)) {
            return fail(errc::invalid_argument,
                        "time_zone \"" + e.time_zone + "\" is not in the time zone database",
                        "time_zone");
        }
        return {};
    }

    http::response budget_lock(const http::request& req, const http::path_params& p, bool locked) {
        auto wanted = detail::if_match(req);
        return versioned(req, 200,
                         in_org_result<domain::event>(
                             req, p, need::edit,
                             [&](db::transaction& tx, const auto& member) -> result<domain::event> {
                                 if (!locked && !domain::can_manage_org(member.role)) {
                                     return fail(errc::forbidden,
                                                 "only owners and admins can unlock a budget");
                                 }
                                 auto before = locked_event(tx, p, wanted);
                                 if (!before) {
                                     return before;
                                 }
                                 return store::set_event_budget_lock(tx, *before, locked);
                             }));
    }

    /// The event of the path, locked until the transaction ends so that its writers take turns,
    /// and checked against If-Match.
    static result<domain::event> locked_event(db::transaction& tx, const http::path_params& p,
                                              const detail::precondition& wanted) {
        auto e = store::get_event(tx, p.at("event_id"), store::row_lock::for_update);
        if (e && !wanted.matches(e->version)) {
            return stale("event");
        }
        return e;
    }

    /// The budget line of the path, locked after its event. Every writer of a budget locks the
    /// event first and the line second, so that no two of them (nor an event's deletion, which
    /// removes its lines) can wait on each other in opposite orders.
    static result<domain::line_item> locked_line_item(db::transaction& tx,
                                                      const http::path_params& p,
                                                      const detail::precondition& wanted) {
        if (auto event = store::get_event(tx, p.at("event_id"), store::row_lock::for_update);
            !event) {
            return std::unexpected(event.error());
        }
        auto item = store::get_line_item(tx, p.at("event_id"), p.at("item_id"),
                                         store::row_lock::for_update);
        if (item && !wanted.matches(item->version)) {
            return stale("budget line");
        }
        return item;
    }

    /// Reads a budget line's body onto `item` and checks it, including who may decide its
    /// approval.
    static result<void> read_line_item(const http::request& req, const dott::json::schema& schema,
                                       const store::organization_record& member,
                                       domain::line_item& item) {
        auto body = detail::read_body(req, schema);
        if (!body) {
            return std::unexpected(body.error());
        }
        std::string approval_before = item.approval;
        detail::apply(*body, item);
        if (auto checked = domain::check_line_item(item); !checked) {
            return checked;
        }
        return check_approval(member, approval_before, item);
    }

    /// Approving or rejecting spend is a decision for those who manage the organization;
    /// editors draft and submit.
    static result<void> check_approval(const store::organization_record& member,
                                       const std::string& before, const domain::line_item& item) {
        if (item.approval == before || !domain::is_approval_decision(item.approval) ||
            domain::can_manage_org(member.role)) {
            return {};
        }
        return fail(errc::forbidden, "only owners and admins can approve or reject budget lines");
    }

    /// The answer when If-Match names no current version of the row.
    static std::unexpected<error> stale(const std::string& what) {
        return fail(errc::precondition_failed,
                    "the " + what + " was changed by someone else; read it again and retry");
    }

    /// An event's owner must be a member of the event's organization.
    static result<void> check_owner(db::transaction& tx, const domain::event& e) {
        if (!e.owner_user_id) {
            return {};
        }
        auto rows =
            tx.exec("select 1 from memberships where org_id = app_org() and user_id = $1::uuid",
                    *e.owner_user_id);
        if (rows.empty()) {
            return fail(errc::invalid_argument,
                        "owner_user_id is not a member of this organization", "owner_user_id");
        }
        return {};
    }

    static result<store::event_filter> event_filter_of(const http::request& req) {
        store::event_filter filter;
        filter.starts_from = req.query_param("from");
        filter.starts_until = req.query_param("to");
        filter.status = req.query_param("status");
        filter.type = req.query_param("type");
        filter.text = req.query_param("q");
        filter.cursor = req.query_param("cursor");
        for (auto [date, name] :
             {std::pair{&filter.starts_from, "from"}, std::pair{&filter.starts_until, "to"}}) {
            if (*date && !domain::is_calendar_date(**date)) {
                return fail(errc::invalid_argument, std::string(name) + " must be YYYY-MM-DD",
                            name);
            }
        }
        if (filter.status && !domain::is_event_status(*filter.status)) {
            return fail(errc::invalid_argument, "status is not a known event status", "status");
        }
        if (filter.type && !domain::is_event_type(*filter.type)) {
            return fail(errc::invalid_argument, "type is not a known event type", "type");
        }
        if (filter.text && filter.text->size() > 200) {
            return fail(errc::invalid_argument, "q is longer than 200 characters", "q");
        }
        if (auto sort = req.query_param("sort")) {
            if (*sort != "starts_on" && *sort != "-starts_on") {
                return fail(errc::invalid_argument, "sort must be starts_on or -starts_on", "sort");
            }
            filter.newest_first = *sort == "-starts_on";
        }
        filter.limit = default_page_size;
        if (auto limit = req.query_param("limit")) {
            std::size_t value = 0;
            auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
            if (ec != std::errc() || end != limit->data() + limit->size() || value < 1 ||
                value > max_page_size) {
                return fail(errc::invalid_argument, "limit must be a whole number from 1 to 200",
                            "limit");
            }
            filter.limit = value;
        }
        return filter;
    }

    std::shared_ptr<const context> ctx_;
};

using handler_fn = http::response (handlers::*)(const http::request&, const http::path_params&);

/// One route of the API: how it is served and how the OpenAPI document describes it.
struct route {
    const char* method;
    std::string pattern;
    handler_fn handler;
    const char* summary;
    const char* body_schema;  ///< The request schema's file stem, or nullptr without a body.
    int status;               ///< The status of success.
};

/// Every route, once: the router and the OpenAPI document are both built from this table.
const std::vector<route>& routes() {
    static const std::string org = "/api/v1/orgs/{org_id}";
    static const std::string event = org + "/events/{event_id}";
    static const std::string item = event + "/line-items/{item_id}";
    static const std::vector<route> table = {
        {"GET", "/healthz", &handlers::health, "Liveness", nullptr, 200},
        {"GET", "/readyz", &handlers::ready, "Readiness (database reachable)", nullptr, 200},
        {"POST", "/api/v1/auth/signup", &handlers::sign_up, "Create an account", "signup", 201},
        {"POST", "/api/v1/auth/signin", &handlers::sign_in, "Sign in", "signin", 200},
        {"POST", "/api/v1/auth/signout", &handlers::sign_out, "Sign out", nullptr, 204},
        {"GET", "/api/v1/me", &handlers::me, "The signed-in user", nullptr, 200},
        {"GET", "/api/v1/orgs", &handlers::list_organizations, "Your organizations", nullptr, 200},
        {"POST", "/api/v1/orgs", &handlers::create_organization, "Create an organization",
         "organization_create", 201},
        {"GET", org, &handlers::get_organization, "An organization", nullptr, 200},
        {"GET", org + "/events", &handlers::list_events, "List events", nullptr, 200},
        {"POST", org + "/events", &handlers::create_event, "Create an event", "event_create", 201},
        {"GET", event, &handlers::get_event, "An event", nullptr, 200},
        {"PATCH", event, &handlers::update_event, "Change an event", "event_update", 200},
        {"DELETE", event, &handlers::delete_event, "Delete an event", nullptr, 204},
        {"PUT", event + "/budget", &handlers::set_budget, "Set an event's planned budget total",
         "budget_set", 200},
        {"POST", event + "/budget/lock", &handlers::lock_budget, "Lock an event's budget", nullptr,
         200},
        {"POST", event + "/budget/unlock", &handlers::unlock_budget,
         "Unlock an event's budget (owners and admins)", nullptr, 200},
        {"GET", event + "/line-items", &handlers::list_line_items, "An event's budget lines",
         nullptr, 200},
        {"POST", event + "/line-items", &handlers::create_line_item, "Add a budget line",
         "line_item_create", 201},
        {"GET", item, &handlers::get_line_item, "A budget line", nullptr, 200},
        {"PATCH", item, &handlers::update_line_item, "Change a budget line", "line_item_update",
         200},
        {"DELETE", item, &handlers::delete_line_item, "Delete a budget line", nullptr, 204},
    };
    return table;
}

/// The OpenAPI 3.1 document of the routes above, with the request schemas the server
/// validates against as its components.
json openapi_document() {
    json paths = json::object();
    for (const auto& r : routes()) {
        json operation = {{"summary", r.summary},
                          {"responses",
                           {{std::to_string(r.status), {{"description", "Success"}}},
                            {"default",
                             {{"description", "A problem document"},
                              {"content",
                               {{"application/problem+json",
                                 {{"schema", {{"$ref", "#/components/schemas/problem"}}}}}}}}}}}};
        json parameters = json::array();
        for (const char* name : {"org_id", "event_id", "item_id"}) {
            if (r.pattern.find(std::string("{") + name + "}") != std::string::npos) {
                parameters.push_back({{"name", name},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", {{"type", "string"}, {"format", "uuid"}}}});
            }
        }
        if (!parameters.empty()) {
            operation["parameters"] = parameters;
        }
        if (r.body_schema != nullptr) {
            operation["requestBody"] = {
                {"required", true},
                {"content",
                 {{"application/json",
                   {{"schema",
                     {{"$ref", std::string("#/components/schemas/") + r.body_schema}}}}}}}};
        }
        std::string method = r.method;
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        paths[r.pattern][method] = operation;
    }

    json components = json::object();
    for (const auto& [file, text] : schema_files()) {
        std::string name(file.substr(0, file.rfind('.')));
        components[name] = json::parse(text);
    }
    components["problem"] = {{"type", "object"},
                             {"properties",
                              {{"type", {{"type", "string"}}},
                               {"title", {{"type", "string"}}},
                               {"status", {{"type", "integer"}}},
                               {"detail", {{"type", "string"}}},
                               {"field", {{"type", "string"}}}}}};
    return {{"openapi", "3.1.0"},
            {"info", {{"title", "Dott API"}, {"version", DOTT_VERSION}}},
            {"paths", paths},
            {"components", {{"schemas", components}}}};
}

}  // namespace

void add_routes(http::router& router, std::shared_ptr<const context> ctx) {
    auto h = std::make_shared<handlers>(std::move(ctx));
    for (const auto& r : routes()) {
        router.add(r.method, r.pattern,
                   [h, fn = r.handler](const http::request& req, const http::path_params& p) {
                       return ((*h).*fn)(req, p);
                   });
    }

    // Built once: the document depends only on the binary.
    auto document = std::make_shared<const std::string>(openapi_document().dump());
    router.add("GET", "/api/v1/openapi.json",
               [document](const http::request&, const http::path_params&) {
                   http::response res;
                   res.set("Content-Type", "application/json");
                   res.body = *document;
                   return res;
               });
}

}  // namespace dott::api
