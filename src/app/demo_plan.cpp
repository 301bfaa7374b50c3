#include "app/demo_plan.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>
#include <string_view>
#include <tuple>

#include "app/detail/demo_content.hpp"
#include "crypto/crypto.hpp"

namespace dott::app::demo {
namespace {

using detail::event_kind;

// The colleagues in the order plan_portfolio() lists them: the event manager who runs the
// webinars, the field marketer who runs the roadshow, and finance, who reads.
constexpr person event_manager = 1;
constexpr person field_marketer = 2;

/// SplitMix64, seeded with the SHA-256 of a text. Every number of the demo comes from one of
/// these, each seeded with what it is about ("berlin buzzwords|2025-06-08|schedule"), so that a
/// draw for one event never shifts the draws of another and every run tells the same story.
class draw {
  public:
    explicit draw(std::string_view seed) {
        std::string digest = crypto::sha256(std::string("dott demo 1|").append(seed));
        for (std::size_t i = 0; i < 8; ++i) {
            state_ = (state_ << 8) | static_cast<unsigned char>(digest[i]);
        }
    }

    std::uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// A whole number from `low` to `high`, both included.
    std::int64_t between(std::int64_t low, std::int64_t high) {
        auto width = static_cast<std::uint64_t>(high - low + 1);
        return low + static_cast<std::int64_t>(next() % width);
    }

    std::int64_t between(detail::span_of range) { return between(range.low, range.high); }

    /// A number from 0 to 99.
    int roll() { return static_cast<int>(between(0, 99)); }

    /// True `percent` times in a hundred.
    bool chance(std::int64_t percent) { return roll() < percent; }

    template <typename T>
    const T& pick(std::span<const T> items) {
        return items[static_cast<std::size_t>(between(0, std::ssize(items) - 1))];
    }

  private:
    std::uint64_t state_ = 0;
};

std::chrono::sys_days day_of(const std::string& date) {
    int year = std::stoi(date.substr(0, 4));
    auto month = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
    auto day = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
    return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} /
                                 std::chrono::day{day}};
}

std::string text_of(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd{day};
    char text[32];
    std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

/// The date of the `nth` (1 = first) `weekday` of a month.
std::string nth_weekday(int year, unsigned month, std::chrono::weekday weekday, unsigned nth) {
    return text_of(
        std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / weekday[nth]});
}

