// The generic resources of an event's record (store/resource.hpp): for each, list, create,
// read, change and delete under its event or its organization, with request schemas generated
// from the same descriptor that writes the SQL.

#include "api/detail/org_scope.hpp"
#include "api/schemas.hpp"
#include "domain/calendar.hpp"
#include "store/resource.hpp"

namespace dott::api {
namespace {

using detail::need;
using nlohmann::json;
using store::field_type;

/// The stem of a resource's schemas: "exchange-rates" -> "exchange_rates".
std::string schema_stem(const store::resource& r) {
    std::string stem(r.name);
    for (char& c : stem) {
        if (c == '-') {
            c = '_';
        }
    }
    return stem;
}

/// The JSON Schema of one field's value.
json field_schema(const store::field& f) {
    json s;
    switch (f.type) {
        case field_type::text:
            s = {{"type", "string"}, {"maxLength", f.max}};
            if (f.min > 0) {
                s["minLength"] = f.min;
            }
            break;
        case field_type::email:
            s = {{"type", "string"},
                 {"maxLength", 254},
                 {"pattern", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"}};
            break;
        case field_type::url:
            s = {{"type", "string"}, {"maxLength", f.max}, {"pattern", "^https?://[^\\s]+$"}};
            break;
        case field_type::integer:
        case field_type::minor_units:
            s = {{"type", "integer"}, {"minimum", f.min}, {"maximum", f.max}};
            break;
        case field_type::currency:
            s = {{"type", "string"}, {"pattern", "^[A-Z]{3}$"}};
            break;
        case field_type::date:
            s = {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
            break;
        case field_type::boolean:
            s = {{"type", "boolean"}};
            break;
        case field_type::choice:
            s = {{"type", "string"}, {"enum", f.choices}};
            break;
        case field_type::member:
        case field_type::row:
            s = {{"type", "string"},
                 {"pattern",
                  "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"}};
            break;
    }
    if (f.nullable) {
        s["type"] = json::array({s["type"], "null"});
        if (s.contains("enum")) {
            s["enum"].push_back(nullptr);
        }
    }
    return s;
}

/// The schema of a new row (`creating`) or of changes to one: every field, no other.
json resource_schema(const store::resource& r, bool creating) {
    json properties = json::object();
    json required = json::array();
    for (const auto& f : r.fields) {
        properties[std::string(f.name)] = field_schema(f);
        if (creating && f.required) {
            required.push_back(f.name);
        }
    }
    std::string title(r.singular);
    title[0] = static_cast<char>(title[0] - 'a' + 'A');
    json schema = {{"title", creating ? "New " + std::string(r.singular) : title + " changes"},
                   {"type", "object"},
                   {"additionalProperties", false},
                   {"properties", properties}};
    if (!required.empty()) {
        schema["required"] = required;
    }
    if (!creating) {
        schema["minProperties"] = 1;
    }
    return schema;
}

/// The handlers of one resource.
class resource_handlers {
  public:
    resource_handlers(std::shared_ptr<const context> ctx, const store::resource& r)
        : ctx_(std::move(ctx)),
          r_(r),
          create_(schema_stem(r) + "_create"),
          update_(schema_stem(r) + "_update") {}

    http::response list(const http::request& req, const http::path_params& p) {
        return detail::json_result(
            req,
            detail::in_org<json>(
                *ctx_, req, p, need::read, [&](db::transaction& tx, const auto&) -> result<json> {
                    if (auto parent = check_event(tx, p); !parent) {
                        return std::unexpected(parent.error());
                    }
                    auto query = query_of(req);
                    if (!query) {
                        return std::unexpected(query.error());
                    }
                    query->event_id = event_of(p);
                    auto page = store::list_rows(tx, r_, *query);
                    if (!page) {
                        return std::unexpected(page.error());
                    }
                    return json{
                        {schema_stem(r_), page->rows},
                        {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json()}};
                }));
    }

    // Bodies are read inside the work, after authentication and the membership check, so that
    // nothing about a request is judged before it is known to come from a member.
    http::response create(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 201,
            detail::in_org<json>(*ctx_, req, p, writer(),
                                 [&](db::transaction& tx, const auto&) -> result<json> {
                                     if (auto locked = lock_parent(tx, p); !locked) {
                                         return std::unexpected(locked.error());
                                     }
                                     auto body = detail::read_body(req, schemas().at(create_));
                                     if (!body) {
                                         return std::unexpected(body.error());
                                     }
                                     return store::insert_row(tx, r_, event_of(p), *body, today());
                                 }));
    }

    http::response get(const http::request& req, const http::path_params& p) {
        return versioned(
            req, 200,
            detail::in_org<json>(*ctx_, req, p, need::read,
                                 [&](db::transaction& tx, const auto&) -> result<json> {
                                     return store::get_row(tx, r_, event_of(p), item_of(p));
                                 }));
    }

    http::response update(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return versioned(
            req, 200,
            detail::in_org<json>(*ctx_, req, p, writer(),
                                 [&](db::transaction& tx, const auto&) -> result<json> {
                                     auto before = locked_row(tx, p, wanted);
                                     if (!before) {
                                         return before;
                                     }
                                     auto body = detail::read_body(req, schemas().at(update_));
                                     if (!body) {
                                         return std::unexpected(body.error());
                                     }
                                     return store::update_row(tx, r_, *before, *body, today());
                                 }));
    }

    /// PUT of a one-per-event resource: creates the event's row, or replaces every field of
    /// it (a field left out becomes null).
    http::response put(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        int status = 200;
        auto row = detail::in_org<json>(
            *ctx_, req, p, writer(), [&](db::transaction& tx, const auto&) -> result<json> {
                if (auto locked = lock_parent(tx, p); !locked) {
                    return std::unexpected(locked.error());
                }
                auto body = detail::read_body(req, schemas().at(create_));
                if (!body) {
                    return std::unexpected(body.error());
                }
                auto before = store::get_row(tx, r_, event_of(p), "", store::row_lock::for_update);
                if (!before && before.error().code != errc::not_found) {
                    return before;
                }
                if (!before) {
                    if (wanted.present && !wanted.any) {
                        return detail::stale(std::string(r_.singular));
                    }
                    status = 201;
                    return store::insert_row(tx, r_, event_of(p), *body, today());
                }
                if (!wanted.matches((*before)["version"].get<int>())) {
                    return detail::stale(std::string(r_.singular));
                }
                json replacement = *body;
                for (const auto& f : r_.fields) {
                    if (!replacement.contains(f.name)) {
                        replacement[std::string(f.name)] = nullptr;
                    }
                }
                return store::update_row(tx, r_, *before, replacement, today());
            });
        return versioned(req, status, row);
    }

    http::response remove(const http::request& req, const http::path_params& p) {
        auto wanted = detail::if_match(req);
        return detail::no_content(
            req, detail::in_org<bool>(*ctx_, req, p, writer(),
                                      [&](db::transaction& tx, const auto&) -> result<bool> {
                                          auto before = locked_row(tx, p, wanted);
                                          if (!before) {
                                              return std::unexpected(before.error());
                                          }
                                          auto deleted = store::delete_row(tx, r_, *before);
                                          if (!deleted) {
                                              return std::unexpected(deleted.error());
                                          }
                                          return true;
                                      }));
    }

  private:
    need writer() const { return r_.managed ? need::manage : need::edit; }

    std::string today() const { return domain::utc_date(ctx_->clock()); }

    static std::string event_of(const http::path_params& p) {
        auto found = p.find("event_id");
        return found == p.end() ? std::string() : found->second;
    }

    static std::string item_of(const http::path_params& p) {
        auto found = p.find("item_id");
        return found == p.end() ? std::string() : found->second;
    }

    /// A list under an event needs the event to exist in the organization.
    result<void> check_event(db::transaction& tx, const http::path_params& p) const {
        if (r_.parent != store::parent_kind::event) {
            return {};
        }
        if (tx.exec("select 1 from events where org_id = app_org() and id = $1::uuid", event_of(p))
                .empty()) {
            return fail(errc::not_found, "not found");
        }
        return {};
    }

    /// Every writer of an event's rows locks the event first, then the row, so that no two of
    /// them (nor the event's deletion) wait on each other in opposite orders.
    result<void> lock_parent(db::transaction& tx, const http::path_params& p) const {
        if (r_.parent != store::parent_kind::event) {
            return {};
        }
        return store::lock_event(tx, event_of(p));
    }

    result<json> locked_row(db::transaction& tx, const http::path_params& p,
                            const detail::precondition& wanted) const {
        if (auto locked = lock_parent(tx, p); !locked) {
            return std::unexpected(locked.error());
        }
        auto row = store::get_row(tx, r_, event_of(p), item_of(p), store::row_lock::for_update);
        if (row && !wanted.matches((*row)["version"].get<int>())) {
            return detail::stale(std::string(r_.singular));
        }
        return row;
    }

    http::response versioned(const http::request& req, int status, const result<json>& row) const {
        if (!row) {
            return detail::problem_response(req, row.error());
        }
        auto res = detail::json_response(status, *row);
        res.set("ETag", detail::etag((*row)["version"].get<int>()));
        return res;
    }

    /// Reads the list's query: filters by field name, sort (a leading '-' for descending),
    /// limit and cursor. An unknown parameter is refused, so that a typo never silently
    /// widens a list.
    result<store::row_query> query_of(const http::request& req) const {
        if (auto checked = detail::check_query_names(req, {}); !checked) {
            return std::unexpected(checked.error());
        }
        store::row_query query;
        for (auto& [name, value] : http::parse_form(req.query)) {
            if (name == "sort") {
                query.descending = !value.empty() && value[0] == '-';
                query.sort = query.descending ? value.substr(1) : value;
            } else if (name == "cursor") {
                query.cursor = value;
            } else if (name == "limit") {
                auto limit = detail::page_limit(value);
                if (!limit) {
                    return std::unexpected(limit.error());
                }
                query.limit = *limit;
            } else if (std::find(r_.filters.begin(), r_.filters.end(), name) != r_.filters.end()) {
                query.equals[name] = value;
            } else {
                return fail(errc::invalid_argument,
                            "unknown query parameter " + name.substr(0, 100), name.substr(0, 100));
            }
        }
        if (auto checked = store::check_query(r_, query); !checked) {
            return std::unexpected(checked.error());
        }
        return query;
    }

    std::shared_ptr<const context> ctx_;
    const store::resource& r_;
    std::string create_;
    std::string update_;
};

}  // namespace

std::vector<std::pair<std::string, nlohmann::json>> generated_schema_documents() {
    std::vector<std::pair<std::string, json>> documents;
    for (const auto& r : store::resources()) {
        documents.emplace_back(schema_stem(r) + "_create", resource_schema(r, true));
        if (!r.one_per_event) {
            documents.emplace_back(schema_stem(r) + "_update", resource_schema(r, false));
        }
    }
    return documents;
}

namespace detail {

std::vector<route> resource_routes(std::shared_ptr<const context> ctx) {
    std::vector<route> table;
    for (const auto& r : store::resources()) {
        auto h = std::make_shared<resource_handlers>(ctx, r);
        using rh = resource_handlers;
        const std::string base = (r.parent == store::parent_kind::event ? event_path : org_path) +
                                 "/" + std::string(r.name);
        const std::string stem = schema_stem(r);
        const std::string one(r.singular);
        if (r.one_per_event) {
            table.push_back({"GET", base, handle(h, &rh::get), "The event's " + one, "", 200});
            table.push_back({"PUT", base, handle(h, &rh::put), "Set the event's " + one,
                             stem + "_create", 200});
            table.push_back(
                {"DELETE", base, handle(h, &rh::remove), "Clear the event's " + one, "", 204});
            continue;
        }
        const std::string item = base + "/{item_id}";
        table.push_back(
            {"GET", base, handle(h, &rh::list), "List " + std::string(r.name), "", 200});
        table.push_back(
            {"POST", base, handle(h, &rh::create), "Add a " + one, stem + "_create", 201});
        table.push_back({"GET", item, handle(h, &rh::get), "A " + one, "", 200});
        table.push_back(
            {"PATCH", item, handle(h, &rh::update), "Change a " + one, stem + "_update", 200});
        table.push_back({"DELETE", item, handle(h, &rh::remove), "Delete a " + one, "", 204});
    }
    return table;
}

}  // namespace detail
}  // namespace dott::api
