#include "domain/scoring.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include "domain/calendar.hpp"

namespace dott::domain {
namespace {

using wide = __int128;

constexpr std::int64_t int64_max = 9'223'372'036'854'775'807;
constexpr wide basis = 10'000;

// An exact rational in 128 bits; every denominator the formula builds is small (list sizes,
// weights, 10 000), so the sums below stay far from the limit.
struct ratio {
    wide num = 0;
    wide den = 1;
};

wide gcd_wide(wide a, wide b) {
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b != 0) {
        wide rest = a % b;
        a = b;
        b = rest;
    }
    return a;
}

ratio reduce(ratio r) {
    wide common = gcd_wide(r.num, r.den);
    if (common > 1) {
        r.num /= common;
        r.den /= common;
    }
    return r;
}

ratio add(ratio a, ratio b) { return reduce({a.num * b.den + b.num * a.den, a.den * b.den}); }

ratio times(wide factor, ratio r) { return reduce({factor * r.num, r.den}); }

// Rounds a non-negative rational half up: floor(n / d + 1/2).
wide round_half_up(wide num, wide den) { return (num * 2 + den) / (den * 2); }

// Rounds a signed rational half away from zero; `den` is positive.
wide round_half_away(wide num, wide den) {
    wide rounded = round_half_up(num < 0 ? -num : num, den);
    return num < 0 ? -rounded : rounded;
}

// A measured ratio in basis points, rounded down and capped at 10 000: a target counts as fully
// met only when it is met.
wide basis_points(wide num, wide den) {
    if (num <= 0) {
        return 0;
    }
    return std::min(basis, num * basis / den);
}

std::string percent_text(wide bp) {
    std::string whole = std::to_string(static_cast<std::int64_t>(bp / 100));
    auto cents = static_cast<std::int64_t>(bp % 100);
    return whole + "." + (cents < 10 ? "0" : "") + std::to_string(cents) + "%";
}

std::string amount_text(const money& m) {
    return format_minor_units(m.minor, m.currency) + " " + m.currency;
}

// Days since 1970-01-01 of a checked YYYY-MM-DD date (Howard Hinnant's civil-days method).
std::int64_t day_number(std::string_view date) {
    int y = std::stoi(std::string(date.substr(0, 4)));
    int m = std::stoi(std::string(date.substr(5, 2)));
    int d = std::stoi(std::string(date.substr(8, 2)));
    y -= m <= 2 ? 1 : 0;
    int era = y / 400;
    int year_of_era = y - era * 400;
    int day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

void add_missing(std::vector<std::string>& list, const std::string& key) {
    if (std::find(list.begin(), list.end(), key) == list.end()) {
        list.push_back(key);
    }
}

void merge_missing(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const std::string& key : from) {
        add_missing(into, key);
    }
}

// Collects the criteria of one score and turns them into its 0..100 value.
class score_builder {
  public:
    // Adds a criterion that earns `weight × fraction`, fraction in 0..1.
    void graded(std::string name, int weight, ratio fraction, bool missing,
                std::string explanation) {
        ratio earned = times(weight, fraction);
        earned_ = add(earned_, earned);
        max_ += weight;
        breakdown_.push_back(
            {std::move(name), weight, to_points(earned), weight, missing, std::move(explanation)});
    }

    // Adds a criterion with nothing to grade yet; it leaves the score out entirely.
    void not_applicable(std::string name, int weight, std::string explanation) {
        breakdown_.push_back({std::move(name), weight, points{}, 0, false, std::move(explanation)});
    }

    void missing(const std::string& key) { add_missing(missing_, key); }
    void missing(const std::vector<std::string>& keys) { merge_missing(missing_, keys); }

    score finish() && {
        score result;
        if (max_ > 0) {
            result.value = static_cast<int>(round_half_up(100 * earned_.num, earned_.den * max_));
        }
        result.breakdown = std::move(breakdown_);
        result.missing = std::move(missing_);
        return result;
    }

  private:
    static points to_points(ratio r) {
        r = reduce(r);
        return {static_cast<std::int64_t>(r.num), static_cast<std::int64_t>(r.den)};
    }

