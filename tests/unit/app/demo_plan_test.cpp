#include "app/demo_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/env.hpp"
#include "importer/conference.hpp"
#include "importer/load.hpp"

namespace dott::app::demo {
namespace {

namespace fs = std::filesystem;

/// The repository's conference listings as the demo stores them: one event per listing key,
/// the first listing's facts, in file order.
const std::vector<domain::event>& listed_events() {
    static const std::vector<domain::event> events = [] {
        std::vector<domain::event> out;
        const auto root = env("DOTT_SOURCE_DIR");
        if (!root) {
            return out;
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(fs::path(*root) / "data")) {
            if (entry.path().extension() == ".json") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        auto listings = importer::read_conference_files(files);
        if (!listings) {
            return out;
        }
        std::set<std::string> keys;
        for (const auto& listing : *listings) {
            if (keys.insert(importer::listing_key(listing)).second) {
                out.push_back(importer::to_event(listing));
                out.back().id = "event-" + std::to_string(out.size());
            }
        }
        return out;
    }();
    return events;
}

/// A line per row of the plan, with every value that is written.
std::string describe(const portfolio& p) {
    std::ostringstream out;
    for (const auto& r : p.rates) {
        out << "rate " << r.from << " " << r.effective_on << " " << r.numerator << "/"
            << r.denominator << "\n";
    }
    for (const auto& c : p.contacts) {
        out << "contact " << c.full_name << " " << c.email << " " << c.company << "\n";
    }
    for (const auto& o : p.opportunities) {
        out << "deal " << o.external_id << " " << o.name << " " << o.amount.minor << " "
            << o.amount.currency << " " << o.stage << " " << o.close_date << "\n";
    }
    for (const auto& s : p.stories) {
        const domain::event& e = s.event;
        out << "event " << e.name << " " << e.starts_on << " " << e.type << " " << e.status << " "
            << e.series.value_or("-") << " " << e.goals_set_on.value_or("-") << " "
            << e.recap_done_on.value_or("-") << " " << s.budget_locked_on.value_or("-") << " "
            << (s.budget ? s.budget->minor : -1) << "\n";
        for (const auto& l : s.lines) {
            out << "  line " << l.category << " " << l.currency << " " << l.planned_minor << " "
                << l.committed_minor << " " << l.actual_minor << " " << l.approval << "\n";
        }
        for (const auto& t : s.tasks) {
            out << "  task " << t.title << " " << t.status << " " << t.done_on.value_or("-")
                << "\n";
        }
        out << "  counts " << s.roles.size() << " " << s.milestones.size() << " " << s.leads.size()
            << " " << s.meetings.size() << " " << s.links.size() << " " << s.feedback.size() << " "
            << s.proof.size() << " " << s.speakers.size() << "\n";
    }
    return out.str();
}

// Every test plans over the repository's listings; without them it fails rather than pass on
// an empty plan.
class DemoPlan : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(listed_events().empty()) << "no listings under DOTT_SOURCE_DIR/data";
    }
};

TEST_F(DemoPlan, IsTheSameForTheSameListingsAndDate) {
    std::string first = describe(plan_portfolio(listed_events(), "2026-06-15"));
    std::vector<domain::event> reversed(listed_events().rbegin(), listed_events().rend());
    std::string again = describe(plan_portfolio(reversed, "2026-06-15"));

    // The order the events come in does not change the story either.
    EXPECT_EQ(first, again);
    EXPECT_NE(first, describe(plan_portfolio(listed_events(), "2025-06-15")));
}

TEST_F(DemoPlan, RunsSixtyToAHundredAndTwentyEventsOfEveryKindWithSeriesInBothYears) {
    portfolio p = plan_portfolio(listed_events(), "2026-11-30");

    EXPECT_GE(p.stories.size(), 60u);
    EXPECT_LE(p.stories.size(), 120u);
    std::set<std::string> types;
    std::map<std::string, std::set<std::string>> years_of_series;
    std::set<std::string> listings;
    for (const auto& s : p.stories) {
        types.insert(s.event.type);
        if (s.event.series) {
            years_of_series[*s.event.series].insert(s.event.starts_on.substr(0, 4));
        }
        if (s.listing) {
            EXPECT_TRUE(listings.insert(listed_events()[*s.listing].id).second)
                << "a listing is run twice: " << s.event.name;
            EXPECT_EQ(s.event.name, listed_events()[*s.listing].name);
            EXPECT_EQ(s.event.starts_on, listed_events()[*s.listing].starts_on);
        }
        EXPECT_EQ(s.event.source, "demo");
    }
    EXPECT_EQ(types, (std::set<std::string>{"conference", "trade_show", "sponsorship",
                                            "hosted_dinner", "field_event", "webinar"}));
    auto both_years = std::count_if(years_of_series.begin(), years_of_series.end(),
                                    [](const auto& entry) { return entry.second.size() == 2; });
    EXPECT_GE(both_years, 20);
    EXPECT_EQ(p.colleagues.size(), 3u);
}

// Whatever the date, the demo records only what has happened by then: no step done, no money
// paid, no lead captured and no recap written after today, and outcomes only for events that
// are over.
TEST_F(DemoPlan, RecordsNothingThatHasNotHappenedYet) {
    for (std::string today :
         {"2025-01-15", "2025-07-01", "2026-03-31", "2026-12-04", "2027-09-30"}) {
        SCOPED_TRACE(today);
        portfolio p = plan_portfolio(listed_events(), today);

        for (const auto& r : p.rates) {
            EXPECT_TRUE(r.effective_on <= today || r.effective_on == "2025-01-01");
        }
        for (const auto& o : p.opportunities) {
            EXPECT_EQ(o.is_closed, o.close_date <= today) << o.external_id;
        }
        for (const auto& s : p.stories) {
            SCOPED_TRACE(s.event.name);
            const domain::event& e = s.event;
            const bool ended = e.ends_on < today;
            for (const auto& date : {e.goals_set_on, e.targets.defined_on, e.owner_assigned_on,
                                     e.recap_done_on, s.budget_locked_on}) {
                EXPECT_TRUE(!date || *date <= today);
            }
            for (const auto& r : s.roles) {
                EXPECT_TRUE(!r.assigned_on || *r.assigned_on <= today);
            }
            for (const auto& m : s.milestones) {
                EXPECT_TRUE(!m.done_on || *m.done_on <= today);
            }
            for (const auto& t : s.tasks) {
                EXPECT_EQ(t.status == "done", t.done_on.has_value());
                EXPECT_TRUE(!t.done_on || *t.done_on <= today);
            }
            for (const auto& l : s.lines) {
                EXPECT_TRUE(ended || l.actual_minor == 0 || l.actual_minor == l.planned_minor);
            }
            if (!ended) {
                EXPECT_TRUE(s.leads.empty());
                EXPECT_TRUE(s.links.empty());
                EXPECT_TRUE(s.feedback.empty());
                EXPECT_TRUE(s.proof.empty());
                EXPECT_FALSE(e.recap_done_on.has_value());
                EXPECT_TRUE(!s.attendance || !s.attendance->attended);
                for (const auto& m : s.meetings) {
                    EXPECT_EQ(m.status, "planned");
                }
                EXPECT_NE(e.status, "completed");
                EXPECT_NE(e.status, "reported");
            }
            for (const auto& l : s.leads) {
                EXPECT_LE(l.captured_on, today);
            }
            for (const auto& f : s.feedback) {
                EXPECT_LE(f.submitted_on, today);
            }
            for (const auto& proof : s.proof) {
                EXPECT_LE(proof.captured_on, today);
            }
        }
    }
}

TEST_F(DemoPlan, QuotesARateForEveryCurrencyItUsesBeforeTheFirstEventEnds) {
    portfolio p = plan_portfolio(listed_events(), "2026-12-04");

    std::set<std::string> used;
    std::string first_end = "9999-12-31";
    for (const auto& s : p.stories) {
        first_end = std::min(first_end, s.event.ends_on);
        for (const auto& l : s.lines) {
            used.insert(l.currency);
        }
        if (s.budget) {
            used.insert(s.budget->currency);
        }
        if (s.event.targets.pipeline_currency) {
            used.insert(*s.event.targets.pipeline_currency);
        }
    }
    for (const auto& o : p.opportunities) {
        used.insert(o.amount.currency);
    }
    used.erase(reporting_currency);

    EXPECT_GE(used.size(), 4u) << "the demo spends in several currencies";
    for (const auto& currency : used) {
        EXPECT_TRUE(std::any_of(p.rates.begin(), p.rates.end(), [&](const rate_row& r) {
            return r.from == currency && r.effective_on <= first_end;
        })) << currency;
    }
}

TEST_F(DemoPlan, LabelsWhatItWritesAsDemoData) {
    portfolio p = plan_portfolio(listed_events(), "2026-12-04");

    for (const auto& s : p.stories) {
        for (const auto& l : s.lines) {
            EXPECT_EQ(l.source, "demo");
            EXPECT_TRUE(l.description.starts_with("Demo data")) << l.description;
        }
        for (const auto& l : s.leads) {
            EXPECT_TRUE(l.notes.starts_with("Demo data")) << l.notes;
        }
        for (const auto& m : s.meetings) {
            EXPECT_TRUE(m.notes.starts_with("Demo data")) << m.notes;
        }
        EXPECT_TRUE(!s.event.goals || s.event.goals->starts_with("Demo data"));
    }
    for (const auto& o : p.opportunities) {
        EXPECT_TRUE(o.external_id.starts_with("DEMO-")) << o.external_id;
    }
    for (const auto& c : p.contacts) {
        EXPECT_TRUE(c.email.ends_with(".example")) << c.email;
    }
}

TEST(DemoDates, AddDaysCrossesMonthsYearsAndLeapDays) {
    EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
    EXPECT_EQ(add_days("2025-12-31", 1), "2026-01-01");
    EXPECT_EQ(add_days("2025-03-01", -1), "2025-02-28");
    EXPECT_EQ(add_days("2026-06-15", -120), "2026-02-15");
}

}  // namespace
}  // namespace dott::app::demo
