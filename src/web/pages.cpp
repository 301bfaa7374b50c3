#include <algorithm>
#include <set>

#include <kainjow/mustache.hpp>

#include "api/session_cookie.hpp"
#include "common/env.hpp"
#include "common/log.hpp"
#include "domain/money.hpp"
#include "store/accounts.hpp"
#include "store/events.hpp"
#include "web/web.hpp"

namespace dott::web {

// The templates and static files the build embeds from templates/ and static/.
const std::vector<std::pair<std::string_view, std::string_view>>& template_files();
const std::vector<std::pair<std::string_view, std::string_view>>& static_files();

namespace {

/// "tier 1, repeat" or "cut" for the stored recommendation of an event.
std::string recommendation_text(const domain::event_score_summary& scores) {
    if (scores.tier == "cut") {
        return "cut";
    }
    std::string tier = scores.tier;
    std::replace(tier.begin(), tier.end(), '_', ' ');
    return tier + ", " + scores.decision;
}

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr std::size_t page_size = 500;

std::string_view embedded(const std::vector<std::pair<std::string_view, std::string_view>>& files,
                          std::string_view name) {
    for (const auto& [file, content] : files) {
        if (file == name) {
            return content;
        }
    }
    return {};
}

std::string render(std::string_view name, const data& values) {
    mustache tmpl{std::string(embedded(template_files(), name))};
    return tmpl.render(values);
}

http::response html(int status, std::string body) {
    http::response res;
    res.status = status;
    res.set("Content-Type", "text/html; charset=utf-8");
    res.set("Cache-Control", "no-store");
    res.body = std::move(body);
    return res;
}

http::response redirect(const std::string& location) {
    http::response res;
    res.status = 303;
    res.set("Location", location);
    return res;
}

std::string date_range(const domain::event& e) {
    if (e.starts_on == e.ends_on) {
        return e.starts_on;
    }
    return e.starts_on + " – " + e.ends_on;
}

std::string place(const domain::event& e) {
    std::string text = e.city.value_or("");
    if (e.country) {
        text += text.empty() ? *e.country : ", " + *e.country;
    }
    if (e.online) {
        text += text.empty() ? "Online" : " · online";
    }
    return text;
}

data amounts(const domain::currency_totals& totals) {
    data list{data::type::list};
    for (const auto& [currency, minor] : totals.by_currency()) {
        list << data(currency + " " + domain::format_minor_units(minor, currency));
    }
    return list;
}

/// A signed-in visitor and the organizations they belong to.
struct member {
    store::user_record user;
    std::vector<store::organization_record> orgs;
};

/// The member a transaction acts for: its scope came from the session cookie, so its user is
/// the session's.
result<member> load_member(db::transaction& tx) {
    auto user = store::find_user(tx, tx.who().user_id);
    if (!user) {
        return std::unexpected(user.error());
    }
    if (!user->has_value()) {
        return fail(errc::unauthenticated, "sign in to continue");
    }
    auto orgs = store::list_organizations(tx);
    if (!orgs) {
        return std::unexpected(orgs.error());
    }
    return member{.user = std::move(**user), .orgs = std::move(*orgs)};
}

/// What the portfolio page shows: the member, and the organization's values when the member
/// belongs to it.
struct portfolio_view {
    member visitor;
    std::optional<store::organization_record> current;
    data values;
};

/// The pages. One instance serves every worker thread; it holds only the shared context.
class pages {
  public:
    explicit pages(std::shared_ptr<const api::context> ctx) : ctx_(std::move(ctx)) {}

    http::response home(const http::request& req) {
        auto visitor = member_of(req);
        if (!visitor) {
            return visitor.error();
        }
        const auto& [user, orgs] = *visitor;
        if (orgs.size() == 1) {
            return redirect("/orgs/" + orgs.front().id + "/portfolio");
        }
        data list{data::type::list};
        for (const auto& org : orgs) {
            data item;
            item.set("id", org.id);
            item.set("name", org.name);
            item.set("role", std::string(domain::to_string(org.role)));
            list << item;
        }
        data values;
        values.set("organizations", list);
        return page(200, "Organizations", render("organizations.mustache", values), user, orgs, "");
    }

    http::response sign_in_form(const http::request& req) {
        if (auto session = signed_in(req); session && session->has_value()) {
            return redirect("/");
        }
        return sign_in_page(200, "", "");
    }

    http::response sign_in(const http::request& req) {
        std::string email;
        std::string password;
        for (auto& [name, value] : http::parse_form(req.body)) {
            if (name == "email") {
                email = std::move(value);
            } else if (name == "password") {
                password = std::move(value);
            }
        }
        auto opened = ctx_->accounts->sign_in(email, password);
        if (!opened) {
            if (opened.error().code == errc::unauthenticated) {
                return sign_in_page(401, opened.error().message, email);
            }
            return failure(req, opened.error());
        }
        auto res = redirect("/");
        res.add("Set-Cookie", api::session_cookie(*opened, secure(req)));
        return res;
    }