    ratio earned_;
    wide max_ = 0;
    std::vector<criterion_score> breakdown_;
    std::vector<std::string> missing_;
};

ratio whole() { return {1, 1}; }
ratio nothing() { return {0, 1}; }

// Validation ------------------------------------------------------------------------------

result<void> check_date(const std::string& date, const std::string& field) {
    if (!is_calendar_date(date)) {
        return fail(errc::invalid_argument, field + " must be a date written YYYY-MM-DD", field);
    }
    return {};
}

result<void> check_date(const std::optional<std::string>& date, const std::string& field) {
    return date ? check_date(*date, field) : result<void>{};
}

result<void> check_count(const std::optional<std::int64_t>& count, const std::string& field) {
    if (count && *count < 0) {
        return fail(errc::invalid_argument, field + " cannot be negative", field);
    }
    return {};
}

result<void> check_amount(const money& amount, const std::string& field) {
    if (!is_currency_code(amount.currency)) {
        return fail(errc::invalid_argument, field + " needs an ISO 4217 currency", field);
    }
    return {};
}

result<void> check_weight(int weight, const std::string& field) {
    if (weight < 0 || weight > 1000) {
        return fail(errc::invalid_argument, field + " must be a weight in 0..1000", field);
    }
    return {};
}

result<void> check_group(std::initializer_list<std::pair<int, const char*>> group,
                         const std::string& name) {
    int sum = 0;
    for (auto [weight, field] : group) {
        if (auto checked = check_weight(weight, name + "." + field); !checked) {
            return checked;
        }
        sum += weight;
    }
    if (sum == 0) {
        return fail(errc::invalid_argument, "the " + name + " weights cannot all be zero", name);
    }
    return {};
}

result<void> check_range(int value, int low, int high, const std::string& field) {
    if (value < low || value > high) {
        return fail(errc::invalid_argument,
                    field + " must be in " + std::to_string(low) + ".." + std::to_string(high),
                    field);
    }
    return {};
}

result<void> check_tiers(const tier_thresholds& t) {
    for (auto [value, field] :
         {std::pair{t.tier_1_min, "tiers.tier_1_min"}, std::pair{t.tier_2_min, "tiers.tier_2_min"},
          std::pair{t.tier_3_min, "tiers.tier_3_min"},
          std::pair{t.decline_points, "tiers.decline_points"}}) {
        if (auto checked = check_range(value, 0, 100, field); !checked) {
            return checked;
        }
    }
    if (t.tier_1_min < t.tier_2_min || t.tier_2_min < t.tier_3_min) {
        return fail(errc::invalid_argument,
                    "tier thresholds must not increase from tier 1 to tier 3", "tiers");
    }
    if (t.max_cost_per_opportunity) {
        if (auto checked =
                check_amount(*t.max_cost_per_opportunity, "tiers.max_cost_per_opportunity");
            !checked) {
            return checked;
        }
        if (t.max_cost_per_opportunity->minor < 0) {
            return fail(errc::invalid_argument, "the cost ceiling cannot be negative",
                        "tiers.max_cost_per_opportunity");
        }
    }
    return {};
}

result<void> check_inputs(const scoring_inputs& in) {
    for (auto [date, field] : {std::pair{&in.today, "today"}, std::pair{&in.starts_on, "starts_on"},
                               std::pair{&in.ends_on, "ends_on"}}) {
        if (auto checked = check_date(*date, field); !checked) {
            return checked;
        }
    }
    if (in.ends_on < in.starts_on) {
        return fail(errc::invalid_argument, "ends_on is before starts_on", "ends_on");
    }
    if (!is_currency_code(in.reporting_currency)) {
        return fail(errc::invalid_argument, "reporting_currency must be ISO 4217",
                    "reporting_currency");
    }
    for (const exchange_rate& rate : in.rates) {
        if (auto checked = check_exchange_rate(rate); !checked) {
            return fail(errc::invalid_argument, checked.error().message, "rates");
        }
    }
    for (auto [date, field] :
         {std::pair{&in.rates_as_of, "rates_as_of"}, std::pair{&in.goals_set_on, "goals_set_on"},
          std::pair{&in.targets.defined_on, "targets.defined_on"},
          std::pair{&in.budget_locked_on, "budget_locked_on"},
          std::pair{&in.owner_assigned_on, "owner_assigned_on"},
          std::pair{&in.recap_done_on, "recap_done_on"}}) {
        if (auto checked = check_date(*date, field); !checked) {
            return checked;
        }
    }
    for (const role_input& role : in.roles) {
        if (auto checked = check_date(role.assigned_on, "roles.assigned_on"); !checked) {
            return checked;
        }
    }
    for (const milestone_input& m : in.milestones) {
        if (auto checked = check_date(m.due_on, "milestones.due_on"); !checked) {
            return checked;
        }
        if (auto checked = check_date(m.done_on, "milestones.done_on"); !checked) {
            return checked;
        }
    }
    for (const task_input& t : in.tasks) {
        if (auto checked = check_date(t.due_on, "tasks.due_on"); !checked) {
            return checked;
        }
        if (auto checked = check_date(t.done_on, "tasks.done_on"); !checked) {
            return checked;
        }
    }
    for (auto [count, field] :
         {std::pair{&in.targets.meetings, "targets.meetings"},
          std::pair{&in.targets.leads, "targets.leads"},
          std::pair{&in.targets.attendees, "targets.attendees"}, std::pair{&in.leads, "leads"},
          std::pair{&in.meetings, "meetings"}, std::pair{&in.registered, "registered"},
          std::pair{&in.attended, "attended"}, std::pair{&in.no_shows, "no_shows"},
          std::pair{&in.engaged, "engaged"}}) {
        if (auto checked = check_count(*count, field); !checked) {
            return checked;
        }
    }
    if (in.proof_count < 0) {
        return fail(errc::invalid_argument, "proof_count cannot be negative", "proof_count");
    }
    if (in.targets.pipeline) {
        if (auto checked = check_amount(*in.targets.pipeline, "targets.pipeline"); !checked) {
            return checked;
        }
        if (in.targets.pipeline->minor < 0) {
            return fail(errc::invalid_argument, "the pipeline target cannot be negative",
                        "targets.pipeline");
        }
    }
    if (in.budget_planned) {
        if (auto checked = check_amount(*in.budget_planned, "budget_planned"); !checked) {
            return checked;
        }
    }
    if (in.actual_spend) {
        for (const money& m : *in.actual_spend) {
            if (auto checked = check_amount(m, "actual_spend"); !checked) {
                return checked;
            }
        }
    }
    if (in.opportunities) {
        for (const opportunity_input& o : *in.opportunities) {
            if (auto checked = check_amount(o.amount, "opportunities.amount"); !checked) {
                return checked;
            }
            if (o.influenced_percent &&
                (*o.influenced_percent < 0 || *o.influenced_percent > 100)) {
                return fail(errc::invalid_argument,
                            "an influenced opportunity's percent is in 0..100",
                            "opportunities.influenced_percent");
            }
        }
    }
    if (in.feedback) {
        const feedback_input& f = *in.feedback;
        if (f.count < 0 || f.total < f.count || f.total > 5 * static_cast<wide>(f.count)) {
            return fail(errc::invalid_argument,
                        "feedback must be a count and a total of answers from 1 to 5", "feedback");
        }
    }
    return {};
}

// Money in the reporting currency ---------------------------------------------------------

// Converts and adds amounts into the reporting currency. Empty when a rate is missing (the
// pair is then listed in `missing`); a failure only on overflow.
class reporter {
  public:
    explicit reporter(const scoring_inputs& in)
        : in_(in), as_of_(in.rates_as_of.value_or(in.ends_on)) {}

