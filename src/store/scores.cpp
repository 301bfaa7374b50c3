#include "store/scores.hpp"

#include <map>
#include <utility>

#include "common/env.hpp"
#include "store/detail/cursor.hpp"
#include "store/detail/sql.hpp"
#include "store/events.hpp"

namespace dott::store {
namespace {

using nlohmann::json;

const std::string all_events_key = "scores:all";

// The inputs of one event and what orders it within its series.
struct event_inputs {
    std::string id;
    std::optional<std::string> series;
    domain::scoring_inputs inputs;
};

template <typename T>
std::optional<T> optional_value(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return field.as<T>();
}

// The events to score (one, or all of the organization when `only` is empty), in start order,
// with their rows of every table the formula reads. Each table is read once for all of them.
std::vector<event_inputs> load_inputs(db::transaction& tx, const std::optional<std::string>& only,
                                      const std::string& today) {
    std::vector<event_inputs> events;
    std::map<std::string, std::size_t> index;
    auto rows = tx.exec(
        "select id, series, starts_on::text, ends_on::text, goals_set_on::text, "
        "target_pipeline_minor, target_pipeline_currency, target_meetings, target_leads, "
        "targets_defined_on::text, budget_planned_minor, budget_currency, "
        "(budget_locked_at at time zone time_zone)::date::text, "
        "case when owner_user_id is not null then owner_assigned_on::text end, "
        "recap_done_on::text from events where org_id = app_org() "
        "and ($1::uuid is null or id = $1::uuid) order by starts_on, id",
        only);
    for (const auto& row : rows) {
        event_inputs e;
        e.id = row[0].as<std::string>();
        e.series = detail::optional_text(row[1]);
        domain::scoring_inputs& in = e.inputs;
        in.today = today;
        in.starts_on = row[2].as<std::string>();
        in.ends_on = row[3].as<std::string>();
        in.goals_set_on = detail::optional_text(row[4]);
        if (!row[5].is_null()) {
            in.targets.pipeline =
                domain::money{row[5].as<std::int64_t>(), row[6].as<std::string>()};
        }
        in.targets.meetings = optional_value<std::int64_t>(row[7]);
        in.targets.leads = optional_value<std::int64_t>(row[8]);
        in.targets.defined_on = detail::optional_text(row[9]);
        if (!row[10].is_null()) {
            in.budget_planned =
                domain::money{row[10].as<std::int64_t>(), row[11].as<std::string>()};
        }
        in.budget_locked_on = detail::optional_text(row[12]);
        in.owner_assigned_on = detail::optional_text(row[13]);
        in.recap_done_on = detail::optional_text(row[14]);
        index[e.id] = events.size();
        events.push_back(std::move(e));
    }
    if (events.empty()) {
        return events;
    }

    // Rows of the event tables, each handed to `add` with the inputs of its event.
    auto each = [&](const std::string& sql, auto add) {
        for (const auto& row : tx.exec(sql, only)) {
            auto found = index.find(row[0].as<std::string>());
            if (found != index.end()) {
                add(events[found->second].inputs, row);
            }
        }
    };
    const std::string of_events =
        " where org_id = app_org() and ($1::uuid is null or "
        "event_id = $1::uuid)";
    each("select event_id, role, assigned_on::text from event_roles" + of_events +
             " order by created_at, id",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.roles.push_back({row[1].as<std::string>(), detail::optional_text(row[2])});
         });
    each("select event_id, name, due_on::text, done_on::text from milestones" + of_events +
             " order by created_at, id",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.milestones.push_back({row[1].as<std::string>(), detail::optional_text(row[2]),
                                      detail::optional_text(row[3])});
         });

    // A cancelled task is not work the team owed.
    each(
        "select event_id, title, due_on::text, done_on::text, owner_user_id is not null "
        "from tasks" +
            of_events + " and status <> 'cancelled' order by created_at, id",
        [](domain::scoring_inputs& in, const pqxx::row& row) {
            in.tasks.push_back({row[1].as<std::string>(), detail::optional_text(row[2]),
                                detail::optional_text(row[3]), row[4].as<bool>()});
        });

