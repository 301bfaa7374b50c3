#include "app/detail/demo_content.hpp"

#include <algorithm>
#include <array>

namespace dott::app::demo::detail {
namespace {

using std::string_view;

// Booths at trade shows and conferences.

constexpr std::array<line_template, 5> booth_lines = {{
    {"Booth & space", "Booth space, 6 x 4 m", "", 38, paid_in::local, true},
    {"Booth build", "Booth build and graphics", "Northlight Exhibits", 24, paid_in::euro, true},
    {"Travel", "Flights and hotels for the booth team", "Brightline Travel", 18, paid_in::euro,
     false},
    {"Hospitality", "Team dinner and booth catering", "Copperleaf Catering", 12, paid_in::local,
     false},
    {"Swag & print", "T-shirts, stickers and flyers", "Swagforge Inc.", 8, paid_in::dollar, true},
}};
constexpr std::array<string_view, 4> booth_roles = {"Booth captain", "Sales lead", "Logistics",
                                                    "Lead capture"};
constexpr std::array<step_template, 4> booth_milestones = {{
    {"Space contract signed", -120},
    {"Booth design approved", -45},
    {"Freight booked", -21},
    {"Leads in the CRM", 5, true},
}};
constexpr std::array<step_template, 6> booth_tasks = {{
    {"Book the hotel block", -60},
    {"Order swag", -30},
    {"Brief the booth staff", -7},
    {"Set up the lead scanner app", -3},
    {"Send follow-up emails to booth visitors", 3, true},
    {"Pay the freight invoice", 14, true},
}};
constexpr std::array<string_view, 3> booth_proof = {"Booth photos", "Lead list export",
                                                    "Recap deck"};

// Sponsorships with a sponsored session.

constexpr std::array<line_template, 5> sponsorship_lines = {{
    {"Sponsorship", "Gold sponsorship package", "", 58, paid_in::local, true},
    {"Production", "Sponsored session production", "Northlight Exhibits", 12, paid_in::euro, true},
    {"Travel", "Flights and hotels", "Brightline Travel", 14, paid_in::euro, false},
    {"Swag & print", "Lanyards and session handouts", "Swagforge Inc.", 8, paid_in::dollar, true},
    {"Hospitality", "Sponsor lounge catering", "Copperleaf Catering", 8, paid_in::local, false},
}};
constexpr std::array<string_view, 3> sponsorship_roles = {"Sponsor liaison", "Speaker coordinator",
                                                          "Sales lead"};
constexpr std::array<step_template, 4> sponsorship_milestones = {{
    {"Sponsorship contract signed", -150},
    {"Logo and copy delivered", -60},
    {"Session slides approved", -14},
    {"Sponsor report received", 21, true},
}};
constexpr std::array<step_template, 6> sponsorship_tasks = {{
    {"Submit the sponsored talk abstract", -75},
    {"Book travel", -45},
    {"Invite customers to the session", -21},
    {"Rehearse the talk", -5},
    {"Upload leads to the CRM", 4, true},
    {"Debrief with sales", 10, true},
}};
constexpr std::array<string_view, 3> sponsorship_proof = {"Session recording", "Sponsor report",
                                                          "Recap deck"};

// Conferences the team attends and speaks at.

constexpr std::array<line_template, 3> conference_lines = {{
    {"Tickets", "Conference tickets", "", 30, paid_in::local, true},
    {"Travel", "Flights", "Brightline Travel", 45, paid_in::euro, false},
    {"Accommodation", "Hotel nights", "Harbour Hotels", 25, paid_in::local, false},
}};
constexpr std::array<string_view, 2> conference_roles = {"Attendee lead", "Speaker"};
constexpr std::array<step_template, 3> conference_milestones = {{
    {"Talk accepted", -90},
    {"Tickets bought", -60},
    {"Trip report shared", 7, true},
}};
constexpr std::array<step_template, 4> conference_tasks = {{
    {"Book flights", -40},
    {"Set up meetings with attendees", -10},
    {"Write the trip report", 5, true},
    {"File expenses", 14, true},
}};
constexpr std::array<string_view, 2> conference_proof = {"Talk slides", "Trip report"};

// Customer dinners hosted next to a conference.

constexpr std::array<line_template, 2> dinner_lines = {{
    {"Venue & catering", "Private dining room and menu", "Copperleaf Catering", 78, paid_in::local,
     false},
    {"Invitations", "Printed invitations and guest gifts", "Papercraft Studio", 22, paid_in::euro,
     true},
}};
constexpr std::array<string_view, 2> dinner_roles = {"Host", "Guest list"};
constexpr std::array<step_template, 3> dinner_milestones = {{
    {"Venue booked", -60},
    {"Invitations sent", -30},
    {"Guest list final", -5},
}};
constexpr std::array<step_template, 4> dinner_tasks = {{
    {"Shortlist guests with sales", -45},
    {"Confirm dietary needs", -3},
    {"Send thank-you notes", 2, true},
    {"Log the conversations in the CRM", 5, true},
}};
constexpr std::array<string_view, 2> dinner_proof = {"Guest list", "Dinner photos"};

// The roadshow: breakfast briefings in customers' cities.

constexpr std::array<line_template, 3> roadshow_lines = {{
    {"Venue & catering", "Breakfast room and catering", "Copperleaf Catering", 55, paid_in::local,
     false},
    {"Travel", "Train tickets and hotel", "Brightline Travel", 25, paid_in::euro, false},
    {"Promotion", "Local invitation campaign", "Adwise Media", 20, paid_in::euro, true},
}};
constexpr std::array<string_view, 3> roadshow_roles = {"Host", "Logistics", "Sales lead"};
constexpr std::array<step_template, 3> roadshow_milestones = {{
    {"Venue booked", -75},
    {"Registration page live", -40},
    {"Follow-up sent", 3, true},
}};
constexpr std::array<step_template, 4> roadshow_tasks = {{
    {"Invite the local customer list", -30},
    {"Print badges", -2},
    {"Send the follow-up email", 2, true},
    {"Hand the leads to sales", 5, true},
}};
constexpr std::array<string_view, 2> roadshow_proof = {"Attendee list", "Photos"};

// The quarterly product webinar.

constexpr std::array<line_template, 2> webinar_lines = {{
    {"Platform", "Webinar platform, one quarter", "Castwell Inc.", 40, paid_in::dollar, true},
    {"Promotion", "Paid social promotion", "Adwise Media", 60, paid_in::euro, true},
}};
constexpr std::array<string_view, 2> webinar_roles = {"Host", "Moderator"};
constexpr std::array<step_template, 3> webinar_milestones = {{
    {"Speakers confirmed", -30},
    {"Landing page live", -21},
    {"Recording published", 3, true},
}};
constexpr std::array<step_template, 4> webinar_tasks = {{
    {"Write the promotion emails", -20},
    {"Dry run with the speakers", -2},
    {"Send the recording to registrants", 1, true},
    {"Score the webinar leads", 4, true},
}};
constexpr std::array<string_view, 2> webinar_proof = {"Recording", "Registration report"};

constexpr std::array<place, 20> places = {{
    {"Austria", "EUR", "Europe/Vienna"},
    {"Belgium", "EUR", "Europe/Brussels"},
    {"Canada", "CAD", ""},
    {"Czech Republic", "CZK", "Europe/Prague"},
    {"Denmark", "DKK", "Europe/Copenhagen"},
    {"Finland", "EUR", "Europe/Helsinki"},
    {"France", "EUR", "Europe/Paris"},
    {"Germany", "EUR", "Europe/Berlin"},
    {"Greece", "EUR", "Europe/Athens"},
    {"Italy", "EUR", "Europe/Rome"},
    {"Lithuania", "EUR", "Europe/Vilnius"},
    {"Netherlands", "EUR", "Europe/Amsterdam"},
    {"Norway", "NOK", "Europe/Oslo"},
    {"Poland", "PLN", "Europe/Warsaw"},
    {"Portugal", "EUR", "Europe/Lisbon"},
    {"Spain", "EUR", "Europe/Madrid"},
    {"Sweden", "SEK", "Europe/Stockholm"},
    {"Switzerland", "CHF", "Europe/Zurich"},
    {"U.K.", "GBP", "Europe/London"},
    {"U.S.A.", "USD", ""},
}};

// Round figures near the market at the start of 2025; the demo moves them a little each
// quarter.
constexpr std::array<opening_rate, 9> rates = {{
    {"CAD", 668'000},
    {"CHF", 1'064'000},
    {"CZK", 39'700},
    {"DKK", 134'100},
    {"GBP", 1'204'000},
    {"NOK", 84'800},
    {"PLN", 234'200},
    {"SEK", 87'300},
    {"USD", 962'000},
}};

constexpr std::array<roadshow_stop, 8> stops = {{
    {"Munich", "Germany", 2025, 3},
    {"Amsterdam", "Netherlands", 2025, 5},
    {"London", "U.K.", 2025, 9},
    {"Zurich", "Switzerland", 2025, 11},
    {"Stockholm", "Sweden", 2026, 3},
    {"Paris", "France", 2026, 5},
    {"Munich", "Germany", 2026, 9},
    {"London", "U.K.", 2026, 11},
}};

constexpr std::array<string_view, 8> subjects = {
    "Planning a year of events", "Budgets that survive the quarter",
    "Proving pipeline",          "Closing the year",
    "What changed in 2026",      "Field marketing at scale",
    "Measuring the experience",  "Planning 2027",
};

constexpr std::array<string_view, 32> firsts = {
    "Ada",   "Bruno", "Chiara", "Daniel", "Elif",   "Farid", "Greta", "Hugo",
    "Ines",  "Jakob", "Kaia",   "Lukas",  "Mira",   "Nils",  "Olga",  "Pavel",
    "Rosa",  "Samir", "Tilde",  "Umar",   "Vera",   "Wim",   "Yara",  "Zoltan",
    "Amara", "Bjorn", "Carmen", "Dev",    "Esther", "Felix", "Hana",  "Ivo",
};

constexpr std::array<string_view, 32> lasts = {
    "Achterberg", "Bianco", "Castell",  "Dahl",     "Eriksen", "Ferrante", "Gruber", "Halloran",
    "Ilves",      "Jansen", "Kowal",    "Lindgren", "Moreau",  "Novak",    "Olsen",  "Petrov",
    "Quint",      "Rossi",  "Sorensen", "Tamm",     "Ueda",    "Varga",    "Weiss",  "Xavier",
    "Yilmaz",     "Zeller", "Brandt",   "Costa",    "Duval",   "Engel",    "Falk",   "Haas",
};

constexpr std::array<string_view, 10> titles = {
    "Head of Platform", "VP Engineering",    "Engineering Manager", "CTO",
    "Staff Engineer",   "Head of Marketing", "Director of IT",      "Product Manager",
    "Head of Data",     "Procurement Lead",
};

constexpr std::array<string_view, 28> company_names = {
    "Arcturus Freight",    "Bluefin Analytics",    "Copperline Energy",      "Driftwood Media",
    "Elmstead Bank",       "Fjordline Retail",     "Granite Peak Insurance", "Harbourview Health",
    "Ironbridge Systems",  "Juniper Mobility",     "Kestrel Aerospace",      "Lumen Grid",
    "Meridian Foods",      "Nimbus Telecom",       "Oakridge Pharma",        "Pinecrest Software",
    "Quarry Lane Capital", "Redwood Robotics",     "Saltmarsh Shipping",     "Tidewater Utilities",
    "Upland Games",        "Vantage Rail",         "Willowbrook Education",  "Yardley Chemicals",
    "Zephyr Travel",       "Amberfield Logistics", "Brightwater Labs",       "Cobalt Harbour",
};

constexpr std::array<string_view, 6> deals = {
    "platform rollout",   "pilot",         "expansion",
    "renewal and upsell", "team licences", "data migration",
};

constexpr std::array<std::pair<string_view, string_view>, 4> team_speakers = {{
    {"Lena Hoffmann", "CTO"},
    {"Marco Bianchi", "Principal Engineer"},
    {"Aisha Khan", "Head of Product"},
    {"Tomas Ferreira", "Developer Advocate"},
}};

constexpr std::array<string_view, 6> talks = {
    "Scaling event data without spreadsheets",
    "Platform engineering at a mid-size company",
    "From pilot to production in ninety days",
    "Observability on a budget",
    "Designing APIs people enjoy",
    "What two hundred launches taught us",
};

constexpr std::array<string_view, 5> comments = {
    "Demo data: hard to hear, and the content was not for us.",
    "Demo data: some useful parts, too much of a sales pitch.",
    "Demo data: fine, but we expected more depth.",
    "Demo data: good conversations and a clear message.",
    "Demo data: the best session of the week, thank you.",
};

}  // namespace

const event_kind& booth() {
    static const event_kind kind{.type = "trade_show",
                                 .budget = {28'000, 65'000},
                                 .leads = {14, 24},
                                 .meetings = {6, 12},
                                 .pipeline = {150'000, 350'000},
                                 .attendees = {250, 600},
                                 .lines = booth_lines,
                                 .roles = booth_roles,
                                 .milestones = booth_milestones,
                                 .tasks = booth_tasks,
                                 .proof = booth_proof,
                                 .lead_note = "Demo data: badge scanned at the booth",
                                 .goal =
                                     "Demo data: meet buyers at the booth and book meetings "
                                     "with target accounts."};
    return kind;
}

const event_kind& sponsorship() {
    static const event_kind kind{
        .type = "sponsorship",
        .budget = {45'000, 110'000},
        .leads = {16, 26},
        .meetings = {8, 14},
        .pipeline = {200'000, 450'000},
        .attendees = {120, 300},
        .lines = sponsorship_lines,
        .roles = sponsorship_roles,
        .milestones = sponsorship_milestones,
        .tasks = sponsorship_tasks,
        .proof = sponsorship_proof,
        .lead_note = "Demo data: attended the sponsored session",
        .goal =
            "Demo data: be the name people remember from the event, fill the sponsored "
            "session and turn its audience into pipeline.",
        .speakers = true,
        .feedback = true};
    return kind;
}

const event_kind& conference() {
    static const event_kind kind{
        .type = "conference",
        .budget = {5'000, 14'000},
        .leads = {5, 9},
        .meetings = {3, 6},
        .pipeline = {40'000, 120'000},
        .attendees = {60, 200},
        .lines = conference_lines,
        .roles = conference_roles,
        .milestones = conference_milestones,
        .tasks = conference_tasks,
        .proof = conference_proof,
        .lead_note = "Demo data: talked after our talk",
        .goal =
            "Demo data: give a talk, learn where the market is going and meet the "
            "practitioners we sell to.",
        .speakers = true,
        .feedback = true};
    return kind;
}

const event_kind& dinner() {
    static const event_kind kind{
        .type = "hosted_dinner",
        .budget = {6'000, 14'000},
        .leads = {6, 10},
        .meetings = {4, 8},
        .pipeline = {80'000, 250'000},
        .attendees = {18, 30},
        .lines = dinner_lines,
        .roles = dinner_roles,
        .milestones = dinner_milestones,
        .tasks = dinner_tasks,
        .proof = dinner_proof,
        .lead_note = "Demo data: dinner guest",
        .goal =
            "Demo data: an evening with the customers and prospects who decide, to move "
            "open deals forward.",
        .feedback = true};
    return kind;
}

const event_kind& roadshow() {
    static const event_kind kind{.type = "field_event",
                                 .budget = {8'000, 18'000},
                                 .leads = {8, 14},
                                 .meetings = {3, 6},
                                 .pipeline = {60'000, 180'000},
                                 .attendees = {30, 60},
                                 .lines = roadshow_lines,
                                 .roles = roadshow_roles,
                                 .milestones = roadshow_milestones,
                                 .tasks = roadshow_tasks,
                                 .proof = roadshow_proof,
                                 .lead_note = "Demo data: came to the breakfast briefing",
                                 .goal =
                                     "Demo data: brief local customers on the roadmap and "
                                     "meet the teams around them.",
                                 .speakers = true,
                                 .feedback = true};
    return kind;
}

const event_kind& webinar() {
    static const event_kind kind{.type = "webinar",
                                 .budget = {2'000, 5'000},
                                 .leads = {12, 22},
                                 .meetings = {2, 4},
                                 .pipeline = {30'000, 90'000},
                                 .attendees = {120, 300},
                                 .lines = webinar_lines,
                                 .roles = webinar_roles,
                                 .milestones = webinar_milestones,
                                 .tasks = webinar_tasks,
                                 .proof = webinar_proof,
                                 .lead_note = "Demo data: registered for the webinar",
                                 .goal =
                                     "Demo data: teach the quarter's best practice and "
                                     "collect leads for the sales team.",
                                 .speakers = true,
                                 .feedback = true};
    return kind;
}

std::optional<place> find_place(std::string_view country) {
    auto found = std::find_if(places.begin(), places.end(),
                              [&](const place& p) { return p.country == country; });
    if (found == places.end()) {
        return std::nullopt;
    }
    return *found;
}

std::span<const opening_rate> opening_rates() { return rates; }

std::int64_t opening_millionths(std::string_view currency) {
    for (const auto& rate : rates) {
        if (rate.currency == currency) {
            return rate.millionths;
        }
    }
    return 1'000'000;
}

std::span<const roadshow_stop> roadshow_stops() { return stops; }
std::span<const std::string_view> webinar_subjects() { return subjects; }
std::span<const std::string_view> first_names() { return firsts; }
std::span<const std::string_view> last_names() { return lasts; }
std::span<const std::string_view> job_titles() { return titles; }
std::span<const std::string_view> companies() { return company_names; }
std::span<const std::string_view> deal_kinds() { return deals; }
std::span<const std::pair<std::string_view, std::string_view>> speakers() { return team_speakers; }
std::span<const std::string_view> talk_titles() { return talks; }

std::string_view feedback_comment(int rating) {
    return comments[static_cast<std::size_t>(std::clamp(rating, 1, 5) - 1)];
}

}  // namespace dott::app::demo::detail