    result<std::optional<reported_money>> total(std::span<const money> amounts,
                                                std::vector<std::string>& missing) const {
        std::vector<dated_money> dated;
        dated.reserve(amounts.size());
        for (const money& amount : amounts) {
            dated.push_back({amount, as_of_});
        }
        return report_total(dated, in_.reporting_currency, in_.rates, missing);
    }

    result<std::optional<reported_money>> one(const money& amount,
                                              std::vector<std::string>& missing) const {
        return total(std::span<const money>(&amount, 1), missing);
    }

  private:
    const scoring_inputs& in_;
    std::string as_of_;
};

// Pipeline attributed to the event: sourced in full, influenced at each link's percent (or the
// formula's), the influenced part rounded half away from zero once, on its total.
// `won_only` keeps won opportunities.
result<std::optional<reported_money>> attributed(const scoring_inputs& in, const reporter& r,
                                                 int influenced_percent, bool won_only,
                                                 std::vector<std::string>& missing) {
    std::vector<money> sourced;
    std::map<int, std::vector<money>> influenced_by_percent;
    for (const opportunity_input& o : *in.opportunities) {
        if (won_only && !o.won) {
            continue;
        }
        if (o.link == attribution::sourced) {
            sourced.push_back(o.amount);
        } else {
            influenced_by_percent[o.influenced_percent.value_or(influenced_percent)].push_back(
                o.amount);
        }
    }
    auto sourced_total = r.total(sourced, missing);
    if (!sourced_total) {
        return sourced_total;
    }
    bool complete = sourced_total->has_value();

    // Each group of one percent is converted and added exactly; the shares are added as
    // hundredths and rounded once.
    wide hundredths = 0;
    std::vector<exchange_rate> rates;
    for (const auto& [percent, amounts] : influenced_by_percent) {
        auto total = r.total(amounts, missing);
        if (!total) {
            return total;
        }
        if (!*total) {
            complete = false;
            continue;
        }
        hundredths += static_cast<wide>((*total)->amount.minor) * percent;
        for (const exchange_rate& rate : (*total)->rates_used) {
            if (std::find(rates.begin(), rates.end(), rate) == rates.end()) {
                rates.push_back(rate);
            }
        }
    }
    if (!complete) {
        return std::optional<reported_money>{};
    }
    reported_money result = std::move(**sourced_total);
    wide sum = result.amount.minor + round_half_away(hundredths, 100);
    if (sum > int64_max || sum < -int64_max - 1) {
        return fail(errc::invalid_argument, "the attributed pipeline is out of range", "minor");
    }
    result.amount.minor = static_cast<std::int64_t>(sum);
    for (const exchange_rate& rate : rates) {
        if (std::find(result.rates_used.begin(), result.rates_used.end(), rate) ==
            result.rates_used.end()) {
            result.rates_used.push_back(rate);
        }
    }
    return std::optional<reported_money>{std::move(result)};
}

// Attendance recorded directly, or registered minus no-shows.
std::optional<std::int64_t> attendance(const scoring_inputs& in) {
    if (in.attended) {
        return in.attended;
    }
    if (in.registered && in.no_shows && *in.no_shows <= *in.registered) {
        return *in.registered - *in.no_shows;
    }
    return std::nullopt;
}

// Efficiency -------------------------------------------------------------------------------

struct on_time_count {
    wide graded = 0;
    wide on_time = 0;
    std::vector<std::string> missing;
};

// A dated item is graded once it is done or its due date has passed; an undone item due
// today or later is not due yet.
template <typename Item>
on_time_count count_on_time(const std::vector<Item>& items, const std::string& today,
                            const std::string& list_name) {
    on_time_count count;
    for (const Item& item : items) {
        if (!item.due_on) {
            ++count.graded;
            add_missing(count.missing, list_name + "." + item.name + ".due_on");
            continue;
        }
        if (item.done_on) {
            ++count.graded;
            count.on_time += *item.done_on <= *item.due_on ? 1 : 0;
            continue;
        }
        count.graded += *item.due_on < today ? 1 : 0;
    }
    return count;
}

void grade_on_time(score_builder& b, const std::string& name, int weight,
                   const on_time_count& count, bool empty, const std::string& list_name) {
    if (empty) {
        b.missing(list_name);
        b.graded(name, weight, nothing(), true, "no " + list_name + " recorded");
        return;
    }
    if (count.graded == 0) {
        b.not_applicable(name, weight, "no " + list_name + " due yet");
        return;
    }
    b.missing(count.missing);
    std::string text = std::to_string(static_cast<std::int64_t>(count.on_time)) + " of " +
                       std::to_string(static_cast<std::int64_t>(count.graded)) + " " + list_name +
                       " due so far done on time";
    if (!count.missing.empty()) {
        text += "; " + std::to_string(count.missing.size()) + " without a due date count as late";
    }
    b.graded(name, weight, reduce({count.on_time, count.graded}), !count.missing.empty(), text);
}

result<void> grade_spend(score_builder& b, const scoring_inputs& in, const reporter& r,
                         const scoring_weights& w) {
    const int weight = w.efficiency.spend_within_budget;
    std::vector<std::string> missing;
    if (!in.budget_planned) {
        missing.push_back("budget.planned");
    }
    if (!in.actual_spend) {
        missing.push_back("actual_spend");
    }
    std::optional<reported_money> planned;
    std::optional<reported_money> actual;
    if (in.budget_planned) {
        auto converted = r.one(*in.budget_planned, missing);
        if (!converted) {
            return std::unexpected(converted.error());
        }
        planned = std::move(*converted);
    }
    if (in.actual_spend) {
        auto converted = r.total(*in.actual_spend, missing);
        if (!converted) {
            return std::unexpected(converted.error());
        }
        actual = std::move(*converted);
    }
    if (!planned || !actual) {
        b.missing(missing);
        b.graded("spend_within_budget", weight, nothing(), true,
                 "planned budget, actual spend or an exchange rate is missing");
        return {};
    }

    wide p = planned->amount.minor;
    wide a = actual->amount.minor;
    std::string figures =
        "spent " + amount_text(actual->amount) + " of a planned " + amount_text(planned->amount);
    if (a <= p) {
        b.graded("spend_within_budget", weight, whole(), false, figures + ", within budget");
        return {};
    }
    if (p <= 0) {
        b.graded("spend_within_budget", weight, nothing(), false,
                 figures + ", with no budget to spend against");
        return {};
    }

    // Each percent over budget costs overspend_penalty percent of the criterion.
    wide kept = std::max<wide>(0, p - w.overspend_penalty * (a - p));
    wide bp = basis_points(kept, p);
    b.graded("spend_within_budget", weight, reduce({bp, basis}), false,
             figures + ", " + percent_text(basis_points(a - p, p)) + " over budget");
    return {};
}

result<score> score_efficiency(const scoring_inputs& in, const reporter& r,
                               const scoring_weights& w) {
    score_builder b;
    grade_on_time(b, "milestones_on_time", w.efficiency.milestones_on_time,
                  count_on_time(in.milestones, in.today, "milestones"), in.milestones.empty(),
                  "milestones");
    grade_on_time(b, "tasks_on_time", w.efficiency.tasks_on_time,
                  count_on_time(in.tasks, in.today, "tasks"), in.tasks.empty(), "tasks");
    if (auto graded = grade_spend(b, in, r, w); !graded) {
        return std::unexpected(graded.error());
    }

    if (in.tasks.empty()) {
        b.missing("tasks");
        b.graded("tasks_owned", w.efficiency.tasks_owned, nothing(), true, "no tasks recorded");
    } else {
        auto owned = std::count_if(in.tasks.begin(), in.tasks.end(),
                                   [](const task_input& t) { return t.owned; });
        b.graded("tasks_owned", w.efficiency.tasks_owned,
                 reduce({owned, static_cast<wide>(in.tasks.size())}), false,
                 std::to_string(owned) + " of " + std::to_string(in.tasks.size()) +
                     " tasks have an owner");
    }
    return std::move(b).finish();
}

// Pre-Event --------------------------------------------------------------------------------

// Grades a one-off planning step that must happen before the event starts.
void grade_before_start(score_builder& b, const std::string& name, int weight,
                        const std::optional<std::string>& done_on, const std::string& starts_on,
                        const std::string& missing_key, const std::string& what) {
    if (!done_on) {
        b.missing(missing_key);
        b.graded(name, weight, nothing(), true, what + " is missing");
        return;
    }
    if (*done_on < starts_on) {
        b.graded(name, weight, whole(), false, what + " on " + *done_on + ", before the start");
        return;
    }
    b.graded(name, weight, nothing(), false,
             what + " on " + *done_on + ", not before the start on " + starts_on);
}

void grade_success_defined(score_builder& b, const scoring_inputs& in, int weight) {
    const success_targets& t = in.targets;
    std::vector<std::string> missing;
    int defined = 0;
    for (auto [present, key] : {std::pair{t.pipeline.has_value(), "success_targets.pipeline"},
                                std::pair{t.meetings.has_value(), "success_targets.meetings"},
                                std::pair{t.leads.has_value(), "success_targets.leads"},
                                std::pair{t.attendees.has_value(), "success_targets.attendees"}}) {
        if (present) {
            ++defined;
        } else {
            missing.push_back(key);
        }
    }
    std::string counted = std::to_string(defined) + " of 4 targets defined";
    if (defined > 0 && !t.defined_on) {
        missing.push_back("success_targets.defined_on");
        b.missing(missing);
        b.graded("success_defined", weight, nothing(), true,
                 counted + ", but not when, so not known to precede the start");
        return;
    }
    b.missing(missing);
    if (defined > 0 && *t.defined_on >= in.starts_on) {
        b.graded("success_defined", weight, nothing(), !missing.empty(),
                 counted + " on " + *t.defined_on + ", not before the start on " + in.starts_on);
        return;
    }
    b.graded("success_defined", weight, reduce({defined, 4}), !missing.empty(), counted);
}

void grade_roles(score_builder& b, const scoring_inputs& in, int weight) {
    if (in.roles.empty()) {
        b.missing("roles");
        b.graded("roles_assigned", weight, nothing(), true, "no roles recorded");
        return;
    }
    wide in_time = 0;
    bool any_missing = false;
    for (const role_input& role : in.roles) {
        if (!role.assigned_on) {
            b.missing("roles." + role.role);
            any_missing = true;
            continue;
        }
        in_time += *role.assigned_on < in.starts_on ? 1 : 0;
    }
    b.graded("roles_assigned", weight, reduce({in_time, static_cast<wide>(in.roles.size())}),
             any_missing,
             std::to_string(static_cast<std::int64_t>(in_time)) + " of " +
                 std::to_string(in.roles.size()) + " roles assigned before the start");
}

void grade_efficiency(score_builder& b, int weight, const score& efficiency) {
    b.missing(efficiency.missing);
    b.graded("efficiency", weight, reduce({efficiency.value, 100}), false,
             "Efficiency score " + std::to_string(efficiency.value));
}

score score_pre_event(const scoring_inputs& in, const scoring_weights& w, const score& efficiency) {
    const pre_event_weights& pw = w.pre_event;
    score_builder b;
    grade_before_start(b, "goals_set", pw.goals_set, in.goals_set_on, in.starts_on, "goals",
                       "goals set");
    grade_success_defined(b, in, pw.success_defined);
    grade_before_start(b, "budget_locked", pw.budget_locked, in.budget_locked_on, in.starts_on,
                       "budget.locked_on", "budget locked");
    grade_before_start(b, "owner_assigned", pw.owner_assigned, in.owner_assigned_on, in.starts_on,
                       "owner", "owner assigned");
    grade_roles(b, in, pw.roles_assigned);
    grade_efficiency(b, pw.efficiency, efficiency);
    return std::move(b).finish();
}

// Post-Event -------------------------------------------------------------------------------

// One target's attainment in basis points, or nothing when its actual is missing.
std::optional<wide> attainment(std::optional<wide> actual, wide target) {
    if (!actual) {
        return std::nullopt;
    }
    if (target <= 0) {
        return basis;
    }
    return basis_points(*actual, target);
}

result<void> grade_targets(score_builder& b, const scoring_inputs& in, const reporter& r,
                           const scoring_weights& w, const std::optional<reported_money>& pipeline,
                           const std::vector<std::string>& pipeline_missing) {
    const success_targets& t = in.targets;
    std::vector<std::string> missing;
    std::vector<std::string> parts;
    wide defined = 0;
    wide sum_bp = 0;

    auto count_target = [&](const char* label, std::optional<wide> actual, wide target,
                            const char* actual_key) {
        ++defined;
        auto bp = attainment(actual, target);
        if (!bp) {
            add_missing(missing, actual_key);
            parts.push_back(std::string(label) + " not recorded");
            return;
        }
        sum_bp += *bp;
        parts.push_back(std::string(label) + " " + percent_text(*bp) + " of target");
    };

    if (t.pipeline) {
        auto target = r.one(*t.pipeline, missing);
        if (!target) {
            return std::unexpected(target.error());
        }
        if (!*target) {
            ++defined;
            parts.push_back("pipeline target has no exchange rate");
        } else if (in.opportunities && !pipeline) {
            ++defined;
            merge_missing(missing, pipeline_missing);
            parts.push_back("pipeline has no exchange rate");
        } else {
            std::optional<wide> actual;
            if (pipeline) {
                actual = pipeline->amount.minor;
            }
            count_target("pipeline", actual, (*target)->amount.minor, "opportunities");
        }
    }
    auto as_wide = [](std::optional<std::int64_t> v) -> std::optional<wide> {
        return v ? std::optional<wide>(*v) : std::nullopt;
    };
    if (t.meetings) {
        count_target("meetings", as_wide(in.meetings), *t.meetings, "meetings");
    }
    if (t.leads) {
        count_target("leads", as_wide(in.leads), *t.leads, "leads");
    }
    if (t.attendees) {
        count_target("attendees", as_wide(attendance(in)), *t.attendees, "attended");
    }

    if (defined == 0) {
        b.missing("success_targets");
        b.graded("targets_hit", w.post_event.targets_hit, nothing(), true, "no targets defined");
        return {};
    }
    std::string text;
    for (const std::string& part : parts) {
        text += (text.empty() ? "" : ", ") + part;
    }
    b.missing(missing);
    b.graded("targets_hit", w.post_event.targets_hit, reduce({sum_bp, defined * basis}),
             !missing.empty(), text);
    return {};
}

void grade_outcomes(score_builder& b, const scoring_inputs& in, int weight) {
    wide captured = 0;
    std::vector<std::string> missing;
    for (auto [present, key] :
         {std::pair{in.leads.has_value(), "leads"}, std::pair{in.meetings.has_value(), "meetings"},
          std::pair{in.opportunities.has_value(), "opportunities"}}) {
        if (present) {
            ++captured;
        } else {
            missing.push_back(key);
        }
    }
    b.missing(missing);
    b.graded("outcomes_captured", weight, reduce({captured, 3}), !missing.empty(),
             std::to_string(static_cast<std::int64_t>(captured)) +
                 " of 3 outcomes captured (leads, meetings, pipeline)");
}

void grade_recap(score_builder& b, const scoring_inputs& in, const scoring_weights& w) {
    const int weight = w.post_event.recap_on_time;
    if (!in.recap_done_on) {
        b.missing("recap");
        b.graded("recap_on_time", weight, nothing(), true, "no recap recorded");
        return;
    }
    std::int64_t days = day_number(*in.recap_done_on) - day_number(in.ends_on);
    std::string text = "recap done " + std::to_string(days) + " days after the end, " +
                       std::to_string(w.recap_days) + " allowed";
    b.graded("recap_on_time", weight, days <= w.recap_days ? whole() : nothing(), false, text);
}

result<score> score_post_event(const scoring_inputs& in, const reporter& r,
                               const scoring_weights& w, const score& efficiency,
                               const std::optional<reported_money>& pipeline,
                               const std::vector<std::string>& pipeline_missing) {
    const post_event_weights& pw = w.post_event;
    score_builder b;
    if (auto graded = grade_targets(b, in, r, w, pipeline, pipeline_missing); !graded) {
        return std::unexpected(graded.error());
    }
    grade_outcomes(b, in, pw.outcomes_captured);
    if (in.proof_count > 0) {
        b.graded("proof_documented", pw.proof_documented, whole(), false,
                 std::to_string(in.proof_count) + " proof items documented");
    } else {
        b.missing("proof");
        b.graded("proof_documented", pw.proof_documented, nothing(), true, "no proof documented");
    }
    grade_recap(b, in, w);
    grade_efficiency(b, pw.efficiency, efficiency);
    return std::move(b).finish();
}

// Combined and ROX -------------------------------------------------------------------------

score score_combined(const scoring_weights& w, const score& pre, const score& post) {
    score_builder b;
    b.missing(pre.missing);
    b.missing(post.missing);
    b.graded("pre_event", w.combined_pre_event, reduce({pre.value, 100}), false,
             "Pre-Event score " + std::to_string(pre.value));
    b.graded("post_event", w.combined_post_event, reduce({post.value, 100}), false,
             "Post-Event score " + std::to_string(post.value));
    return std::move(b).finish();
}

// Grades `part / whole` in basis points, for the ROX ratios.
void grade_rate(score_builder& b, const std::string& name, int weight,
                std::optional<std::int64_t> part, const char* part_key,
                std::optional<std::int64_t> total, const char* total_key, const char* what) {
    std::vector<std::string> missing;
    if (!part) {
        missing.push_back(part_key);
    }
    if (!total) {
        missing.push_back(total_key);
    }
    if (!missing.empty()) {
        b.missing(missing);
        b.graded(name, weight, nothing(), true, std::string(what) + ": an input is missing");
        return;
    }
    if (*total == 0) {
        b.not_applicable(name, weight, std::string(what) + ": nothing to divide by");
        return;
    }
    wide bp = basis_points(*part, *total);
    b.graded(name, weight, reduce({bp, basis}), false,
             std::string(what) + " " + std::to_string(*part) + " of " + std::to_string(*total) +
                 " = " + percent_text(bp));
}

score score_rox(const scoring_inputs& in, const scoring_weights& w) {
    score_builder b;
    grade_rate(b, "attendance_rate", w.rox.attendance_rate, attendance(in), "attended",
               in.registered, "registered", "attended");
    if (!in.feedback || in.feedback->count == 0) {
        b.missing("feedback");
        b.graded("feedback", w.rox.feedback, nothing(), true, "no feedback recorded");
    } else {
        // An average of 1 earns nothing and 5 earns everything: (avg - 1) / 4.
        const feedback_input& f = *in.feedback;
        wide bp = basis_points(f.total - f.count, 4 * static_cast<wide>(f.count));
        b.graded(
            "feedback", w.rox.feedback, reduce({f.total - f.count, 4 * static_cast<wide>(f.count)}),
            false,
            std::to_string(f.count) + " answers, " + percent_text(bp) + " of the way from 1 to 5");
    }
    grade_rate(b, "engagement", w.rox.engagement, in.engaged, "engaged", attendance(in), "attended",
               "engaged");
    return std::move(b).finish();
}

// ROI -------------------------------------------------------------------------------------

std::optional<reported_money> per_unit(const std::optional<reported_money>& cost,
                                       std::optional<std::int64_t> count, const char* what,
                                       roi_report& roi) {
    if (!cost || !count) {
        return std::nullopt;
    }
    if (*count == 0) {
        roi.notes.push_back(std::string("cost per ") + what + " is undefined: there are no " +
                            what + "s");
        return std::nullopt;
    }
    reported_money result = *cost;
    result.amount.minor = static_cast<std::int64_t>(round_half_away(cost->amount.minor, *count));
    return result;
}

result<roi_report> report_roi(const scoring_inputs& in, const reporter& r, const scoring_weights& w,
                              const std::optional<reported_money>& pipeline,
                              std::vector<std::string> pipeline_missing) {
    roi_report roi;
    roi.missing = std::move(pipeline_missing);
    if (!in.actual_spend) {
        add_missing(roi.missing, "actual_spend");
    } else {
        currency_totals totals;
        for (const money& m : *in.actual_spend) {
            if (auto added = totals.add(m.currency, m.minor); !added) {
                return std::unexpected(added.error());
            }
        }
        for (const auto& [currency, minor] : totals.by_currency()) {
            roi.actual_cost_by_currency.push_back({minor, currency});
        }
        auto cost = r.total(*in.actual_spend, roi.missing);
        if (!cost) {
            return std::unexpected(cost.error());
        }
        roi.actual_cost = std::move(*cost);
    }
    roi.attributed_pipeline = pipeline;
    if (in.opportunities) {
        auto won = attributed(in, r, w.influenced_percent, true, roi.missing);
        if (!won) {
            return std::unexpected(won.error());
        }
        roi.won_revenue = std::move(*won);
    }

    const std::optional<reported_money>& cost = roi.actual_cost;
    if (cost && cost->amount.minor <= 0) {
        roi.notes.push_back("ROI is undefined: the actual cost is zero");
    } else if (cost) {
        wide c = cost->amount.minor;
        if (roi.attributed_pipeline) {
            roi.pipeline_to_cost_percent = static_cast<std::int64_t>(
                round_half_away(static_cast<wide>(roi.attributed_pipeline->amount.minor) * 100, c));
        }
        if (roi.won_revenue) {
            roi.roi_percent = static_cast<std::int64_t>(
                round_half_away((static_cast<wide>(roi.won_revenue->amount.minor) - c) * 100, c));
        }
    }

    roi.cost_per_lead = per_unit(cost, in.leads, "lead", roi);
    roi.cost_per_meeting = per_unit(cost, in.meetings, "meeting", roi);
    roi.cost_per_attendee = per_unit(cost, attendance(in), "attendee", roi);
    std::optional<std::int64_t> opportunity_count;
    if (in.opportunities) {
        opportunity_count = static_cast<std::int64_t>(in.opportunities->size());
    }
    roi.cost_per_opportunity = per_unit(cost, opportunity_count, "opportunity", roi);
    return roi;
}

}  // namespace

