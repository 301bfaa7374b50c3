// The portfolio's events, their planned budget and their budget lines.

#include "api/detail/org_scope.hpp"
#include "api/detail/representation.hpp"
#include "api/schemas.hpp"
#include "api/time_zones.hpp"
#include "domain/calendar.hpp"
#include "domain/money.hpp"
#include "store/events.hpp"
#include "store/line_items.hpp"

namespace dott::api::detail {
namespace {

using nlohmann::json;

class event_handlers {
  public:
    explicit event_handlers(std::shared_ptr<const context> ctx) : ctx_(std::move(ctx)) {}

    http::response list_events(const http::request& req, const http::path_params& p) {
        // The page is written as text: the hottest read of the API, and a page of documents
        // cost more to build and free than the database took to find it.
        auto body = in_org<std::string>(
            *ctx_, req, p, need::read,
            [&](db::transaction& tx, const auto&) -> result<std::string> {
                auto filter = event_filter_of(req);
                if (!filter) {
                    return std::unexpected(filter.error());
                }
                auto page = store::list_events(tx, *filter);
                if (!page) {
                    return std::unexpected(page.error());
                }
                // About a kilobyte an event, so that the text rarely grows more than once.
                std::string text;
                text.reserve(1024 * (page->events.size() + 1));
                dott::json::writer w(text);
                w.begin_object().key("events").begin_array();
                for (const auto& e : page->events) {
                    write_json(w, e, true);
                }
                w.end_array().key("next_cursor").optional_string(page->next_cursor).end_object();
                return text;
            });
        if (!body) {
            return problem_response(req, body.error());
        }
        return json_text_response(200, std::move(*body));
    }