    // An event's lines hold at most 10^15 minor units per currency, so the sums fit a bigint.
    each("select event_id, currency, sum(actual_minor)::bigint from budget_line_items" + of_events +
             " group by event_id, currency order by event_id, currency",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             if (!in.actual_spend) {
                 in.actual_spend.emplace();
             }
             in.actual_spend->push_back({row[2].as<std::int64_t>(), row[1].as<std::string>()});
         });
    each("select event_id, count(*) filter (where status <> 'disqualified') from leads" +
             of_events + " group by event_id",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.leads = row[1].as<std::int64_t>();
         });
    each("select event_id, count(*) filter (where status = 'held') from meetings" + of_events +
             " group by event_id",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.meetings = row[1].as<std::int64_t>();
         });
    each(
        "select l.event_id, o.external_id, o.amount_minor, o.currency, l.attribution, "
        "l.weight_percent, o.is_won from event_opportunities l join opportunities o "
        "on o.org_id = l.org_id and o.id = l.opportunity_id where l.org_id = app_org() "
        "and ($1::uuid is null or l.event_id = $1::uuid) order by l.created_at, l.id",
        [](domain::scoring_inputs& in, const pqxx::row& row) {
            if (!in.opportunities) {
                in.opportunities.emplace();
            }
            in.opportunities->push_back({row[1].as<std::string>(),
                                         {row[2].as<std::int64_t>(), row[3].as<std::string>()},
                                         row[4].as<std::string>() == "sourced"
                                             ? domain::attribution::sourced
                                             : domain::attribution::influenced,
                                         row[6].as<bool>(),
                                         optional_value<int>(row[5])});
        });
    each("select event_id, target, registered, attended, no_shows, engaged from attendance" +
             of_events,
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.targets.attendees = optional_value<std::int64_t>(row[1]);
             in.registered = optional_value<std::int64_t>(row[2]);
             in.attended = optional_value<std::int64_t>(row[3]);
             in.no_shows = optional_value<std::int64_t>(row[4]);
             in.engaged = optional_value<std::int64_t>(row[5]);
         });
    each("select event_id, sum(rating)::bigint, count(*) from feedback" + of_events +
             " group by event_id",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.feedback =
                 domain::feedback_input{row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
         });
    each("select event_id, count(*) from proof" + of_events + " group by event_id",
         [](domain::scoring_inputs& in, const pqxx::row& row) {
             in.proof_count = row[1].as<std::int64_t>();
         });

    // The organization's reporting currency and every rate it entered, for every event.
    const std::string currency = reporting_currency(tx);
    const std::vector<domain::exchange_rate> rates = load_exchange_rates(tx);
    for (auto& e : events) {
        e.inputs.reporting_currency = currency;
        e.inputs.rates = rates;
    }
    return events;
}

// The stored combined score of the previous edition of a series: the latest event of the
// series that starts before `starts_on`.
std::optional<int> previous_combined(db::transaction& tx, const event_inputs& e) {
    if (!e.series) {
        return std::nullopt;
    }
    auto rows = tx.exec(
        "select s.combined from events p join event_scores s on s.org_id = p.org_id and "
        "s.event_id = p.id where p.org_id = app_org() and p.series = $1 and "
        "p.starts_on < $2::date and p.id <> $3::uuid order by p.starts_on desc, p.id desc "
        "limit 1",
        *e.series, e.inputs.starts_on, e.id);
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows[0][0].as<int>();
}

result<domain::scoring_weights> weights_of_version(db::transaction& tx, int version) {
    auto rows = tx.exec(
        "select weights::text from scoring_formulas where org_id = app_org() and version = $1",
        version);
    if (rows.empty()) {
        return fail(errc::internal, "the organization's scoring formula version is not stored");
    }
    domain::scoring_weights weights = formula_from_json(json::parse(rows[0][0].c_str()));
    weights.version = version;
    return weights;
}

// The row of event_scores of one event, computed and not yet written.
struct score_row {
    int combined = 0;
    json values;  ///< Every column of the row, by name, for jsonb_to_recordset.
};