int days_between(const std::string& from, const std::string& to) {
    return static_cast<int>((day_of(to) - day_of(from)).count());
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

/// Lower-case letters and digits, other runs of characters as one hyphen: "Berlin Buzzwords"
/// becomes "berlin-buzzwords".
std::string slug(std::string_view text) {
    std::string out;
    for (char c : lower(text)) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out.empty() ? "event" : out;
}

/// An amount given in euros, in `currency` at the opening rate, rounded to a multiple of
/// `step` whole units of that currency (at least one step).
domain::money from_euros(std::int64_t euros, const std::string& currency, std::int64_t step) {
    std::int64_t units = euros * 1'000'000 / detail::opening_millionths(currency);
    units = std::max<std::int64_t>(step, (units + step / 2) / step * step);
    std::int64_t scale = 1;
    for (int i = 0; i < domain::minor_unit_digits(currency); ++i) {
        scale *= 10;
    }
    return {units * scale, currency};
}

std::int64_t percent_of(std::int64_t amount, std::int64_t percent) {
    return amount * percent / 100;
}

// How well the team planned and ran an event (discipline) and how its results compared with
// its targets (results), both in percent. Five levels, from exemplary to neglected; each
// draws its two figures from its own ranges: discipline from and to, then results from and
// to.
struct quality {
    int discipline = 0;
    int results = 0;
};

constexpr int level_count = 5;
constexpr std::array<std::array<int, 4>, level_count> level_ranges = {{
    {84, 96, 84, 108},
    {55, 74, 52, 80},
    {38, 56, 36, 62},
    {18, 36, 16, 42},
    {0, 12, 0, 22},
}};

/// The level of an event with no earlier edition.
int first_level(draw& d) {
    int roll = d.roll();
    return roll < 10 ? 0 : roll < 38 ? 1 : roll < 66 ? 2 : roll < 86 ? 3 : 4;
}

/// The level of the next edition of a series: the same, one better, or one or two worse, so
/// that some series improve and others decline enough for an adjust.
int next_level(int previous, draw& d) {
    int roll = d.roll();
    if (roll < 35) {
        return previous;
    }
    if (roll < 62) {
        return std::max(0, previous - 1);
    }
    return std::min(level_count - 1, previous + (roll < 88 ? 1 : 2));
}

quality quality_of(int level, draw& d) {
    const auto& r = level_ranges[static_cast<std::size_t>(level)];
    quality q;
    q.discipline = static_cast<int>(d.between(r[0], r[1]));
    q.results = static_cast<int>(d.between(r[2], r[3]));
    return q;
}

/// What the story of one event starts from.
struct outline {
    domain::event event;  ///< The facts (name, dates, place) with the team's type and series.
    std::optional<std::size_t> listing;
    const event_kind* kind = nullptr;
    std::string seed;  ///< Names every draw of the event.
    int level = 2;
    int tier = 3;
    bool flagship = false;
    person lead = demo_owner;              ///< Who owns the event once an owner is assigned.
    std::string currency;                  ///< The local currency.
    std::optional<std::string> companion;  ///< A dinner's conference, by its seed.
};

/// The budget (in euros) and the targets an event would set, drawn whether or not it sets
/// them.
struct target_values {
    std::int64_t budget_euros = 0;
    std::int64_t leads = 0;
    std::int64_t meetings = 0;
    std::int64_t attendees = 0;
    domain::money pipeline;
};

/// The currency deals from an event are counted in: dollars in the United States, pounds in
/// the United Kingdom, euros elsewhere.
std::string deal_currency(const std::string& local) {
    return local == "USD" || local == "GBP" ? local : std::string("EUR");
}

/// Tells the story of each outlined event as of `today`, adding the contacts and
/// opportunities the stories share to the portfolio.
class teller {
  public:
    teller(std::string today, portfolio& out) : today_(std::move(today)), out_(out) {}

    event_story tell(const outline& o);

  private:
    /// The date when it has come by today; nothing for a date still ahead.
    std::optional<std::string> by_today(std::string date) const {
        if (date > today_) {
            return std::nullopt;
        }
        return date;
    }

    bool has_ended(const domain::event& e) const { return e.ends_on < today_; }

    void plan(event_story& s, const outline& o, const quality& q, const target_values& t);
    void staff(event_story& s, const outline& o, const quality& q);
    void schedule(event_story& s, const outline& o, const quality& q);
    void spend(event_story& s, const outline& o, const quality& q, const target_values& t);
    void collect_leads(event_story& s, const outline& o, const quality& q, const target_values& t);
    void collect_meetings(event_story& s, const outline& o, const quality& q,
                          const target_values& t);
    void collect_deals(event_story& s, const outline& o, const quality& q, const target_values& t);
    void count_attendance(event_story& s, const outline& o, const quality& q,
                          const target_values& t);
    void gather_feedback(event_story& s, const outline& o, const quality& q);
    void document(event_story& s, const outline& o, const quality& q);
    void book_speakers(event_story& s, const outline& o);
    std::vector<std::size_t> pick_contacts(draw& d, std::size_t count) const;

    std::string today_;
    portfolio& out_;
};

target_values draw_targets(const outline& o) {
    draw d(o.seed + "|targets");
    const event_kind& k = *o.kind;
    std::int64_t scale = o.flagship ? 3 : 2;
    target_values t;
    t.budget_euros = d.between(k.budget) * scale / 2;
    t.leads = d.between(k.leads) * scale / 2;
    t.meetings = d.between(k.meetings) * scale / 2;
    t.attendees = d.between(k.attendees) * scale / 2;
    t.pipeline = from_euros(d.between(k.pipeline) * scale / 2, deal_currency(o.currency), 5'000);
    return t;
}

event_story teller::tell(const outline& o) {
    draw d(o.seed + "|quality");
    const quality q = quality_of(o.level, d);
    const target_values t = draw_targets(o);

    event_story s;
    s.listing = o.listing;
    s.event = o.event;
    s.event.tier = o.tier;
    s.event.source = "demo";
    plan(s, o, q, t);
    staff(s, o, q);
    schedule(s, o, q);
    spend(s, o, q, t);
    book_speakers(s, o);
    collect_meetings(s, o, q, t);
    count_attendance(s, o, q, t);

    // Outcomes are recorded only once the event is over.
    if (has_ended(s.event)) {
        collect_leads(s, o, q, t);
        collect_deals(s, o, q, t);
        gather_feedback(s, o, q);
        document(s, o, q);
        s.event.status = s.event.recap_done_on ? "reported" : "completed";
    } else if (s.event.starts_on <= today_) {
        s.event.status = "live";
    } else {
        s.event.status = s.budget_locked_on ? "confirmed" : "planning";
    }
    return s;
}

// Goals, targets, owner and budget: each set before the start, late, or never, as the
// event's discipline has it.
void teller::plan(event_story& s, const outline& o, const quality& q, const target_values& t) {
    draw d(o.seed + "|plan");
    const std::string& start = s.event.starts_on;
    const int dq = q.discipline;
    auto when = [&](int early_low, int early_high, int on_time_chance, int late_chance) {
        int roll = d.roll();
        std::int64_t early = d.between(early_low, early_high);
        std::int64_t late = d.between(0, 2);
        if (roll < on_time_chance) {
            return by_today(add_days(start, static_cast<int>(-early)));
        }
        if (roll < on_time_chance + late_chance) {
            return by_today(add_days(start, static_cast<int>(late)));
        }
        return std::optional<std::string>{};
    };

    if (auto set_on = when(70, 150, dq, (100 - dq) / 2)) {
        s.event.goals = std::string(o.kind->goal);
        s.event.goals_set_on = set_on;
    }

    // Disciplined teams define all four targets; others fewer, the attendee target first to go.
    int defined = dq >= 80   ? 4
                  : dq >= 60 ? 3 + d.chance(50)
                  : dq >= 40 ? 2 + d.chance(50)
                  : dq >= 20 ? 1 + d.chance(50)
                             : d.chance(30);
    if (auto defined_on = when(45, 100, dq + 5, (90 - dq) / 2); defined_on && defined > 0) {
        s.event.targets.defined_on = defined_on;
        s.event.targets.pipeline_minor = t.pipeline.minor;
        s.event.targets.pipeline_currency = t.pipeline.currency;
        if (defined > 1) {
            s.event.targets.leads = t.leads;
        }
        if (defined > 2) {
            s.event.targets.meetings = t.meetings;
        }
        if (defined > 3) {
            s.attendance = attendance_row{.target = t.attendees};
        }
    }

    if (auto assigned_on = when(100, 180, dq + 15, 75 - dq)) {
        s.owner = o.lead;
        s.event.owner_assigned_on = assigned_on;
    }

    // Only a neglected event may have no planned total at all.
    bool budgeted = dq >= 10 || d.chance(50);
    auto locked_on = when(15, 45, dq, 20);
    if (budgeted) {
        s.budget = from_euros(t.budget_euros, o.currency, 1'000);
        s.budget_locked_on = locked_on;
    }
}

// Roles: held by the team (or an agency) from well before the start, on the first day, or
// nobody yet.
void teller::staff(event_story& s, const outline& o, const quality& q) {
    draw d(o.seed + "|roles");
    const auto& roles = o.kind->roles;
    std::size_t count = q.discipline >= 50 ? roles.size() : std::min<std::size_t>(roles.size(), 2);
    for (std::size_t i = 0; i < count; ++i) {
        int roll = d.roll();
        std::int64_t early = d.between(20, 90);
        bool agency = d.chance(40);
        role_row row{.role = std::string(roles[i])};
        std::optional<std::string> on;
        if (roll < q.discipline) {
            on = by_today(add_days(s.event.starts_on, static_cast<int>(-early)));
        } else if (roll < q.discipline + 35) {
            on = by_today(s.event.starts_on);
        }
        if (on) {
            row.assigned_on = on;
            if (roles[i] == "Logistics" && agency) {
                row.person_name = "Northlight Exhibits (agency)";
            } else {
                row.member = (o.lead + i) % 3;
            }
        }
        s.roles.push_back(std::move(row));
    }
}

// Milestones and tasks: done before their due date, late, or still open.
void teller::schedule(event_story& s, const outline& o, const quality& q) {
    draw d(o.seed + "|schedule");
    auto due_of = [&](const detail::step_template& step) {
        return add_days(step.after_end ? s.event.ends_on : s.event.starts_on, step.days);
    };
    for (const auto& step : o.kind->milestones) {
        int roll = d.roll();
        std::int64_t early = d.between(0, 10);
        std::int64_t late = d.between(2, 20);
        milestone_row row{.name = std::string(step.name), .due_on = due_of(step)};
        if (roll < q.discipline) {
            row.done_on = by_today(add_days(row.due_on, static_cast<int>(-early)));
        } else if (roll < q.discipline + 45) {
            row.done_on = by_today(add_days(row.due_on, static_cast<int>(late)));
        }
        s.milestones.push_back(std::move(row));
    }

    for (const auto& step : o.kind->tasks) {
        int roll = d.roll();
        std::int64_t early = d.between(0, 7);
        std::int64_t late = d.between(1, 15);
        bool owned = d.chance(std::min(95, q.discipline + 20));
        person owner = static_cast<person>(d.between(0, 2));
        task_row row{.title = std::string(step.name), .due_on = due_of(step), .status = "open"};
        if (owned) {
            row.owner = owner;
        }
        std::optional<std::string> done;
        if (roll < q.discipline) {
            done = add_days(row.due_on, static_cast<int>(-early));
        } else if (roll < q.discipline + 40) {
            done = add_days(row.due_on, static_cast<int>(late));
        } else if (roll >= 95) {
            row.status = "cancelled";
        }
        if (done && *done <= today_) {
            row.status = "done";
            row.done_on = done;
        } else if (row.status == "open" && days_between(today_, row.due_on) < 14) {
            row.status = "in_progress";
        }
        s.tasks.push_back(std::move(row));
    }
}

// Budget lines: planned from the total, contracted and paid as the event nears, and settled
// at or over plan once it is over, as the event's discipline has it.
void teller::spend(event_story& s, const outline& o, const quality& q, const target_values& t) {
    draw d(o.seed + "|spend");
    const std::int64_t euros = t.budget_euros;
    const int dq = q.discipline;
    int factor = static_cast<int>(dq >= 85   ? d.between(86, 99)
                                  : dq >= 65 ? d.between(92, 104)
                                  : dq >= 45 ? d.between(98, 112)
                                  : dq >= 20 ? d.between(104, 122)
                                             : d.between(110, 140));
    const bool ended = has_ended(s.event);
    for (const auto& line : o.kind->lines) {
        std::int64_t share = d.between(88, 100);
        std::int64_t line_factor = factor + d.between(-5, 5);
        std::string currency = line.currency == detail::paid_in::euro     ? std::string("EUR")
                               : line.currency == detail::paid_in::dollar ? std::string("USD")
                                                                          : o.currency;
        domain::line_item item;
        item.category = std::string(line.category);
        item.description = "Demo data: " + std::string(line.description);
        item.vendor = line.vendor.empty() ? s.event.name.substr(0, 200) : std::string(line.vendor);
        item.currency = currency;
        item.planned_minor =
            from_euros(percent_of(percent_of(euros, line.share), share), currency, 50).minor;
        item.source = "demo";

        const std::string& start = s.event.starts_on;
        bool contracted = add_days(start, line.early ? -60 : -14) <= today_;
        bool paid = line.early && add_days(start, -30) <= today_;
        if (ended) {
            item.actual_minor = percent_of(item.planned_minor, line_factor) / 100 * 100;
            item.committed_minor = item.actual_minor;
            item.approval = "approved";
        } else {
            item.committed_minor = contracted ? item.planned_minor : 0;
            item.actual_minor = paid ? item.planned_minor : 0;
            item.approval = contracted                       ? "approved"
                            : add_days(start, -90) <= today_ ? "submitted"
                                                             : "draft";
        }
        s.lines.push_back(std::move(item));
    }
}

std::vector<std::size_t> teller::pick_contacts(draw& d, std::size_t count) const {
    std::vector<std::size_t> pool(out_.contacts.size());
    std::iota(pool.begin(), pool.end(), 0);
    count = std::min(count, pool.size());
    for (std::size_t i = 0; i < count; ++i) {
        auto j = static_cast<std::size_t>(
            d.between(static_cast<std::int64_t>(i), static_cast<std::int64_t>(pool.size()) - 1));
        std::swap(pool[i], pool[j]);
    }
    pool.resize(count);
    return pool;
}

void teller::collect_leads(event_story& s, const outline& o, const quality& q,
                           const target_values& t) {
    draw d(o.seed + "|leads");
    bool recorded = q.discipline >= 20 || !d.chance(60);
    std::int64_t count = percent_of(percent_of(t.leads, q.results), d.between(85, 115));
    std::int64_t disqualified = d.between(0, 2 + count / 10);
    auto contacts = pick_contacts(d, static_cast<std::size_t>(count + disqualified));
    if (!recorded) {
        return;
    }
    int length = days_between(s.event.starts_on, s.event.ends_on);
    for (std::size_t i = 0; i < contacts.size(); ++i) {
        int roll = d.roll();
        lead_row lead{
            .contact = contacts[i],
            .captured_on = add_days(s.event.starts_on, static_cast<int>(d.between(0, length))),
            .status = roll < 15   ? "converted"
                      : roll < 55 ? "qualified"
                                  : "new",
            .notes = std::string(o.kind->lead_note)};
        if (static_cast<std::int64_t>(i) >= count) {
            lead.status = "disqualified";
        }
        s.leads.push_back(std::move(lead));
    }
}

// Meetings held at an event that is over (with a few no-shows and cancellations), or booked
// for one that starts within a month.
void teller::collect_meetings(event_story& s, const outline& o, const quality& q,
                              const target_values& t) {
    draw d(o.seed + "|meetings");
    bool recorded = q.discipline >= 35 || !d.chance(50);
    std::int64_t held = percent_of(percent_of(t.meetings, q.results), d.between(85, 115));
    std::int64_t missed = d.between(0, 2);
    std::int64_t booked = d.between(1, std::max<std::int64_t>(1, t.meetings / 2));
    auto contacts = pick_contacts(d, static_cast<std::size_t>(held + missed + booked));
    int length = days_between(s.event.starts_on, s.event.ends_on);
    auto meeting = [&](std::size_t contact, std::string status) {
        return meeting_row{
            .title = "Meeting with " + out_.contacts[contact].company,
            .contact = contact,
            .held_on = add_days(s.event.starts_on, static_cast<int>(d.between(0, length))),
            .status = std::move(status),
            .notes = "Demo data: booked around the event"};
    };

    if (!has_ended(s.event)) {
        if (s.event.starts_on <= today_ || add_days(s.event.starts_on, -30) > today_) {
            return;
        }
        for (std::int64_t i = 0; i < booked; ++i) {
            s.meetings.push_back(meeting(contacts[static_cast<std::size_t>(i)], "planned"));
        }
        return;
    }
    if (!recorded) {
        return;
    }
    for (std::int64_t i = 0; i < held + missed; ++i) {
        std::string status = i < held ? "held" : d.chance(60) ? "no_show" : "cancelled";
        s.meetings.push_back(meeting(contacts[static_cast<std::size_t>(i)], status));
    }
}

// Opportunities the event sourced or influenced, worth about its pipeline target times its
// results; those whose close date has passed are won or lost.
void teller::collect_deals(event_story& s, const outline& o, const quality& q,
                           const target_values& t) {
    draw d(o.seed + "|deals");
    bool recorded = q.discipline >= 25 || !d.chance(50);
    const std::string& currency = t.pipeline.currency;
    std::int64_t units = t.pipeline.minor / 100;
    std::int64_t aim = percent_of(percent_of(units, q.results), d.between(85, 115));
    bool large = o.kind->type == "trade_show" || o.kind->type == "sponsorship";
    std::int64_t count = large ? d.between(2, 4) : d.between(1, 3);
    std::vector<std::int64_t> weights;
    for (std::int64_t i = 0; i < count; ++i) {
        weights.push_back(d.between(1, 4));
    }
    std::int64_t total_weight = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t amount = aim * weights[static_cast<std::size_t>(i)] / total_weight;
        amount = std::max<std::int64_t>(5'000, (amount + 250) / 500 * 500);
        bool sourced = d.chance(65);
        std::optional<int> weight;
        if (!sourced && d.chance(40)) {
            weight = static_cast<int>(d.between(3, 7) * 10);
        }
        std::string close = add_days(s.event.ends_on, static_cast<int>(d.between(30, 200)));
        bool won = d.chance(30 + q.results / 3);
        std::string account =
            s.leads.empty()
                ? std::string(d.pick(detail::companies()))
                : out_.contacts[s.leads[static_cast<std::size_t>(i) % s.leads.size()].contact]
                      .company;
        std::string kind(d.pick(detail::deal_kinds()));
        if (!recorded) {
            continue;
        }

        opportunity_row deal;
        char id[32];
        std::snprintf(id, sizeof(id), "DEMO-OPP-%04zu", out_.opportunities.size() + 1);
        deal.external_id = id;
        deal.name = account + ": " + kind;
        deal.account = account;
        deal.amount = {amount * 100, currency};
        deal.close_date = close;
        int age = days_between(s.event.ends_on, today_);
        if (close <= today_) {
            deal.is_closed = true;
            deal.is_won = won;
            deal.stage = won ? "Closed Won" : "Closed Lost";
        } else {
            deal.stage = age < 45 ? "Discovery" : age < 100 ? "Proposal" : "Negotiation";
        }
        s.links.push_back({out_.opportunities.size(), sourced, weight});
        out_.opportunities.push_back(std::move(deal));
    }
}

void teller::count_attendance(event_story& s, const outline& o, const quality& q,
                              const target_values& t) {
    draw d(o.seed + "|attendance");
    bool recorded = q.discipline >= 20 || !d.chance(50);
    std::int64_t attended = percent_of(percent_of(t.attendees, q.results), d.between(90, 110));
    std::int64_t registered = std::max(attended, percent_of(attended, d.between(115, 150)));
    std::int64_t engaged =
        std::min(attended, percent_of(attended, d.between(30, 60) + q.results / 4));
    if (!has_ended(s.event) || !recorded) {
        return;
    }
    attendance_row& row = s.attendance ? *s.attendance : s.attendance.emplace();
    row.registered = registered;
    row.attended = attended;
    row.no_shows = registered - attended;
    row.engaged = engaged;
}

void teller::gather_feedback(event_story& s, const outline& o, const quality& q) {
    draw d(o.seed + "|feedback");
    bool recorded = o.kind->feedback && (q.discipline >= 30 || !d.chance(60));
    std::int64_t count = d.between(4, 8);
    std::int64_t mean_tenths = 16 + 32 * std::min(q.results, 110) / 110;
    for (std::int64_t i = 0; i < count; ++i) {
        auto rating = static_cast<int>(
            std::clamp<std::int64_t>((mean_tenths + d.between(-12, 12) + 5) / 10, 1, 5));
        std::string on = add_days(s.event.ends_on, static_cast<int>(d.between(1, 7)));
        bool commented = d.chance(40);
        if (!recorded || on > today_) {
            continue;
        }
        feedback_row row{.rating = rating, .submitted_on = on};
        if (commented) {
            row.comment = std::string(detail::feedback_comment(rating));
        }
        s.feedback.push_back(std::move(row));
    }
}

// Proof of what happened and the recap: a disciplined team documents within days, others
// late or never.
void teller::document(event_story& s, const outline& o, const quality& q) {
    draw d(o.seed + "|proof");
    bool documented = d.chance(std::min(100, q.discipline + 15));
    auto count = static_cast<std::size_t>(d.between(1, std::ssize(o.kind->proof)));
    std::string base = "https://demo.dott.example/proof/" + slug(s.event.name) + "-" +
                       s.event.starts_on.substr(0, 4) + "/";
    for (std::size_t i = 0; i < count; ++i) {
        std::string on = add_days(s.event.ends_on, static_cast<int>(d.between(0, 10)));
        if (!documented || on > today_) {
            continue;
        }
        std::string title(o.kind->proof[i]);
        s.proof.push_back({.title = title,
                           .url = base + slug(title),
                           .captured_on = on,
                           .kind = i == 0 ? "file" : "link"});
    }

    int roll = d.roll();
    std::int64_t prompt = d.between(3, 12);
    std::int64_t late = d.between(16, 40);
    if (roll < q.discipline) {
        s.event.recap_done_on = by_today(add_days(s.event.ends_on, static_cast<int>(prompt)));
    } else if (roll < q.discipline + 35) {
        s.event.recap_done_on = by_today(add_days(s.event.ends_on, static_cast<int>(late)));
    }
}

void teller::book_speakers(event_story& s, const outline& o) {
    draw d(o.seed + "|speakers");
    if (!o.kind->speakers) {
        return;
    }
    std::int64_t count = o.kind->type == "conference" || o.kind->type == "field_event" ? 1 : 2;
    for (std::int64_t i = 0; i < count; ++i) {
        const auto& [name, title] = d.pick(detail::speakers());
        std::string talk(d.pick(detail::talk_titles()));
        bool declined = d.chance(8);
        std::string status = has_ended(s.event)                           ? "delivered"
                             : add_days(s.event.starts_on, -45) <= today_ ? "confirmed"
                                                                          : "invited";
        if (declined) {
            status = "declined";
        }
        if (std::any_of(s.speakers.begin(), s.speakers.end(),
                        [&](const speaker_row& r) { return r.full_name == name; })) {
            continue;
        }
        s.speakers.push_back({.full_name = std::string(name),
                              .job_title = std::string(title),
                              .company = "Demo Events Co",
                              .talk_title = talk,
                              .status = status});
    }
}

/// The invented people the team meets, each at one company with an address under .example.
std::vector<contact_row> invent_contacts() {
    constexpr std::size_t count = 180;
    draw d("contacts");
    std::vector<contact_row> contacts;
    std::set<std::string> emails;
    while (contacts.size() < count) {
        std::string first(d.pick(detail::first_names()));
        std::string last(d.pick(detail::last_names()));
        std::string company(d.pick(detail::companies()));
        std::string email = lower(first) + "." + lower(last) + "@" + slug(company) + ".example";
        std::string title(d.pick(detail::job_titles()));
        if (!emails.insert(email).second) {
            continue;
        }
        contacts.push_back({first + " " + last, email, company, title});
    }
    return contacts;
}

/// Rates into euros for every currency the demo spends in, on the first day of each quarter
/// from January 2025 up to today (the first always, so that every event can be converted),
/// moving a little from one quarter to the next.
std::vector<rate_row> quote_rates(const std::string& today) {
    std::vector<rate_row> rates;
    for (const auto& opening : detail::opening_rates()) {
        draw d(std::string("rates|") + std::string(opening.currency));
        std::int64_t millionths = opening.millionths;
        for (int quarter = 0; quarter < 12; ++quarter) {
            std::string date = text_of(std::chrono::sys_days{
                std::chrono::year{2025 + quarter / 4} /
                std::chrono::month{static_cast<unsigned>(1 + 3 * (quarter % 4))} /
                std::chrono::day{1}});
            if (quarter > 0) {
                millionths = millionths * (1000 + d.between(-25, 25)) / 1000;
                if (date > today) {
                    break;
                }
            }
            rates.push_back({std::string(opening.currency), date, millionths, 1'000'000});
        }
    }
    return rates;
}

int year_of(const domain::event& e) { return std::stoi(e.starts_on.substr(0, 4)); }

std::uint64_t order_of(std::string_view seed) { return draw(seed).next(); }

/// The type of involvement for a conference the team goes to: a booth, a sponsorship or a
/// talk (online: a sponsorship or a talk).
const event_kind& kind_for(const domain::event& e, draw& d) {
    int roll = d.roll();
    if (e.online && !e.country) {
        return roll < 50 ? detail::sponsorship() : detail::conference();
    }
    return roll < 40 ? detail::booth() : roll < 65 ? detail::sponsorship() : detail::conference();
}

std::optional<std::string> currency_at(const domain::event& e) {
    if (!e.country) {
        return e.online ? std::optional<std::string>("EUR") : std::nullopt;
    }
    auto p = detail::find_place(*e.country);
    if (!p) {
        return std::nullopt;
    }
    return std::string(p->currency);
}

std::string key_of(const domain::event& e) { return lower(e.name) + "|" + e.starts_on; }

/// Conferences the team goes to in both years, each with its 2025 and 2026 edition: the
/// first edition per year of a conference name, for names picked in seeded order.
std::vector<outline> choose_series(std::span<const domain::event> listed) {
    constexpr std::size_t series_count = 22;
    constexpr std::size_t flagship_count = 5;

    std::map<std::string, std::array<std::optional<std::size_t>, 2>> editions;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const domain::event& e = listed[i];
        int year = year_of(e);
        if ((year != 2025 && year != 2026) || !currency_at(e)) {
            continue;
        }
        auto& slot = editions[lower(e.name)][static_cast<std::size_t>(year - 2025)];
        if (!slot || e.starts_on < listed[*slot].starts_on) {
            slot = i;
        }
    }
    std::vector<std::string> names;
    for (const auto& [name, years] : editions) {
        if (years[0] && years[1]) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return order_of("series|" + a) < order_of("series|" + b);
    });
    names.resize(std::min(names.size(), series_count));

    std::vector<outline> chosen;
    std::size_t flagships = 0;
    for (const std::string& name : names) {
        draw d("series|" + name);
        const auto& years = editions[name];
        const domain::event& first = listed[*years[0]];
        const event_kind& kind = kind_for(first, d);
        bool flagship = flagships < flagship_count && kind.type != "conference" &&
                        !(first.online && !first.country);
        flagships += flagship ? 1 : 0;
        person lead = static_cast<person>(d.between(0, 2));
        int level = first_level(d);
        for (std::size_t y = 0; y < 2; ++y) {
            const domain::event& e = listed[*years[y]];
            outline o{.event = e,
                      .listing = *years[y],
                      .kind = &kind,
                      .seed = key_of(e),
                      .level = level,
                      .tier = flagship                    ? 1
                              : kind.type == "conference" ? 3
                                                          : 2,
                      .flagship = flagship,
                      .lead = lead,
                      .currency = *currency_at(e)};
            o.event.type = std::string(kind.type);
            o.event.series = first.name;
            chosen.push_back(std::move(o));
            level = next_level(level, d);
        }
    }
    return chosen;
}

/// Single editions of conferences the team does not go to every year, a given number per
/// year, in seeded order among the listings whose names `taken` does not hold.
std::vector<outline> choose_singles(std::span<const domain::event> listed,
                                    std::set<std::string> taken) {
    constexpr std::array<std::size_t, 2> per_year = {8, 6};

    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        int year = year_of(listed[i]);
        if ((year == 2025 || year == 2026) && currency_at(listed[i]) &&
            !taken.contains(lower(listed[i].name))) {
            rest.push_back(i);
        }
    }
    std::sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
        return order_of("single|" + key_of(listed[a])) < order_of("single|" + key_of(listed[b]));
    });

    std::vector<outline> chosen;
    std::array<std::size_t, 2> picked = {0, 0};
    for (std::size_t i : rest) {
        const domain::event& e = listed[i];
        auto y = static_cast<std::size_t>(year_of(e) - 2025);
        if (picked[y] == per_year[y] || !taken.insert(lower(e.name)).second) {
            continue;
        }
        ++picked[y];
        draw d("single|" + key_of(e));
        const event_kind& kind = kind_for(e, d);
        outline o{.event = e,
                  .listing = i,
                  .kind = &kind,
                  .seed = key_of(e),
                  .level = first_level(d),
                  .tier = kind.type == "conference" ? 3 : 2,
                  .lead = static_cast<person>(d.between(0, 2)),
                  .currency = *currency_at(e)};
        o.event.type = std::string(kind.type);
        chosen.push_back(std::move(o));
    }
    return chosen;
}

