// Scores: the organization's scoring formula, an event's stored scorecard and the portfolio's
// tier recommendations.

#include "api/detail/org_scope.hpp"
#include "api/schemas.hpp"
#include "store/scores.hpp"

namespace dott::api::detail {
namespace {

using nlohmann::json;

class scoring_handlers {
  public:
    explicit scoring_handlers(std::shared_ptr<const context> ctx) : ctx_(std::move(ctx)) {}

    http::response get_formula(const http::request& req, const http::path_params& p) {
        return json_result(req, in_org<json>(*ctx_, req, p, need::read,
                                             [&](db::transaction& tx, const auto&) -> result<json> {
                                                 auto weights = store::current_formula(tx);
                                                 if (!weights) {
                                                     return std::unexpected(weights.error());
                                                 }
                                                 return formula_json(*weights);
                                             }));
    }

    /// A new version of the formula, with which every event is scored again before the
    /// answer: the stored scores and the formula change in one transaction.
    http::response set_formula(const http::request& req, const http::path_params& p) {
        return json_result(
            req, in_org<json>(*ctx_, req, p, need::manage,
                              [&](db::transaction& tx, const auto&) -> result<json> {
                                  auto body = read_body(req, schemas().at("scoring_formula"));
                                  if (!body) {
                                      return std::unexpected(body.error());
                                  }
                                  auto weights =
                                      store::set_formula(tx, store::formula_from_json(*body));
                                  if (!weights) {
                                      return std::unexpected(weights.error());
                                  }
                                  return formula_json(*weights);
                              }));
    }

    http::response get_scores(const http::request& req, const http::path_params& p) {
        return json_result(req, in_org<json>(*ctx_, req, p, need::read,
                                             [&](db::transaction& tx, const auto&) -> result<json> {
                                                 return store::get_event_scores(tx,
                                                                                p.at("event_id"));
                                             }));
    }

    http::response list_recommendations(const http::request& req, const http::path_params& p) {
        return json_result(
            req,
            in_org<json>(
                *ctx_, req, p, need::read, [&](db::transaction& tx, const auto&) -> result<json> {
                    auto filter = filter_of(req);
                    if (!filter) {
                        return std::unexpected(filter.error());
                    }
                    auto page = store::list_tier_recommendations(tx, *filter);
                    if (!page) {
                        return std::unexpected(page.error());
                    }
                    return json{
                        {"recommendations", page->recommendations},
                        {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json()}};
                }));
    }

  private:
    static json formula_json(const domain::scoring_weights& weights) {
        return {{"version", weights.version},
                {"is_default", weights.version == 1},
                {"weights", store::formula_to_json(weights)}};
    }

    static result<store::recommendation_filter> filter_of(const http::request& req) {
        if (auto checked = check_query_names(req, {}); !checked) {
            return std::unexpected(checked.error());
        }
        store::recommendation_filter filter;
        for (auto& [name, value] : http::parse_form(req.query)) {
            if (name == "tier" &&
                (value == "tier_1" || value == "tier_2" || value == "tier_3" || value == "cut")) {
                filter.tier = value;
            } else if (name == "decision" &&
                       (value == "repeat" || value == "adjust" || value == "cut")) {
                filter.decision = value;
            } else if (name != "limit" && name != "cursor") {
                return refuse_query_parameter(name, name == "tier" || name == "decision");
            }
        }
        auto limit = page_limit(req.query_param("limit"));
        if (!limit) {
            return std::unexpected(limit.error());
        }
        filter.limit = *limit;
        filter.cursor = req.query_param("cursor");
        return filter;
    }

    std::shared_ptr<const context> ctx_;
};

}  // namespace

std::vector<route> scoring_routes(std::shared_ptr<const context> ctx) {
    auto h = std::make_shared<scoring_handlers>(std::move(ctx));
    using s = scoring_handlers;
    return {
        {"GET", org_path + "/scoring-formula", handle(h, &s::get_formula),
         "The organization's current scoring formula", "", 200},
        {"PUT", org_path + "/scoring-formula", handle(h, &s::set_formula),
         "A new version of the scoring formula; every event is scored again (owners and admins)",
         "scoring_formula", 200},
        {"GET", event_path + "/scores", handle(h, &s::get_scores), "An event's stored scorecard",
         "", 200},
        {"GET", org_path + "/tier-recommendations", handle(h, &s::list_recommendations),
         "Tier recommendations, best combined score first", "", 200},
    };
}

}  // namespace dott::api::detail
