// Portfolio summaries: spend by category and quarter, pipeline by event, and the distribution
// of stored scores, over the events that start within an optional date range.

#include "api/detail/org_scope.hpp"
#include "domain/calendar.hpp"
#include "store/summaries.hpp"

namespace dott::api::detail {
namespace {

using nlohmann::json;

class summary_handlers {
  public:
    explicit summary_handlers(std::shared_ptr<const context> ctx) : ctx_(std::move(ctx)) {}

    http::response spend(const http::request& req, const http::path_params& p) {
        return summarise(req, p, false, [](db::transaction& tx, const store::pipeline_query& q) {
            return store::spend_by_category_and_quarter(tx, q.range);
        });
    }

    http::response pipeline(const http::request& req, const http::path_params& p) {
        return summarise(req, p, true, [](db::transaction& tx, const store::pipeline_query& q) {
            return store::pipeline_by_event(tx, q);
        });
    }

    http::response scores(const http::request& req, const http::path_params& p) {
        return summarise(req, p, false, [](db::transaction& tx, const store::pipeline_query& q) {
            return store::score_distribution(tx, q.range);
        });
    }

  private:
    /// Runs the summary in a read-only transaction of the organization, after reading the
    /// query (`from` and `to`, and `limit` and `cursor` when `paged`) once the member is known.
    template <typename Summary>
    http::response summarise(const http::request& req, const http::path_params& p, bool paged,
                             Summary summary) {
        return json_result(req, in_org<json>(*ctx_, req, p, need::read,
                                             [&](db::transaction& tx, const auto&) -> result<json> {
                                                 auto query = query_of(req, paged);
                                                 if (!query) {
                                                     return std::unexpected(query.error());
                                                 }
                                                 return summary(tx, *query);
                                             }));
    }

    static result<store::pipeline_query> query_of(const http::request& req, bool paged) {
        if (auto checked = check_query_names(req, {}); !checked) {
            return std::unexpected(checked.error());
        }
        store::pipeline_query query;
        for (auto& [name, value] : http::parse_form(req.query)) {
            if (name == "from" || name == "to") {
                if (!domain::is_calendar_date(value)) {
                    return fail(errc::invalid_argument, name + " must be a date (YYYY-MM-DD)",
                                name);
                }
                (name == "from" ? query.range.from : query.range.to) = value;
            } else if (paged && name == "cursor") {
                query.cursor = value;
            } else if (!paged || name != "limit") {
                return refuse_query_parameter(name, false);
            }
        }
        if (paged) {
            auto limit = page_limit(req.query_param("limit"));
            if (!limit) {
                return std::unexpected(limit.error());
            }
            query.limit = *limit;
        }
        return query;
    }

    std::shared_ptr<const context> ctx_;
};

}  // namespace

std::vector<route> summary_routes(std::shared_ptr<const context> ctx) {
    auto h = std::make_shared<summary_handlers>(std::move(ctx));
    using s = summary_handlers;
    const std::string base = org_path + "/summaries";
    return {
        {"GET", base + "/spend", handle(h, &s::spend),
         "Planned, committed and actual spend by category and quarter", "", 200},
        {"GET", base + "/pipeline", handle(h, &s::pipeline),
         "Sourced, influenced, attributed and won pipeline by event", "", 200},
        {"GET", base + "/scores", handle(h, &s::scores),
         "The distribution of stored scores, tiers and decisions", "", 200},
    };
}

}  // namespace dott::api::detail