scoring_weights default_weights() { return scoring_weights{}; }

result<void> check_weights(const scoring_weights& w) {
    if (w.version < 1) {
        return fail(errc::invalid_argument, "the formula version starts at 1", "version");
    }
    const pre_event_weights& pre = w.pre_event;
    const efficiency_weights& eff = w.efficiency;
    const post_event_weights& post = w.post_event;
    for (auto checked :
         {check_group({{pre.goals_set, "goals_set"},
                       {pre.success_defined, "success_defined"},
                       {pre.budget_locked, "budget_locked"},
                       {pre.owner_assigned, "owner_assigned"},
                       {pre.roles_assigned, "roles_assigned"},
                       {pre.efficiency, "efficiency"}},
                      "pre_event"),
          check_group({{eff.milestones_on_time, "milestones_on_time"},
                       {eff.tasks_on_time, "tasks_on_time"},
                       {eff.spend_within_budget, "spend_within_budget"},
                       {eff.tasks_owned, "tasks_owned"}},
                      "efficiency"),
          check_group({{post.targets_hit, "targets_hit"},
                       {post.outcomes_captured, "outcomes_captured"},
                       {post.proof_documented, "proof_documented"},
                       {post.recap_on_time, "recap_on_time"},
                       {post.efficiency, "efficiency"}},
                      "post_event"),
          check_group({{w.rox.attendance_rate, "attendance_rate"},
                       {w.rox.feedback, "feedback"},
                       {w.rox.engagement, "engagement"}},
                      "rox"),
          check_range(w.combined_pre_event, 0, 100, "combined_pre_event"),
          check_range(w.combined_post_event, 0, 100, "combined_post_event"),
          check_range(w.influenced_percent, 0, 100, "influenced_percent"),
          check_range(w.recap_days, 0, 366, "recap_days"),
          check_range(w.overspend_penalty, 0, 100, "overspend_penalty"), check_tiers(w.tiers)}) {
        if (!checked) {
            return checked;
        }
    }
    if (w.combined_pre_event + w.combined_post_event != 100) {
        return fail(errc::invalid_argument,
                    "the combined Pre-Event and Post-Event weights must add up to 100",
                    "combined_pre_event");
    }
    return {};
}