// Scores one event with `weights` and the previous edition's combined score.
result<score_row> compute_scores(const event_inputs& e, const domain::scoring_weights& weights,
                                 std::optional<int> previous) {
    auto card = domain::score_event(e.inputs, weights);
    if (!card) {
        return std::unexpected(card.error());
    }
    auto rec = domain::recommend_tier(*card, previous, weights);
    if (!rec) {
        return std::unexpected(rec.error());
    }
    // Assigned one by one: a braced list would copy the large scorecard.
    json values = json::object();
    values["event_id"] = e.id;
    values["formula_version"] = card->formula_version;
    values["computed_for"] = e.inputs.today;
    values["pre_event"] = card->pre_event.value;
    values["efficiency"] = card->efficiency.value;
    values["post_event"] = card->post_event.value;
    values["combined"] = card->combined.value;
    values["rox"] = card->rox.value;
    values["tier"] = domain::to_string(rec->tier);
    values["decision"] = domain::to_string(rec->decision);
    values["scorecard"] = to_json(*card);
    values["recommendation"] = to_json(*rec);
    return score_row{card->combined.value, std::move(values)};
}

// Upserts the rows in one statement, taking their values; returns the events whose combined
// score changed (or that had none stored). The old scores are read in the statement's own
// snapshot.
std::vector<std::string> write_scores(db::transaction& tx, std::vector<score_row>& rows) {
    json batch = json::array();
    for (score_row& row : rows) {
        batch.push_back(std::move(row.values));
    }
    auto changed = tx.exec(
        "with input as (select * from jsonb_to_recordset($1::jsonb) as x(event_id uuid, "
        "formula_version integer, computed_for date, pre_event smallint, efficiency smallint, "
        "post_event smallint, combined smallint, rox smallint, tier text, decision text, "
        "scorecard jsonb, recommendation jsonb)), "
        "old as (select s.event_id, s.combined from event_scores s join input i "
        "on i.event_id = s.event_id where s.org_id = app_org()), "
        "written as (insert into event_scores (org_id, event_id, formula_version, computed_at, "
        "computed_for, pre_event, efficiency, post_event, combined, rox, tier, decision, "
        "scorecard, recommendation) select app_org(), event_id, formula_version, " DOTT_SQL_TIMESTAMP(
            "$2") ", computed_for, pre_event, efficiency, post_event, combined, rox, tier, "
                  "decision, scorecard, recommendation from input "
                  "on conflict (org_id, event_id) do update set "
                  "formula_version = excluded.formula_version, computed_at = "
                  "excluded.computed_at, computed_for = excluded.computed_for, "
                  "pre_event = excluded.pre_event, efficiency = excluded.efficiency, "
                  "post_event = excluded.post_event, combined = excluded.combined, "
                  "rox = excluded.rox, tier = excluded.tier, decision = excluded.decision, "
                  "scorecard = excluded.scorecard, recommendation = excluded.recommendation "
                  "returning event_id, combined) "
                  "select w.event_id::text from written w left join old o "
                  "on o.event_id = w.event_id where o.combined is distinct from w.combined",
        batch.dump(), detail::to_epoch_micros(tx.now()));
    std::vector<std::string> ids;
    for (const auto& row : changed) {
        ids.push_back(row[0].as<std::string>());
    }
    return ids;
}

// Registers the next edition(s) of a series after `starts_on`: every event of the series on
// the first later start date, since each of them has the event as its previous edition.
void schedule_next_editions(db::transaction& tx, const std::optional<std::string>& series,
                            const std::string& starts_on, const std::string& except_id) {
    if (!series) {
        return;
    }
    auto rows = tx.exec(
        "select id from events where org_id = app_org() and series = $1 and id <> $3::uuid "
        "and starts_on = (select min(starts_on) from events where org_id = app_org() and "
        "series = $1 and starts_on > $2::date and id <> $3::uuid)",
        *series, starts_on, except_id);
    for (const auto& row : rows) {
        schedule_scores(tx, row[0].as<std::string>());
    }
}

json money_json(const domain::money& m) {
    return {{"amount_minor", m.minor}, {"currency", m.currency}};
}