    http::response sign_out(const http::request& req) {
        if (auto token = api::session_token(req, secure(req))) {
            (void)ctx_->accounts->sign_out(*token);
        }
        auto res = redirect("/signin");
        res.add("Set-Cookie", api::expired_session_cookie(secure(req)));
        return res;
    }

    http::response portfolio(const http::request& req, const http::path_params& p) {
        auto scope = api::session_scope(req, *ctx_->accounts, ctx_->https_public_url);
        if (!scope) {
            return redirect("/signin");
        }
        const std::string& org_id = p.at("org_id");
        scope->org_id = is_uuid(org_id) ? org_id : "";
        scope->read_only = true;
        bool newest_first = req.query_param("sort").value_or("date") == "-date";

        // The session, the member's organizations and the portfolio: one transaction.
        auto view = db::run<portfolio_view>(
            *ctx_->pool, *scope, [&](db::transaction& tx) -> result<portfolio_view> {
                auto visitor = load_member(tx);
                if (!visitor) {
                    return std::unexpected(visitor.error());
                }
                portfolio_view shown{.visitor = std::move(*visitor)};
                const auto& orgs = shown.visitor.orgs;
                auto current = std::find_if(orgs.begin(), orgs.end(),
                                            [&](const auto& org) { return org.id == org_id; });
                if (scope->org_id.empty() || current == orgs.end()) {
                    return shown;
                }
                auto values = portfolio_values(tx, *current, newest_first);
                if (!values) {
                    return std::unexpected(values.error());
                }
                shown.current = *current;
                shown.values = std::move(*values);
                return shown;
            });
        if (!view) {
            if (view.error().code == errc::unauthenticated) {
                return redirect("/signin");
            }
            return failure(req, view.error());
        }
        const auto& [user, orgs] = view->visitor;
        if (!view->current) {
            return not_found(user, orgs);
        }
        return page(200, view->current->name, render("portfolio.mustache", view->values), user,
                    orgs, org_id);
    }

    http::response stylesheet(const http::request&) {
        http::response res;
        res.set("Content-Type", "text/css; charset=utf-8");
        res.set("Cache-Control", "public, max-age=3600");
        res.body = std::string(embedded(static_files(), "dott.css"));
        return res;
    }

  private:
    result<data> portfolio_values(db::transaction& tx, const store::organization_record& org,
                                  bool newest_first) {
        // Membership is checked again inside the transaction that reads the portfolio.
        if (auto membership = store::find_membership(tx); !membership) {
            return std::unexpected(membership.error());
        }
        auto budgets = store::list_budget_totals(tx);
        if (!budgets) {
            return std::unexpected(budgets.error());
        }
        domain::currency_totals planned_total;
        domain::currency_totals actual_total;
        data rows{data::type::list};
        std::size_t count = 0;
        store::event_filter filter{.descending = newest_first, .limit = page_size};
        for (;;) {
            auto page = store::list_events(tx, filter);
            if (!page) {
                return std::unexpected(page.error());
            }
            for (const auto& e : page->events) {
                data row;
                row.set("name", e.name);
                row.set("dates", date_range(e));
                row.set("place", place(e));
                row.set("type", e.type);
                row.set("status", e.status);
                row.set("tier", e.tier ? std::to_string(*e.tier) : std::string("–"));
                row.set("score", e.scores ? std::to_string(e.scores->combined) : "–");
                row.set("recommendation", e.scores ? recommendation_text(*e.scores) : "–");
                if (e.url) {
                    row.set("url", *e.url);
                }
                if (auto budget = budgets->find(e.id); budget != budgets->end()) {
                    row.set("planned", amounts(budget->second.planned));
                    row.set("actual", amounts(budget->second.actual));
                    if (e.source == "demo") {
                        row.set("demo", true);
                    }
                }
                rows << row;
                ++count;
            }
            if (!page->next_cursor) {
                break;
            }
            filter.cursor = page->next_cursor;
        }
        // Each event's totals are bounded when written, but a portfolio of many events could
        // still pass 64 bits: such a currency's total is shown as out of range, not guessed.
        std::set<std::string> out_of_range;
        for (const auto& [event_id, budget] : *budgets) {
            for (const auto& [currency, minor] : budget.planned.by_currency()) {
                if (!planned_total.add(currency, minor)) {
                    out_of_range.insert(currency);
                }
            }
            for (const auto& [currency, minor] : budget.actual.by_currency()) {
                if (!actual_total.add(currency, minor)) {
                    out_of_range.insert(currency);
                }
            }
        }
        data totals{data::type::list};
        for (const auto& [currency, minor] : planned_total.by_currency()) {
            data row;
            row.set("currency", currency);
            if (out_of_range.contains(currency)) {
                row.set("planned", "out of range");
                row.set("actual", "out of range");
                totals << row;
                continue;
            }
            row.set("planned", domain::format_minor_units(minor, currency));
            auto actual = actual_total.by_currency().find(currency);
            std::int64_t actual_minor =
                actual == actual_total.by_currency().end() ? 0 : actual->second;
            row.set("actual", domain::format_minor_units(actual_minor, currency));
            totals << row;
        }

        data values;
        values.set("organization", org.name);
        values.set("event_count", std::to_string(count));
        if (!budgets->empty()) {
            values.set("budgeted_count", std::to_string(budgets->size()));
        }
        values.set("has_totals", !planned_total.by_currency().empty());
        values.set("totals", totals);
        values.set("events", rows);
        values.set("sort_label", newest_first ? "latest first" : "earliest first");
        values.set("next_sort", newest_first ? "date" : "-date");
        values.set("sort_arrow", newest_first ? "↓" : "↑");
        return values;
    }