    // Bodies are read inside the work, after authentication and the membership check, so that
    // nothing about a request is judged before it is known to come from a member.
    http::response create_event(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 201,
            in_org<domain::event>(*ctx_, req, p, need::edit,
                                  [&](db::transaction& tx, const auto&) -> result<domain::event> {
                                      auto body = read_body(req, schemas().at("event_create"));
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
        auto e =
            in_org<domain::event>(*ctx_, req, p, need::read, [&](db::transaction& tx, const auto&) {
                return store::get_event(tx, p.at("event_id"));
            });
        if (!e) {
            return problem_response(req, e.error());
        }
        auto res = json_response(200, scored_json(*e));
        res.set("ETag", etag(e->version));
        return res;
    }

    http::response update_event(const http::request& req, const http::path_params& p) {
        auto wanted = if_match(req);
        return versioned(
            req, 200,
            in_org<domain::event>(*ctx_, req, p, need::edit,
                                  [&](db::transaction& tx, const auto&) -> result<domain::event> {
                                      auto body = read_body(req, schemas().at("event_update"));
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
        auto wanted = if_match(req);
        return no_content(req, in_org<bool>(*ctx_, req, p, need::edit,
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
        return json_result(
            req,
            in_org<json>(
                *ctx_, req, p, need::read, [&](db::transaction& tx, const auto&) -> result<json> {
                    auto query = line_item_query_of(req);
                    if (!query) {
                        return std::unexpected(query.error());
                    }
                    auto page = store::list_line_items(tx, p.at("event_id"), *query);
                    if (!page) {
                        return std::unexpected(page.error());
                    }
                    json list = json::array();
                    for (const auto& item : page->items) {
                        list.push_back(to_json(item));
                    }
                    return json{
                        {"line_items", list},
                        {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json()}};
                }));
    }

    http::response create_line_item(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 201,
            in_org<domain::line_item>(
                *ctx_, req, p, need::edit,
                [&](db::transaction& tx, const auto& member) -> result<domain::line_item> {
                    // The event first: an unknown one answers 404 whatever the body says.
                    if (auto locked = store::lock_event(tx, p.at("event_id")); !locked) {
                        return std::unexpected(locked.error());
                    }
                    domain::line_item item;
                    item.event_id = p.at("event_id");
                    auto read = read_line_item(req, schemas().at("line_item_create"), member,
                                               domain::line_item(item), item);
                    if (!read) {
                        return std::unexpected(read.error());
                    }
                    return store::insert_line_item(tx, item);
                }));
    }

    http::response get_line_item(const http::request& req, const http::path_params& p) {
        return versioned(req, 200,
                         in_org<domain::line_item>(
                             *ctx_, req, p, need::read,
                             [&](db::transaction& tx, const auto&) -> result<domain::line_item> {
                                 return store::get_line_item(tx, p.at("event_id"), p.at("item_id"));
                             }));
    }

    http::response update_line_item(const http::request& req, const http::path_params& p) {
        auto wanted = if_match(req);
        return versioned(
            req, 200,
            in_org<domain::line_item>(
                *ctx_, req, p, need::edit,
                [&](db::transaction& tx, const auto& member) -> result<domain::line_item> {
                    auto before = locked_line_item(tx, p, wanted);
                    if (!before) {
                        return before;
                    }
                    domain::line_item changed = *before;
                    auto read = read_line_item(req, schemas().at("line_item_update"), member,
                                               *before, changed);
                    if (!read) {
                        return std::unexpected(read.error());
                    }
                    return store::update_line_item(tx, *before, changed);
                }));
    }

    http::response delete_line_item(const http::request& req, const http::path_params& p) {
        auto wanted = if_match(req);
        return no_content(req, in_org<bool>(*ctx_, req, p, need::edit,
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
        auto wanted = if_match(req);
        return versioned(
            req, 200,
            in_org<domain::event>(
                *ctx_, req, p, need::edit,
                [&](db::transaction& tx, const auto&) -> result<domain::event> {
                    auto before = locked_event(tx, p, wanted);
                    if (!before) {
                        return before;
                    }
                    auto body = read_body(req, schemas().at("budget_set"));
                    if (!body) {
                        return std::unexpected(body.error());
                    }
                    std::string currency = body->at("currency");
                    if (!domain::is_currency_code(currency)) {
                        return fail(errc::invalid_argument,
                                    "currency must be an ISO 4217 code such as EUR", "/currency");
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

  private:
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
        auto wanted = if_match(req);
        return versioned(req, 200,
                         in_org<domain::event>(
                             *ctx_, req, p, need::edit,
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
                                              const precondition& wanted) {
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
                                                      const precondition& wanted) {
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

    /// Reads a budget line's body onto `item` (a copy of `before`, the line as stored or a
    /// new draft) and checks it, approval included: the domain's one rule decides who may
    /// approve, and what a change of money does to an approved or rejected line.
    static result<void> read_line_item(const http::request& req, const dott::json::schema& schema,
                                       const store::organization_record& member,
                                       const domain::line_item& before, domain::line_item& item) {
        auto body = read_body(req, schema);
        if (!body) {
            return std::unexpected(body.error());
        }
        detail::apply(*body, item);
        if (auto checked = domain::check_line_item(item); !checked) {
            return checked;
        }
        return domain::settle_approval(before, item, domain::can_manage_org(member.role));
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
        if (auto checked = check_query_names(
                req, {"from", "to", "status", "type", "q", "sort", "limit", "cursor"});
            !checked) {
            return std::unexpected(checked.error());
        }
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
        auto sort =
            sort_of(req.query_param("sort"), {"starts_on", "name", "combined"}, "starts_on");
        if (!sort) {
            return std::unexpected(sort.error());
        }
        filter.sort = sort->key == "name"       ? store::event_sort::name
                      : sort->key == "combined" ? store::event_sort::combined
                                                : store::event_sort::starts_on;
        filter.descending = sort->descending;
        auto limit = page_limit(req.query_param("limit"));
        if (!limit) {
            return std::unexpected(limit.error());
        }
        filter.limit = *limit;
        return filter;
    }

    /// A budget line list's query: filters by category, approval and currency, a sort, a page.
    /// An unknown parameter is refused, so that a typo never silently widens a list.
    static result<store::line_item_query> line_item_query_of(const http::request& req) {
        if (auto checked = check_query_names(req, {}); !checked) {
            return std::unexpected(checked.error());
        }
        store::line_item_query query;
        for (auto& [name, value] : http::parse_form(req.query)) {
            if (name == "category" && !value.empty() && value.size() <= 100) {
                query.category = value;
            } else if (name == "approval" && domain::is_approval_state(value)) {
                query.approval = value;
            } else if (name == "currency" && domain::is_currency_code(value)) {
                query.currency = value;
            } else if (name != "sort" && name != "limit" && name != "cursor") {
                return refuse_query_parameter(
                    name, name == "category" || name == "approval" || name == "currency");
            }
        }
        auto sort = sort_of(req.query_param("sort"), store::line_item_sorts(), "created_at");
        if (!sort) {
            return std::unexpected(sort.error());
        }
        query.sort = sort->key;
        query.descending = sort->descending;
        auto limit = page_limit(req.query_param("limit"));
        if (!limit) {
            return std::unexpected(limit.error());
        }
        query.limit = *limit;
        query.cursor = req.query_param("cursor");
        return query;
    }

    std::shared_ptr<const context> ctx_;
};

}  // namespace

std::vector<route> event_routes(std::shared_ptr<const context> ctx) {
    auto h = std::make_shared<event_handlers>(std::move(ctx));
    using e = event_handlers;
    const std::string item = event_path + "/line-items/{item_id}";
    return {
        {"GET", org_path + "/events", handle(h, &e::list_events), "List events", "", 200},
        {"POST", org_path + "/events", handle(h, &e::create_event), "Create an event",
         "event_create", 201},
        {"GET", event_path, handle(h, &e::get_event), "An event", "", 200},
        {"PATCH", event_path, handle(h, &e::update_event), "Change an event", "event_update", 200},
        {"DELETE", event_path, handle(h, &e::delete_event), "Delete an event", "", 204},
        {"PUT", event_path + "/budget", handle(h, &e::set_budget),
         "Set an event's planned budget total", "budget_set", 200},
        {"POST", event_path + "/budget/lock", handle(h, &e::lock_budget), "Lock an event's budget",
         "", 200},
        {"POST", event_path + "/budget/unlock", handle(h, &e::unlock_budget),
         "Unlock an event's budget (owners and admins)", "", 200},
        {"GET", event_path + "/line-items", handle(h, &e::list_line_items),
         "An event's budget lines", "", 200},
        {"POST", event_path + "/line-items", handle(h, &e::create_line_item), "Add a budget line",
         "line_item_create", 201},
        {"GET", item, handle(h, &e::get_line_item), "A budget line", "", 200},
        {"PATCH", item, handle(h, &e::update_line_item), "Change a budget line", "line_item_update",
         200},
        {"DELETE", item, handle(h, &e::delete_line_item), "Delete a budget line", "", 204},
    };
}

}  // namespace dott::api::detail