/// The listed events the team runs: series it attends in both years, and single editions.
std::vector<outline> choose_listings(std::span<const domain::event> listed) {
    std::vector<outline> chosen = choose_series(listed);
    std::set<std::string> taken;
    for (const outline& o : chosen) {
        taken.insert(lower(o.event.name));
    }
    std::vector<outline> singles = choose_singles(listed, std::move(taken));
    chosen.insert(chosen.end(), singles.begin(), singles.end());
    return chosen;
}

/// An event of the team's own, with no listing behind it.
domain::event own_event(std::string name, const std::string& date, std::string start_time,
                        std::string end_time, const std::optional<detail::place>& where) {
    domain::event e;
    e.name = std::move(name);
    e.starts_on = date;
    e.ends_on = date;
    e.start_time = std::move(start_time);
    e.end_time = std::move(end_time);
    if (where) {
        e.country = std::string(where->country);
        e.time_zone = where->time_zone.empty() ? "UTC" : std::string(where->time_zone);
    }
    return e;
}

/// Customer dinners on the first evening of some of the conferences the team goes to in
/// Europe: a series for three conferences it attends in both years, two single ones.
std::vector<outline> plan_dinners(const std::vector<outline>& listings) {
    std::vector<outline> dinners;
    std::map<std::string, int> series_level;
    std::size_t series = 0;
    std::size_t singles = 0;
    for (const outline& c : listings) {
        auto where = c.event.country ? detail::find_place(*c.event.country) : std::nullopt;
        if (!where || where->time_zone.empty() || !c.event.city) {
            continue;
        }
        bool in_series = c.event.series.has_value();
        std::string title = c.event.series.value_or(c.event.name);
        if (in_series && !series_level.contains(title) && series == 3) {
            continue;
        }
        if (!in_series && singles == 2) {
            continue;
        }
        draw d("dinner|" + c.seed);
        auto known = series_level.find(title);
        int level = known == series_level.end() ? first_level(d) : next_level(known->second, d);
        if (in_series) {
            series += known == series_level.end() ? 1 : 0;
            series_level[title] = level;
        } else {
            ++singles;
        }
        outline o{
            .event = own_event("Customer dinner at " + title + " " + c.event.starts_on.substr(0, 4),
                               c.event.starts_on, "19:00", "22:30", where),
            .kind = &detail::dinner(),
            .seed = "dinner|" + c.seed,
            .level = level,
            .tier = 2,
            .lead = demo_owner,
            .currency = std::string(where->currency),
            .companion = c.seed};
        o.event.type = "hosted_dinner";
        o.event.city = c.event.city;
        if (in_series) {
            o.event.series = "Customer dinner at " + title;
        }
        dinners.push_back(std::move(o));
    }
    return dinners;
}