json score_json(const domain::score& s) {
    json breakdown = json::array();
    for (const auto& c : s.breakdown) {
        breakdown.push_back(
            {{"criterion", c.name},
             {"weight", c.weight},
             {"earned", {{"numerator", c.earned.numerator}, {"denominator", c.earned.denominator}}},
             {"max_points", c.max_points},
             {"missing", c.missing},
             {"explanation", c.explanation}});
    }
    return {{"value", s.value}, {"breakdown", breakdown}, {"missing", s.missing}};
}

template <typename T>
json nullable(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

// Calls `visit(group, key, value)` for every whole-number setting of a formula, by the name of
// its JSON group ("" at the top) and key: the one list that both directions of JSON follow.
template <typename Visit>
void for_each_weight(domain::scoring_weights& w, Visit visit) {
    visit("pre_event", "goals_set", w.pre_event.goals_set);
    visit("pre_event", "success_defined", w.pre_event.success_defined);
    visit("pre_event", "budget_locked", w.pre_event.budget_locked);
    visit("pre_event", "owner_assigned", w.pre_event.owner_assigned);
    visit("pre_event", "roles_assigned", w.pre_event.roles_assigned);
    visit("pre_event", "efficiency", w.pre_event.efficiency);
    visit("efficiency", "milestones_on_time", w.efficiency.milestones_on_time);
    visit("efficiency", "tasks_on_time", w.efficiency.tasks_on_time);
    visit("efficiency", "spend_within_budget", w.efficiency.spend_within_budget);
    visit("efficiency", "tasks_owned", w.efficiency.tasks_owned);
    visit("post_event", "targets_hit", w.post_event.targets_hit);
    visit("post_event", "outcomes_captured", w.post_event.outcomes_captured);
    visit("post_event", "proof_documented", w.post_event.proof_documented);
    visit("post_event", "recap_on_time", w.post_event.recap_on_time);
    visit("post_event", "efficiency", w.post_event.efficiency);
    visit("rox", "attendance_rate", w.rox.attendance_rate);
    visit("rox", "feedback", w.rox.feedback);
    visit("rox", "engagement", w.rox.engagement);
    visit("combined", "pre_event", w.combined_pre_event);
    visit("combined", "post_event", w.combined_post_event);
    visit("", "influenced_percent", w.influenced_percent);
    visit("", "recap_days", w.recap_days);
    visit("", "overspend_penalty", w.overspend_penalty);
    visit("tiers", "tier_1_min", w.tiers.tier_1_min);
    visit("tiers", "tier_2_min", w.tiers.tier_2_min);
    visit("tiers", "tier_3_min", w.tiers.tier_3_min);
    visit("tiers", "decline_points", w.tiers.decline_points);
}

}  // namespace

void schedule_scores(db::transaction& tx, const std::string& event_id) {
    if (tx.is_waiting(all_events_key)) {
        return;
    }
    tx.before_commit("scores:" + event_id, [event_id](db::transaction& inner) -> result<void> {
        // An event deleted later in the transaction has nothing left to score.
        auto changed = refresh_scores(inner, event_id);
        if (!changed && changed.error().code != errc::not_found) {
            return std::unexpected(changed.error());
        }
        return {};
    });
}

void schedule_all_scores(db::transaction& tx) {
    tx.before_commit(all_events_key, [](db::transaction& inner) -> result<void> {
        auto done = refresh_all_scores(inner);
        if (!done) {
            return std::unexpected(done.error());
        }
        return {};
    });
}

void schedule_event_scores(db::transaction& tx, const domain::event* before,
                           const domain::event* after) {
    if (after != nullptr) {
        schedule_scores(tx, after->id);
    }

    // Where the event sits in its series decides the next edition's previous one. When it
    // stays put, a change of its combined score reaches the next edition anyway.
    bool moved = before == nullptr || after == nullptr || before->series != after->series ||
                 before->starts_on != after->starts_on;
    if (!moved) {
        return;
    }
    if (after != nullptr) {
        schedule_next_editions(tx, after->series, after->starts_on, after->id);
    }
    if (before != nullptr) {
        schedule_next_editions(tx, before->series, before->starts_on, before->id);
    }
}

