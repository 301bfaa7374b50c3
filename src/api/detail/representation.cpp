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

void write_json(json::writer& w, const domain::event& e, bool with_scores) {
    // Keys in sorted order, as an nlohmann object would write them.
    w.begin_object();
    w.key("budget").begin_object();
    w.key("currency").optional_string(e.budget.currency);
    w.key("locked").boolean(e.budget.is_locked());
    w.key("locked_at").optional_string(e.budget.locked_at);
    w.key("locked_by").optional_string(e.budget.locked_by);
    w.key("planned_minor").optional_number(e.budget.planned_minor);
    w.end_object();
    w.key("city").optional_string(e.city);
    w.key("country").optional_string(e.country);
    w.key("created_at").string(e.created_at);
    w.key("end_time").optional_string(e.end_time);
    w.key("ends_at").string(e.ends_at);
    w.key("ends_on").string(e.ends_on);
    w.key("goals").optional_string(e.goals);
    w.key("goals_set_on").optional_string(e.goals_set_on);
    w.key("id").string(e.id);
    w.key("name").string(e.name);
    w.key("online").boolean(e.online);
    w.key("owner_assigned_on").optional_string(e.owner_assigned_on);
    w.key("owner_user_id").optional_string(e.owner_user_id);
    w.key("recap_done_on").optional_string(e.recap_done_on);
    if (with_scores) {
        w.key("scores");
        if (e.scores) {
            w.begin_object();
            w.key("combined").number(e.scores->combined);
            w.key("computed_for").string(e.scores->computed_for);
            w.key("decision").string(e.scores->decision);
            w.key("formula_version").number(e.scores->formula_version);
            w.key("tier").string(e.scores->tier);
            w.end_object();
        } else {
            w.null();
        }
    }
    w.key("series").optional_string(e.series);
    w.key("source").string(e.source);
    w.key("start_time").optional_string(e.start_time);
    w.key("starts_at").string(e.starts_at);
    w.key("starts_on").string(e.starts_on);
    w.key("status").string(e.status);
    w.key("target_leads").optional_number(e.targets.leads);
    w.key("target_meetings").optional_number(e.targets.meetings);
    w.key("target_pipeline_currency").optional_string(e.targets.pipeline_currency);
    w.key("target_pipeline_minor").optional_number(e.targets.pipeline_minor);
    w.key("targets_defined_on").optional_string(e.targets.defined_on);
    w.key("tier").optional_number(e.tier);
    w.key("time_zone").string(e.time_zone);
    w.key("topics").begin_array();
    for (const auto& topic : e.topics) {
        w.string(topic);
    }
    w.end_array();
    w.key("type").string(e.type);
    w.key("updated_at").string(e.updated_at);
    w.key("url").optional_string(e.url);
    w.key("venue").optional_string(e.venue);
    w.key("version").number(e.version);
    w.end_object();
}

namespace {

nlohmann::json parsed(const domain::event& e, bool with_scores) {
    std::string text;
    json::writer w(text);
    write_json(w, e, with_scores);
    return nlohmann::json::parse(text);
}

}  // namespace

nlohmann::json to_json(const domain::event& e) { return parsed(e, false); }

nlohmann::json scored_json(const domain::event& e) { return parsed(e, true); }

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