/// The roadshow's breakfast briefings (third Tuesday of their month) and the quarterly
/// webinar (second Thursday), each a series of its own.
std::vector<outline> plan_own_series() {
    using std::chrono::Thursday;
    using std::chrono::Tuesday;
    std::vector<outline> own;
    draw roadshow_draw("roadshow");
    int level = first_level(roadshow_draw);
    for (const auto& stop : detail::roadshow_stops()) {
        auto where = detail::find_place(stop.country);
        std::string date = nth_weekday(stop.year, stop.month, Tuesday, 3);
        outline o{.event = own_event("Roadshow breakfast " + std::string(stop.city) + " " +
                                         std::to_string(stop.year),
                                     date, "08:30", "11:00", where),
                  .kind = &detail::roadshow(),
                  .seed = "roadshow|" + date,
                  .level = level,
                  .tier = 3,
                  .lead = field_marketer,
                  .currency = std::string(where->currency)};
        o.event.type = "field_event";
        o.event.city = std::string(stop.city);
        o.event.series = "Roadshow breakfast";
        own.push_back(std::move(o));
        level = next_level(level, roadshow_draw);
    }

    draw webinar_draw("webinar");
    level = first_level(webinar_draw);
    constexpr std::array<unsigned, 4> months = {2, 5, 9, 11};
    const auto subjects = detail::webinar_subjects();
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        int year = 2025 + static_cast<int>(i / months.size());
        std::string date = nth_weekday(year, months[i % months.size()], Thursday, 2);
        detail::place berlin{"Germany", "EUR", "Europe/Berlin"};
        outline o{.event = own_event("Product webinar: " + std::string(subjects[i]), date, "16:00",
                                     "17:00", berlin),
                  .kind = &detail::webinar(),
                  .seed = "webinar|" + date,
                  .level = level,
                  .tier = 3,
                  .lead = event_manager,
                  .currency = "EUR"};
        o.event.type = "webinar";
        o.event.country.reset();
        o.event.online = true;
        o.event.series = "Quarterly product webinar";
        own.push_back(std::move(o));
        level = next_level(level, webinar_draw);
    }
    return own;
}

