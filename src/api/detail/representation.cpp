#include "api/detail/representation.hpp"

#include "domain/role.hpp"

namespace dott::api::detail {
namespace {

template <typename T>
nlohmann::json nullable(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

template <typename T>
void assign(const nlohmann::json& body, const char* key, T& target) {
    if (auto it = body.find(key); it != body.end()) {
        target = it->get<T>();
    }
}

template <typename T>
void assign(const nlohmann::json& body, const char* key, std::optional<T>& target) {
    auto it = body.find(key);
    if (it == body.end()) {
        return;
    }
    if (it->is_null()) {
        target.reset();
        return;
    }
    target = it->get<T>();
}

}  // namespace

nlohmann::json to_json(const domain::event& e) {
    return {
        {"id", e.id},
        {"name", e.name},
        {"type", e.type},
        {"status", e.status},
        {"tier", nullable(e.tier)},
        {"series", nullable(e.series)},
        {"owner_user_id", nullable(e.owner_user_id)},
        {"starts_on", e.starts_on},
        {"ends_on", e.ends_on},
        {"time_zone", e.time_zone},
        {"city", nullable(e.city)},
        {"country", nullable(e.country)},
        {"venue", nullable(e.venue)},
        {"url", nullable(e.url)},
        {"online", e.online},
        {"topics", e.topics},
        {"source", e.source},
        {"budget",
         {{"planned_minor", nullable(e.budget.planned_minor)},
          {"currency", nullable(e.budget.currency)},
          {"locked", e.budget.is_locked()},
          {"locked_at", nullable(e.budget.locked_at)},
          {"locked_by", nullable(e.budget.locked_by)}}},
        {"start_time", nullable(e.start_time)},
        {"end_time", nullable(e.end_time)},
        {"starts_at", e.starts_at},
        {"ends_at", e.ends_at},
        {"goals", nullable(e.goals)},
        {"goals_set_on", nullable(e.goals_set_on)},
        {"target_pipeline_minor", nullable(e.targets.pipeline_minor)},
        {"target_pipeline_currency", nullable(e.targets.pipeline_currency)},
        {"target_meetings", nullable(e.targets.meetings)},
        {"target_leads", nullable(e.targets.leads)},
        {"targets_defined_on", nullable(e.targets.defined_on)},
        {"owner_assigned_on", nullable(e.owner_assigned_on)},
        {"recap_done_on", nullable(e.recap_done_on)},
        {"version", e.version},
        {"created_at", e.created_at},
        {"updated_at", e.updated_at},
    };
}

nlohmann::json scored_json(const domain::event& e) {
    nlohmann::json out = to_json(e);
    out["scores"] = nullptr;
    if (e.scores) {
        out["scores"] = {{"combined", e.scores->combined},
                         {"tier", e.scores->tier},
                         {"decision", e.scores->decision},
                         {"formula_version", e.scores->formula_version},
                         {"computed_for", e.scores->computed_for}};
    }
    return out;
}

nlohmann::json to_json(const domain::line_item& item) {
    return {
        {"id", item.id},
        {"event_id", item.event_id},
        {"category", item.category},
        {"description", item.description},
        {"vendor", nullable(item.vendor)},
        {"currency", item.currency},
        {"planned_minor", item.planned_minor},
        {"committed_minor", item.committed_minor},
        {"actual_minor", item.actual_minor},
        {"approval", item.approval},
        {"source", item.source},
        {"version", item.version},
        {"created_at", item.created_at},
        {"updated_at", item.updated_at},
    };
}

nlohmann::json to_json(const store::organization_record& org) {
    return {
        {"id", org.id},
        {"name", org.name},
        {"reporting_currency", org.reporting_currency},
        {"role", domain::to_string(org.role)},
    };
}

void apply(const nlohmann::json& body, domain::event& e) {
    assign(body, "name", e.name);
    assign(body, "type", e.type);
    assign(body, "status", e.status);
    assign(body, "tier", e.tier);
    assign(body, "series", e.series);
    assign(body, "owner_user_id", e.owner_user_id);
    assign(body, "starts_on", e.starts_on);
    assign(body, "ends_on", e.ends_on);
    assign(body, "time_zone", e.time_zone);
    assign(body, "city", e.city);
    assign(body, "country", e.country);
    assign(body, "venue", e.venue);
    assign(body, "url", e.url);
    assign(body, "online", e.online);
    assign(body, "topics", e.topics);
    assign(body, "start_time", e.start_time);
    assign(body, "end_time", e.end_time);
    assign(body, "goals", e.goals);
    assign(body, "goals_set_on", e.goals_set_on);
    assign(body, "target_pipeline_minor", e.targets.pipeline_minor);
    assign(body, "target_pipeline_currency", e.targets.pipeline_currency);
    assign(body, "target_meetings", e.targets.meetings);
    assign(body, "target_leads", e.targets.leads);
    assign(body, "targets_defined_on", e.targets.defined_on);
    assign(body, "owner_assigned_on", e.owner_assigned_on);
    assign(body, "recap_done_on", e.recap_done_on);
}

void apply(const nlohmann::json& body, domain::line_item& item) {
    assign(body, "category", item.category);
    assign(body, "description", item.description);
    assign(body, "vendor", item.vendor);
    assign(body, "currency", item.currency);
    assign(body, "planned_minor", item.planned_minor);
    assign(body, "committed_minor", item.committed_minor);
    assign(body, "actual_minor", item.actual_minor);
    assign(body, "approval", item.approval);
}

}  // namespace dott::api::detail
