#include "integration/fixtures.hpp"

#include <algorithm>
#include <stdexcept>

namespace dott::test {
namespace {

using nlohmann::json;

const std::string org_prefix = "/api/v1/orgs/{org_id}";

/// Replaces every "{/collection}" string of a body with the id made for that collection.
json resolve(json body, const fixture_rows& rows) {
    for (auto& [key, value] : body.items()) {
        if (value.is_string()) {
            std::string text = value;
            if (text.size() > 3 && text.front() == '{' && text[1] == '/' && text.back() == '}') {
                value = rows.at(text.substr(1, text.size() - 2));
            }
        }
    }
    return body;
}

void replace(std::string& text, const std::string& key, const std::string& value) {
    if (auto at = text.find(key); at != std::string::npos) {
        text.replace(at, key.size(), value);
    }
}

}  // namespace

const std::vector<collection_fixture>& collection_fixtures() {
    static const std::vector<collection_fixture> fixtures = {
        {"/events/{event_id}/line-items",
         {{"category", "Booth"}, {"currency", "EUR"}, {"planned_minor", 990000}}},
        {"/events/{event_id}/roles", {{"role", "Booth lead"}, {"person_name", "Grace"}}},
        {"/events/{event_id}/milestones",
         {{"name", "Booth design signed"}, {"due_on", "2025-05-01"}}},
        {"/events/{event_id}/tasks", {{"title", "Book the hotel"}, {"due_on", "2025-05-15"}}},
        {"/contacts", {{"full_name", "Ada Secret"}, {"email", "ada@secret.example"}}},
        {"/events/{event_id}/leads",
         {{"contact_id", "{/contacts}"}, {"captured_on", "2025-06-01"}}},
        {"/events/{event_id}/meetings",
         {{"title", "Roadmap briefing"}, {"held_on", "2025-06-01"}, {"status", "held"}}},
        {"/opportunities",
         {{"external_id", "006SECRET"},
          {"name", "Secret deal"},
          {"amount_minor", 5000000},
          {"currency", "EUR"},
          {"stage", "Proposal"},
          {"crm", "salesforce"}}},
        {"/events/{event_id}/opportunity-links",
         {{"opportunity_id", "{/opportunities}"}, {"attribution", "sourced"}}},
        {"/events/{event_id}/speakers", {{"full_name", "Linus Secret"}, {"talk_title", "Keynote"}}},
        {"/events/{event_id}/feedback", {{"rating", 5}, {"submitted_on", "2025-06-03"}}},
        {"/events/{event_id}/proof",
         {{"title", "Recap deck"},
          {"url", "https://example.com/recap"},
          {"captured_on", "2025-06-04"}}},
        {"/exchange-rates",
         {{"from_currency", "USD"},
          {"to_currency", "EUR"},
          {"effective_on", "2025-01-01"},
          {"numerator", 9},
          {"denominator", 10}}},
    };
    return fixtures;
}

fixture_rows create_fixture_rows(const test_server& server, const member& who) {
    fixture_rows rows;
    const std::string base = "/api/v1/orgs/" + who.org_id;
    auto create = [&](const std::string& path, const json& body) {
        auto res = send_json(server, "POST", path, who.cookie, body.dump());
        if (res.status != 201) {
            throw std::runtime_error("fixture " + path + " was not created: " + res.body);
        }
        return json::parse(res.body).at("id").get<std::string>();
    };
    rows["/events"] = create(
        base + "/events",
        {{"name", "A's secret summit"}, {"starts_on", "2025-06-01"}, {"ends_on", "2025-06-02"}});
    for (const auto& fixture : collection_fixtures()) {
        std::string path = fixture.path;
        replace(path, "{event_id}", rows["/events"]);
        rows[fixture.path] = create(base + path, resolve(fixture.body, rows));
    }
    auto attendance = send_json(server, "PUT", base + "/events/" + rows["/events"] + "/attendance",
                                who.cookie, json{{"registered", 120}, {"attended", 90}}.dump());
    if (attendance.status != 201) {
        throw std::runtime_error("attendance was not set: " + attendance.body);
    }
    return rows;
}

std::string concrete_path(const std::string& pattern, const std::string& org_id,
                          const fixture_rows& rows) {
    std::string path = pattern;
    replace(path, "{org_id}", org_id);
    replace(path, "{event_id}", rows.at("/events"));
    if (auto at = pattern.find("/{item_id}"); at != std::string::npos) {
        std::string collection = pattern.substr(org_prefix.size(), at - org_prefix.size());
        auto found = rows.find(collection);
        if (found == rows.end()) {
            return {};
        }
        replace(path, "{item_id}", found->second);
    }
    return path;
}

std::vector<std::pair<std::string, std::string>> organization_routes(const test_server& server) {
    auto res = send("GET", server.url("/api/v1/openapi.json"));
    std::vector<std::pair<std::string, std::string>> routes;

    // Held in a variable: a range-for does not keep a temporary inside its range alive.
    json document = json::parse(res.body);
    for (const auto& [pattern, operations] : document.at("paths").items()) {
        if (pattern.rfind(org_prefix, 0) != 0) {
            continue;
        }
        for (const auto& [method, operation] : operations.items()) {
            std::string upper = method;
            std::transform(upper.begin(), upper.end(), upper.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            routes.emplace_back(upper, pattern);
        }
    }
    return routes;
}

}  // namespace dott::test