/// A dinner influences the deals its conference sourced: it links the first of them, with a
/// quarter of its value.
void link_dinners(const std::vector<outline>& outlines, std::vector<event_story>& stories,
                  const std::string& today) {
    std::map<std::string, std::size_t> by_seed;
    for (std::size_t i = 0; i < outlines.size(); ++i) {
        by_seed[outlines[i].seed] = i;
    }
    for (std::size_t i = 0; i < outlines.size(); ++i) {
        if (!outlines[i].companion) {
            continue;
        }
        const event_story& conference = stories[by_seed.at(*outlines[i].companion)];
        auto sourced = std::find_if(conference.links.begin(), conference.links.end(),
                                    [](const link_row& l) { return l.sourced; });
        if (sourced == conference.links.end() || stories[i].event.ends_on >= today) {
            continue;
        }
        stories[i].links.push_back({sourced->opportunity, false, 25});
    }
}

}  // namespace

std::string add_days(const std::string& date, int days) {
    return text_of(day_of(date) + std::chrono::days{days});
}

portfolio plan_portfolio(std::span<const domain::event> listed, const std::string& today) {
    portfolio out;
    out.colleagues = {
        {"maya.lindqvist@demo.dott.example", "Maya Lindqvist", domain::role::editor},
        {"jonas.weber@demo.dott.example", "Jonas Weber", domain::role::editor},
        {"priya.raman@demo.dott.example", "Priya Raman", domain::role::viewer},
    };
    out.rates = quote_rates(today);
    out.contacts = invent_contacts();

    std::vector<outline> outlines = choose_listings(listed);
    std::vector<outline> dinners = plan_dinners(outlines);
    std::vector<outline> own = plan_own_series();
    outlines.insert(outlines.end(), dinners.begin(), dinners.end());
    outlines.insert(outlines.end(), own.begin(), own.end());

    // Told in date order, so that deals are numbered in the order they came.
    std::sort(outlines.begin(), outlines.end(), [](const outline& a, const outline& b) {
        return std::tie(a.event.starts_on, a.seed) < std::tie(b.event.starts_on, b.seed);
    });
    teller t(today, out);
    for (const outline& o : outlines) {
        out.stories.push_back(t.tell(o));
    }
    link_dinners(outlines, out.stories, today);
    return out;
}

}  // namespace dott::app::demo