result<void> schedule_linked_scores(db::transaction& tx, const std::string& table,
                                    const std::string& id) {
    std::string sql;
    if (table == "opportunities") {
        sql =
            "select event_id from event_opportunities where org_id = app_org() and "
            "opportunity_id = $1::uuid";
    } else if (table == "contacts") {
        sql = "select event_id from leads where org_id = app_org() and contact_id = $1::uuid";
    } else {
        return fail(errc::internal, "no linked events for the table " + table);
    }
    for (const auto& row : tx.exec(sql, id)) {
        schedule_scores(tx, row[0].as<std::string>());
    }
    return {};
}

result<domain::scoring_inputs> gather_scoring_inputs(db::transaction& tx,
                                                     const std::string& event_id,
                                                     const std::string& today) {
    auto events = load_inputs(tx, event_id, today);
    if (events.empty()) {
        return fail(errc::not_found, "not found");
    }
    return std::move(events.front().inputs);
}

result<bool> refresh_scores(db::transaction& tx, const std::string& event_id) {
    auto events = load_inputs(tx, event_id, utc_date(tx.now()));
    if (events.empty()) {
        return fail(errc::not_found, "not found");
    }
    auto weights = current_formula(tx);
    if (!weights) {
        return std::unexpected(weights.error());
    }
    const event_inputs& e = events.front();
    auto row = compute_scores(e, *weights, previous_combined(tx, e));
    if (!row) {
        return std::unexpected(row.error());
    }
    std::vector<score_row> rows{std::move(*row)};
    bool changed = !write_scores(tx, rows).empty();
    if (changed) {
        schedule_next_editions(tx, e.series, e.inputs.starts_on, e.id);
    }
    return changed;
}

result<std::size_t> refresh_all_scores(db::transaction& tx) {
    auto weights = current_formula(tx);
    if (!weights) {
        return std::unexpected(weights.error());
    }
    auto events = load_inputs(tx, std::nullopt, utc_date(tx.now()));

    // Events come in start order; per series, `earlier` is the score of the latest edition on
    // an earlier date and `last` the latest one seen, so ties on a date share one previous.
    struct seen {
        std::string date;
        std::optional<int> earlier;
        std::optional<int> last;
    };
    std::map<std::string, seen> series;

    // Rows are written in batches: one statement per batch instead of one per event.
    constexpr std::size_t batch_size = 250;
    std::vector<score_row> batch;
    for (const event_inputs& e : events) {
        std::optional<int> previous;
        if (e.series) {
            seen& s = series[*e.series];
            if (s.date != e.inputs.starts_on) {
                s.earlier = s.last;
                s.date = e.inputs.starts_on;
            }
            previous = s.earlier;
        }
        auto row = compute_scores(e, *weights, previous);
        if (!row) {
            return std::unexpected(row.error());
        }
        if (e.series) {
            series[*e.series].last = row->combined;
        }
        batch.push_back(std::move(*row));
        if (batch.size() == batch_size) {
            (void)write_scores(tx, batch);
            batch.clear();
        }
    }
    if (!batch.empty()) {
        (void)write_scores(tx, batch);
    }
    return events.size();
}

result<domain::scoring_weights> current_formula(db::transaction& tx) {
    auto rows = tx.exec("select scoring_version from organizations where id = app_org()");
    if (rows.empty() || rows[0][0].is_null()) {
        return domain::default_weights();
    }
    return weights_of_version(tx, rows[0][0].as<int>());
}