result<scorecard> score_event(const scoring_inputs& inputs, const scoring_weights& weights) {
    if (auto checked = check_weights(weights); !checked) {
        return std::unexpected(checked.error());
    }
    if (auto checked = check_inputs(inputs); !checked) {
        return std::unexpected(checked.error());
    }
    reporter r(inputs);

    // The attributed pipeline feeds both the Post-Event targets and the ROI.
    std::optional<reported_money> pipeline;
    std::vector<std::string> pipeline_missing;
    if (inputs.opportunities) {
        auto attributed_pipeline =
            attributed(inputs, r, weights.influenced_percent, false, pipeline_missing);
        if (!attributed_pipeline) {
            return std::unexpected(attributed_pipeline.error());
        }
        pipeline = std::move(*attributed_pipeline);
    } else {
        pipeline_missing.push_back("opportunities");
    }

    scorecard card;
    card.formula_version = weights.version;
    card.reporting_currency = inputs.reporting_currency;
    auto efficiency = score_efficiency(inputs, r, weights);
    if (!efficiency) {
        return std::unexpected(efficiency.error());
    }
    card.efficiency = std::move(*efficiency);
    card.pre_event = score_pre_event(inputs, weights, card.efficiency);
    auto post = score_post_event(inputs, r, weights, card.efficiency, pipeline, pipeline_missing);
    if (!post) {
        return std::unexpected(post.error());
    }
    card.post_event = std::move(*post);

    card.combined = score_combined(weights, card.pre_event, card.post_event);
    card.rox = score_rox(inputs, weights);
    auto roi = report_roi(inputs, r, weights, pipeline, std::move(pipeline_missing));
    if (!roi) {
        return std::unexpected(roi.error());
    }
    card.roi = std::move(*roi);

    for (const score* s :
         {&card.pre_event, &card.efficiency, &card.post_event, &card.combined, &card.rox}) {
        merge_missing(card.missing, s->missing);
    }
    merge_missing(card.missing, card.roi.missing);
    return card;
}