    bool secure(const http::request& req) const {
        return api::wants_secure_cookie(req, ctx_->https_public_url);
    }

    /// The signed-in user and their organizations, read in one transaction that the session
    /// opens, or the response to send instead: a redirect to sign in without a live session, an
    /// error page when the database fails.
    std::expected<member, http::response> member_of(const http::request& req) {
        auto scope = api::session_scope(req, *ctx_->accounts, ctx_->https_public_url);
        if (!scope) {
            return std::unexpected(redirect("/signin"));
        }
        scope->read_only = true;
        auto visitor = db::run<member>(*ctx_->pool, *scope, load_member);
        if (!visitor) {
            if (visitor.error().code == errc::unauthenticated) {
                return std::unexpected(redirect("/signin"));
            }
            return std::unexpected(failure(req, visitor.error()));
        }
        return std::move(*visitor);
    }

    /// The signed-in user; nothing when the request carries no live session. Other failures
    /// (the database is down) are errors, so that a signed-in person is not sent to sign in.
    result<std::optional<store::user_record>> signed_in(const http::request& req) const {
        auto user = api::session_user(req, *ctx_->accounts, ctx_->https_public_url);
        if (!user) {
            if (user.error().code == errc::unauthenticated) {
                return std::optional<store::user_record>();
            }
            return std::unexpected(user.error());
        }
        return std::optional<store::user_record>(*user);
    }

    http::response sign_in_page(int status, const std::string& error, const std::string& email) {
        data values;
        if (!error.empty()) {
            values.set("error", error);
        }
        values.set("email", email);
        data layout;
        layout.set("title", "Sign in");
        layout.set("content", render("signin.mustache", values));
        return html(status, render("layout.mustache", layout));
    }

    http::response page(int status, const std::string& title, std::string content,
                        const store::user_record& user,
                        const std::vector<store::organization_record>& orgs,
                        const std::string& current_org) {
        data organizations{data::type::list};
        for (const auto& org : orgs) {
            data item;
            item.set("id", org.id);
            item.set("name", org.name);
            item.set("current", org.id == current_org);
            organizations << item;
        }
        data who;
        who.set("email", user.email);
        who.set("organizations", organizations);
        data layout;
        layout.set("title", title);
        layout.set("user", who);
        layout.set("content", std::move(content));
        return html(status, render("layout.mustache", layout));
    }

    http::response not_found(const store::user_record& user,
                             const std::vector<store::organization_record>& orgs) {
        return page(404, "Not found", "<section class=\"card narrow\"><h1>Not found</h1></section>",
                    user, orgs, "");
    }

    http::response failure(const http::request& req, const error& e) {
        log::get("web")->error("request_id={} {}: {}", req.request_id, to_string(e.code),
                               e.message);
        return html(e.code == errc::unavailable ? 503 : 500,
                    "<p>Something went wrong. Please try again.</p>");
    }

    std::shared_ptr<const api::context> ctx_;
};

}  // namespace

void add_routes(http::router& router, std::shared_ptr<const api::context> ctx) {
    auto p = std::make_shared<pages>(std::move(ctx));
    router.add("GET", "/", [p](const auto& req, const auto&) { return p->home(req); });
    router.add("GET", "/signin",
               [p](const auto& req, const auto&) { return p->sign_in_form(req); });
    router.add("POST", "/signin", [p](const auto& req, const auto&) { return p->sign_in(req); });
    router.add("POST", "/signout", [p](const auto& req, const auto&) { return p->sign_out(req); });
    router.add("GET", "/orgs/{org_id}/portfolio",
               [p](const auto& req, const auto& params) { return p->portfolio(req, params); });
    router.add("GET", "/static/dott.css",
               [p](const auto& req, const auto&) { return p->stylesheet(req); });
}

}  // namespace dott::web