result<domain::scoring_weights> set_formula(db::transaction& tx, domain::scoring_weights weights) {
    // Locking the organization makes concurrent writers of the formula take turns. No key
    // update: rows that reference the organization can still be written meanwhile. The
    // versions are read by the next statements, whose snapshot is taken after the lock is
    // granted, so that each writer sees the version its predecessor committed.
    auto org = tx.exec(
        "select reporting_currency from organizations where id = app_org() for no key update");
    if (org.empty()) {
        return fail(errc::not_found, "not found");
    }
    auto current = current_formula(tx);
    if (!current) {
        return std::unexpected(current.error());
    }
    if (formula_to_json(weights) == formula_to_json(*current)) {
        return current;
    }
    auto latest =
        tx.exec("select coalesce(max(version), 1) from scoring_formulas where org_id = app_org()");
    weights.version = latest[0][0].as<int>() + 1;
    if (auto checked = domain::check_weights(weights); !checked) {
        return std::unexpected(checked.error());
    }
    const auto& ceiling = weights.tiers.max_cost_per_opportunity;
    std::string currency = org[0][0].as<std::string>();
    if (ceiling && ceiling->currency != currency) {
        return fail(errc::invalid_argument,
                    "the cost ceiling must be in the reporting currency " + currency,
                    "tiers.max_cost_per_opportunity.currency");
    }
    json stored = formula_to_json(weights);
    tx.exec(
        "insert into scoring_formulas (org_id, version, weights, created_by) values "
        "(app_org(), $1, $2::jsonb, app_user())",
        weights.version, stored.dump());
    tx.exec("update organizations set scoring_version = $1 where id = app_org()", weights.version);
    auto audited = append_audit(tx, "scoring_formula.changed", "organization", tx.who().org_id,
                                {{"version", weights.version}, {"weights", stored}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    schedule_all_scores(tx);
    return weights;
}

json formula_to_json(const domain::scoring_weights& w) {
    json out = json::object();
    domain::scoring_weights copy = w;
    for_each_weight(copy, [&](const char* group, const char* key, int& value) {
        (*group == '\0' ? out : out[group])[key] = value;
    });
    const auto& ceiling = w.tiers.max_cost_per_opportunity;
    out["tiers"]["max_cost_per_opportunity"] = ceiling ? money_json(*ceiling) : json(nullptr);
    return out;
}

domain::scoring_weights formula_from_json(const json& body) {
    domain::scoring_weights w = domain::default_weights();
    for_each_weight(w, [&](const char* group, const char* key, int& value) {
        const json* holder = &body;
        if (*group != '\0') {
            auto found = body.find(group);
            if (found == body.end()) {
                return;
            }
            holder = &*found;
        }
        if (auto found = holder->find(key); found != holder->end()) {
            value = found->get<int>();
        }
    });
    auto tiers = body.find("tiers");
    if (tiers == body.end()) {
        return w;
    }
    if (auto ceiling = tiers->find("max_cost_per_opportunity");
        ceiling != tiers->end() && !ceiling->is_null()) {
        w.tiers.max_cost_per_opportunity =
            domain::money{ceiling->at("amount_minor").get<std::int64_t>(), ceiling->at("currency")};
    }
    return w;
}

json to_json(const domain::scorecard& card) {
    const domain::roi_report& roi = card.roi;
    json by_currency = json::array();
    for (const auto& m : roi.actual_cost_by_currency) {
        by_currency.push_back(money_json(m));
    }
    return {{"formula_version", card.formula_version},
            {"reporting_currency", card.reporting_currency},
            {"pre_event", score_json(card.pre_event)},
            {"efficiency", score_json(card.efficiency)},
            {"post_event", score_json(card.post_event)},
            {"combined", score_json(card.combined)},
            {"rox", score_json(card.rox)},
            {"roi",
             {{"actual_cost_by_currency", by_currency},
              {"actual_cost", reported_json(roi.actual_cost)},
              {"attributed_pipeline", reported_json(roi.attributed_pipeline)},
              {"won_revenue", reported_json(roi.won_revenue)},
              {"pipeline_to_cost_percent", nullable(roi.pipeline_to_cost_percent)},
              {"roi_percent", nullable(roi.roi_percent)},
              {"cost_per_lead", reported_json(roi.cost_per_lead)},
              {"cost_per_meeting", reported_json(roi.cost_per_meeting)},
              {"cost_per_attendee", reported_json(roi.cost_per_attendee)},
              {"cost_per_opportunity", reported_json(roi.cost_per_opportunity)},
              {"notes", roi.notes},
              {"missing", roi.missing}}},
            {"missing", card.missing}};
}

json to_json(const domain::tier_recommendation& rec) {
    return {{"formula_version", rec.formula_version},
            {"tier", domain::to_string(rec.tier)},
            {"decision", domain::to_string(rec.decision)},
            {"combined_score", rec.combined_score},
            {"previous_combined_score", nullable(rec.previous_combined_score)},
            {"year_over_year_change", nullable(rec.year_over_year_change)},
            {"cost_per_opportunity", reported_json(rec.cost_per_opportunity)},
            {"over_cost_ceiling", rec.over_cost_ceiling},
            {"rationale", rec.rationale}};
}

result<json> get_event_scores(db::transaction& tx, const std::string& event_id) {
    auto rows = tx.exec(
        "select formula_version, computed_for::text, " DOTT_SQL_RFC3339(
            "computed_at") ", scorecard::text, recommendation::text from event_scores "
                           "where org_id = app_org() and event_id = $1::uuid",
        event_id);
    if (rows.empty()) {
        return fail(errc::not_found, "not found");
    }
    json scores = json::parse(rows[0][3].c_str());
    scores["event_id"] = event_id;
    scores["formula_version"] = rows[0][0].as<int>();
    scores["computed_for"] = rows[0][1].as<std::string>();
    scores["computed_at"] = rows[0][2].as<std::string>();
    scores["recommendation"] = json::parse(rows[0][4].c_str());
    return scores;
}

result<recommendation_page> list_tier_recommendations(db::transaction& tx,
                                                      const recommendation_filter& filter) {
    // Best first: combined score descending, then id descending.
    std::optional<std::string> after_value;
    std::optional<std::string> after_id;
    if (filter.cursor) {
        auto position = detail::decode_cursor(*filter.cursor, "combined", true);
        if (!position) {
            return std::unexpected(position.error());
        }
        after_value = position->value;
        after_id = position->id;
    }
    auto rows = tx.exec(
        "select e.id, e.name, e.starts_on::text, e.series, s.combined, s.formula_version, "
        "s.computed_for::text, s.recommendation::text from event_scores s join events e "
        "on e.org_id = s.org_id and e.id = s.event_id where s.org_id = app_org() "
        "and ($1::text is null or s.tier = $1) and ($2::text is null or s.decision = $2) "
        "and ($4::uuid is null or (s.combined, e.id) < ($3::integer, $4::uuid)) "
        "order by s.combined desc, e.id desc limit $5",
        filter.tier, filter.decision, after_value, after_id, static_cast<long>(filter.limit + 1));
    recommendation_page page;
    for (const auto& row : rows) {
        if (page.recommendations.size() == filter.limit) {
            const json& last = page.recommendations.back();
            page.next_cursor = detail::encode_cursor(
                "combined", true, std::to_string(last.at("combined_score").get<int>()),
                last.at("event").at("id").get<std::string>());
            break;
        }
        json rec = json::parse(row[7].c_str());
        rec["event"] = {{"id", row[0].as<std::string>()},
                        {"name", row[1].as<std::string>()},
                        {"starts_on", row[2].as<std::string>()},
                        {"series", nullable(detail::optional_text(row[3]))}};
        rec["computed_for"] = row[6].as<std::string>();
        page.recommendations.push_back(std::move(rec));
    }
    return page;
}

json reported_json(const std::optional<domain::reported_money>& m) {
    if (!m) {
        return nullptr;
    }
    json rates = json::array();
    for (const auto& rate : m->rates_used) {
        rates.push_back({{"from", rate.from},
                         {"to", rate.to},
                         {"effective_on", rate.on},
                         {"rate", domain::format_exchange_rate(rate)}});
    }
    json out = money_json(m->amount);
    out["converted"] = m->is_converted();
    out["rates_used"] = rates;
    return out;
}

std::string reporting_currency(db::transaction& tx) {
    auto org = tx.exec("select reporting_currency from organizations where id = app_org()");
    return org.empty() ? "USD" : org[0][0].as<std::string>();
}

std::vector<domain::exchange_rate> load_exchange_rates(db::transaction& tx) {
    std::vector<domain::exchange_rate> rates;
    for (const auto& row :
         tx.exec("select from_currency, to_currency, effective_on::text, numerator, denominator "
                 "from exchange_rates where org_id = app_org() "
                 "order by from_currency, to_currency, effective_on")) {
        rates.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                         row[2].as<std::string>(), row[3].as<std::int64_t>(),
                         row[4].as<std::int64_t>()});
    }
    return rates;
}

}  // namespace dott::store