result<std::optional<reported_money>> report_total(std::span<const dated_money> amounts,
                                                   std::string_view to,
                                                   std::span<const exchange_rate> rates,
                                                   std::vector<std::string>& missing) {
    reported_money sum{{0, std::string(to)}, {}};
    bool complete = true;
    wide running = 0;
    for (const dated_money& part : amounts) {
        // Nothing is nothing in every currency: a zero needs no rate.
        if (part.amount.minor == 0) {
            continue;
        }
        auto converted = convert(part.amount, to, rates, part.as_of);
        if (!converted && converted.error().code == errc::not_found) {
            add_missing(missing, converted.error().field);
            complete = false;
            continue;
        }
        if (!converted) {
            return std::unexpected(converted.error());
        }
        running += converted->amount.minor;
        if (running > int64_max || running < -int64_max - 1) {
            return fail(errc::invalid_argument, "a total is out of range", "minor");
        }
        if (converted->rate && std::find(sum.rates_used.begin(), sum.rates_used.end(),
                                         *converted->rate) == sum.rates_used.end()) {
            sum.rates_used.push_back(*converted->rate);
        }
    }
    if (!complete) {
        return std::optional<reported_money>{};
    }
    sum.amount.minor = static_cast<std::int64_t>(running);
    return std::optional<reported_money>{std::move(sum)};
}

}  // namespace dott::domain
