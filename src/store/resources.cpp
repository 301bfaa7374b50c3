// The table of generic resources: every kind of row of an event's record that is created,
// read, changed and deleted the same way. Bounds here match the checks in
// db/migrations/0003_portfolio.sql, so that the API refuses what the database would.

#include "store/resource.hpp"

namespace dott::store {
namespace {

using nlohmann::json;

constexpr std::int64_t max_count = 1'000'000'000;
constexpr std::int64_t max_minor = 1'000'000'000'000'000;

/// Text of at most `max` characters; a required text, or one with `min`, is never empty.
field text(std::string_view name, std::int64_t max, bool required = false, std::int64_t min = 0) {
    return {.name = name,
            .type = field_type::text,
            .required = required,
            .nullable = !required,
            .min = required ? 1 : min,
            .max = max};
}

field date(std::string_view name, bool required = false) {
    return {.name = name, .type = field_type::date, .required = required, .nullable = !required};
}

field count(std::string_view name) {
    return {.name = name, .type = field_type::integer, .min = 0, .max = max_count};
}

/// A state with a default in the database: optional on create, never null.
field state(std::string_view name, std::vector<std::string_view> choices) {
    return {
        .name = name, .type = field_type::choice, .nullable = false, .choices = std::move(choices)};
}

field reference(std::string_view name, std::string_view table, bool required) {
    return {.name = name,
            .type = field_type::row,
            .required = required,
            .nullable = !required,
            .references = table,
            .fixed = required};
}

field member(std::string_view name) { return {.name = name, .type = field_type::member}; }

sort_key created() { return {"created_at", "created_at", "timestamptz"}; }

/// Orders by a date column, rows without one last.
sort_key by_date(std::string_view name, std::string_view sql) { return {name, sql, "date"}; }

bool is_set(const json& row, std::string_view name) { return !row.at(name).is_null(); }

/// A role held by somebody has the date it was assigned (today unless given); a role nobody
/// holds has none.
result<void> role_rules(json& row, const json*, const std::string& today) {
    if (!is_set(row, "user_id") && !is_set(row, "person_name")) {
        row["assigned_on"] = nullptr;
    } else if (!is_set(row, "assigned_on")) {
        row["assigned_on"] = today;
    }
    return {};
}

/// A task is done exactly when it has a done date: finishing it records today unless a date
/// is given, and any other status clears the date.
result<void> task_rules(json& row, const json*, const std::string& today) {
    if (row.at("status") != "done") {
        row["done_on"] = nullptr;
    } else if (!is_set(row, "done_on")) {
        row["done_on"] = today;
    }
    return {};
}

result<void> contact_rules(json& row, const json*, const std::string&) {
    // Addresses are compared without regard to case, and kept the way they compare.
    if (is_set(row, "email")) {
        std::string email = row.at("email").get<std::string>();
        for (char& c : email) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        row["email"] = email;
    }
    return {};
}

result<void> opportunity_rules(json& row, const json*, const std::string&) {
    if (row.at("is_won") == true && row.at("is_closed") != true) {
        return fail(errc::invalid_argument,
                    "a won opportunity is closed: set is_closed to true as well", "is_closed");
    }
    return {};
}

result<void> link_rules(json& row, const json*, const std::string&) {
    if (row.at("attribution") == "sourced" && is_set(row, "weight_percent")) {
        return fail(errc::invalid_argument,
                    "weight_percent applies to influenced opportunities only; a sourced one "
                    "counts in full",
                    "weight_percent");
    }
    return {};
}

result<void> attendance_rules(json& row, const json*, const std::string&) {
    if (is_set(row, "engaged") && is_set(row, "attended") &&
        row.at("engaged").get<std::int64_t>() > row.at("attended").get<std::int64_t>()) {
        return fail(errc::invalid_argument, "engaged cannot exceed attended", "engaged");
    }
    return {};
}

result<void> rate_rules(json& row, const json*, const std::string&) {
    if (row.at("from_currency") == row.at("to_currency")) {
        return fail(errc::invalid_argument, "to_currency must differ from from_currency",
                    "to_currency");
    }
    return {};
}

std::vector<resource> build_resources() {
    const field email{.name = "email", .type = field_type::email, .min = 3, .max = 254};
    std::vector<resource> all;

    all.push_back({.name = "roles",
                   .singular = "role",
                   .table = "event_roles",
                   .fields = {text("role", 100, true), member("user_id"),
                              text("person_name", 200, false, 1), date("assigned_on")},
                   .sorts = {created(), {"role", "role", "text"}},
                   .filters = {"user_id"},
                   .rules = role_rules});

    all.push_back({.name = "milestones",
                   .singular = "milestone",
                   .table = "milestones",
                   .fields = {text("name", 200, true), date("due_on"), date("done_on")},
                   .sorts = {by_date("due_on", "coalesce(due_on, 'infinity'::date)"),
                             created(),
                             {"name", "name", "text"}},
                   .filters = {}});

    all.push_back(
        {.name = "tasks",
         .singular = "task",
         .table = "tasks",
         .fields = {text("title", 300, true), member("owner_user_id"), date("due_on"),
                    state("status", {"open", "in_progress", "done", "cancelled"}), date("done_on")},
         .sorts = {by_date("due_on", "coalesce(due_on, 'infinity'::date)"), created()},
         .filters = {"status", "owner_user_id"},
         .rules = task_rules});

    all.push_back({.name = "contacts",
                   .singular = "contact",
                   .table = "contacts",
                   .parent = parent_kind::organization,
                   .fields = {text("full_name", 200, true), email, text("company", 200),
                              text("job_title", 200), text("phone", 50)},
                   .sorts = {{"full_name", "full_name", "text"}, created()},
                   .filters = {"company"},
                   .unique_keys = {{{"email"}, "another contact has this email address"}},
                   // Deleting a contact deletes its leads.
                   .effect = score_effect::linked_events,
                   .rules = contact_rules});

    all.push_back({.name = "leads",
                   .singular = "lead",
                   .table = "leads",
                   .fields = {reference("contact_id", "contacts", true), date("captured_on", true),
                              state("status", {"new", "qualified", "disqualified", "converted"}),
                              text("notes", 4000)},
                   .sorts = {by_date("captured_on", "captured_on"), created()},
                   .filters = {"status", "contact_id"},
                   .unique_keys = {{{"event_id", "contact_id"},
                                    "this contact is already a lead of the event"}}});

    all.push_back({.name = "meetings",
                   .singular = "meeting",
                   .table = "meetings",
                   .fields = {text("title", 300, true), reference("contact_id", "contacts", false),
                              text("account", 200), date("held_on", true),
                              state("status", {"planned", "held", "no_show", "cancelled"}),
                              text("notes", 4000)},
                   .sorts = {by_date("held_on", "held_on"), created()},
                   .filters = {"status", "contact_id"}});

    all.push_back({.name = "opportunities",
                   .singular = "opportunity",
                   .table = "opportunities",
                   .parent = parent_kind::organization,
                   .fields = {state("crm", {"salesforce", "hubspot", "other"}),
                              text("external_id", 200, true),
                              text("name", 300, true),
                              text("account", 200),
                              {.name = "amount_minor",
                               .type = field_type::minor_units,
                               .required = true,
                               .nullable = false,
                               .min = 0,
                               .max = max_minor},
                              {.name = "currency",
                               .type = field_type::currency,
                               .required = true,
                               .nullable = false},
                              text("stage", 100, true),
                              {.name = "is_closed", .type = field_type::boolean, .nullable = false},
                              {.name = "is_won", .type = field_type::boolean, .nullable = false},
                              date("close_date")},
                   .sorts = {by_date("close_date", "coalesce(close_date, 'infinity'::date)"),
                             created(),
                             {"name", "name", "text"}},
                   .filters = {"crm", "stage", "is_closed", "is_won", "account", "currency"},
                   .unique_keys = {{{"crm", "external_id"},
                                    "another opportunity of this CRM has this external_id"}},
                   .effect = score_effect::linked_events,
                   .rules = opportunity_rules});

    all.push_back(
        {.name = "opportunity-links",
         .singular = "opportunity link",
         .table = "event_opportunities",
         .fields = {reference("opportunity_id", "opportunities", true),
                    {.name = "attribution",
                     .type = field_type::choice,
                     .required = true,
                     .nullable = false,
                     .choices = {"sourced", "influenced"}},
                    {.name = "weight_percent", .type = field_type::integer, .min = 0, .max = 100}},
         .sorts = {created()},
         .filters = {"attribution", "opportunity_id"},
         .unique_keys = {{{"event_id", "opportunity_id"},
                          "this opportunity is already linked to the event"}},
         .rules = link_rules});

    all.push_back({.name = "speakers",
                   .singular = "speaker",
                   .table = "speakers",
                   .fields = {text("full_name", 200, true), text("job_title", 200),
                              text("company", 200), email, text("talk_title", 300),
                              state("status", {"invited", "confirmed", "declined", "delivered"})},
                   .sorts = {{"full_name", "full_name", "text"}, created()},
                   .filters = {"status"},
                   .effect = score_effect::none});

    all.push_back({.name = "attendance",
                   .singular = "attendance",
                   .table = "attendance",
                   .fields = {count("target"), count("registered"), count("attended"),
                              count("no_shows"), count("engaged")},
                   .sorts = {created()},
                   .filters = {},
                   .one_per_event = true,
                   .rules = attendance_rules});

    all.push_back({.name = "feedback",
                   .singular = "feedback",
                   .table = "feedback",
                   .fields = {{.name = "rating",
                               .type = field_type::integer,
                               .required = true,
                               .nullable = false,
                               .min = 1,
                               .max = 5},
                              text("comment", 4000),
                              date("submitted_on", true)},
                   .sorts = {by_date("submitted_on", "submitted_on"), created()},
                   .filters = {"rating"}});

    all.push_back({.name = "proof",
                   .singular = "proof",
                   .table = "proof",
                   .fields = {state("kind", {"link", "file"}),
                              text("title", 300, true),
                              {.name = "url",
                               .type = field_type::url,
                               .required = true,
                               .nullable = false,
                               .max = 2000},
                              date("captured_on", true)},
                   .sorts = {by_date("captured_on", "captured_on"), created()},
                   .filters = {"kind"}});

    all.push_back(
        {.name = "exchange-rates",
         .singular = "exchange rate",
         .table = "exchange_rates",
         .parent = parent_kind::organization,
         .fields = {{.name = "from_currency",
                     .type = field_type::currency,
                     .required = true,
                     .nullable = false},
                    {.name = "to_currency",
                     .type = field_type::currency,
                     .required = true,
                     .nullable = false},
                    date("effective_on", true),
                    {.name = "numerator",
                     .type = field_type::integer,
                     .required = true,
                     .nullable = false,
                     .min = 1,
                     .max = 1'000'000'000'000},
                    {.name = "denominator",
                     .type = field_type::integer,
                     .required = true,
                     .nullable = false,
                     .min = 1,
                     .max = 1'000'000'000'000}},
         .sorts = {by_date("effective_on", "effective_on"), created()},
         .filters = {"from_currency", "to_currency"},
         .unique_keys = {{{"from_currency", "to_currency", "effective_on"},
                          "a rate for this pair of currencies is already set on that date"}},
         .effect = score_effect::all_events,
         .managed = true,
         .rules = rate_rules});
    return all;
}

}  // namespace

const std::vector<resource>& resources() {
    static const std::vector<resource> all = build_resources();
    return all;
}

}  // namespace dott::store
