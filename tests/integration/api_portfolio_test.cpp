#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/role.hpp"
#include "integration/test_server.hpp"
#include "store/accounts.hpp"

namespace dott::test {
namespace {

using nlohmann::json;

const json conference = {{"name", "PGConf India"},  {"starts_on", "2025-03-05"},
                         {"ends_on", "2025-03-07"}, {"time_zone", "Asia/Kolkata"},
                         {"city", "Bengaluru"},     {"country", "India"}};

const json booth_line = {{"category", "Booth & space"},
                         {"currency", "INR"},
                         {"planned_minor", 50000000},
                         {"actual_minor", 48000000}};

class ApiPortfolio : public ::testing::Test {
  protected:
    std::string create_event(const member& m, const json& body = conference) {
        auto res = send_json(server_, "POST", "/api/v1/orgs/" + m.org_id + "/events", m.cookie,
                             body.dump());
        EXPECT_EQ(res.status, 201) << res.body;
        return json::parse(res.body).value("id", "");
    }

    std::string create_line(const member& m, const std::string& event_id) {
        auto res = send_json(server_, "POST",
                             "/api/v1/orgs/" + m.org_id + "/events/" + event_id + "/line-items",
                             m.cookie, booth_line.dump());
        EXPECT_EQ(res.status, 201) << res.body;
        return json::parse(res.body).value("id", "");
    }

    /// A new user who is an editor of `owner`'s organization (and owner of one of their own).
    member editor_of(const member& owner, const std::string& own_org) {
        member editor = new_member(server_, own_org);
        auto added = db::run<void>(
            server_.pool(), db::scope{.org_id = owner.org_id}, [&](db::transaction& tx) {
                return store::upsert_membership(tx, editor.user_id, domain::role::editor);
            });
        EXPECT_TRUE(added.has_value());
        return editor;
    }

    test_server server_;
};

TEST_F(ApiPortfolio, EventLifecycleWithVersionsAndETags) {
    member m = new_member(server_, "Lifecycle org");
    std::string id = create_event(m);
    std::string path = "/api/v1/orgs/" + m.org_id + "/events/" + id;

    auto got = send_json(server_, "GET", path, m.cookie);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.header("etag").value_or(""), "\"1\"");

    auto updated =
        send_json(server_, "PATCH", path, m.cookie,
                  json{{"status", "planning"}, {"tier", 2}}.dump(), {{"If-Match", "\"1\""}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(json::parse(updated.body).at("status"), "planning");
    EXPECT_EQ(json::parse(updated.body).at("version"), 2);

    auto stale = send_json(server_, "PATCH", path, m.cookie, json{{"status", "live"}}.dump(),
                           {{"If-Match", "\"1\""}});
    EXPECT_EQ(stale.status, 412);

    auto cleared = send_json(server_, "PATCH", path, m.cookie, json{{"tier", nullptr}}.dump());
    ASSERT_EQ(cleared.status, 200);
    EXPECT_TRUE(json::parse(cleared.body).at("tier").is_null());

    EXPECT_EQ(send_json(server_, "DELETE", path, m.cookie).status, 204);
    EXPECT_EQ(send_json(server_, "GET", path, m.cookie).status, 404);
}

TEST_F(ApiPortfolio, LineItemLifecycle) {
    member m = new_member(server_, "Budget org");
    std::string event_id = create_event(m);
    std::string item_id = create_line(m, event_id);
    std::string path =
        "/api/v1/orgs/" + m.org_id + "/events/" + event_id + "/line-items/" + item_id;

    auto updated =
        send_json(server_, "PATCH", path, m.cookie, json{{"actual_minor", 51000000}}.dump());
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(json::parse(updated.body).at("actual_minor"), 51000000);

    auto list =
        send_json(server_, "GET",
                  "/api/v1/orgs/" + m.org_id + "/events/" + event_id + "/line-items", m.cookie);
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body).at("line_items").size(), 1u);

    EXPECT_EQ(send_json(server_, "DELETE", path, m.cookie).status, 204);
    EXPECT_EQ(send_json(server_, "GET", path, m.cookie).status, 404);
}

TEST_F(ApiPortfolio, ListFiltersAndPagesWithACursor) {
    member m = new_member(server_, "List org");
    for (int day = 10; day < 15; ++day) {
        json body = conference;
        body["name"] = "Meetup " + std::to_string(day);
        body["starts_on"] = "2026-05-" + std::to_string(day);
        body["ends_on"] = body["starts_on"];
        create_event(m, body);
    }
    std::string base = "/api/v1/orgs/" + m.org_id + "/events";

    auto first = send_json(server_, "GET", base + "?limit=2&from=2026-05-11", m.cookie);
    ASSERT_EQ(first.status, 200) << first.body;
    auto page = json::parse(first.body);
    ASSERT_EQ(page.at("events").size(), 2u);
    EXPECT_EQ(page.at("events")[0].at("name"), "Meetup 11");
    std::string cursor = page.at("next_cursor");

    auto second = json::parse(
        send_json(server_, "GET", base + "?limit=2&from=2026-05-11&cursor=" + cursor, m.cookie)
            .body);
    EXPECT_EQ(second.at("events")[0].at("name"), "Meetup 13");

    auto text = json::parse(send_json(server_, "GET", base + "?q=meetup%2012", m.cookie).body);
    ASSERT_EQ(text.at("events").size(), 1u);

    auto newest = json::parse(send_json(server_, "GET", base + "?sort=-starts_on", m.cookie).body);
    EXPECT_EQ(newest.at("events")[0].at("name"), "Meetup 14");

    EXPECT_EQ(send_json(server_, "GET", base + "?from=2026-02-30", m.cookie).status, 422);
    EXPECT_EQ(send_json(server_, "GET", base + "?limit=0", m.cookie).status, 422);
    EXPECT_EQ(send_json(server_, "GET", base + "?cursor=garbage", m.cookie).status, 422);
}

TEST_F(ApiPortfolio, BadBodiesAreRefusedWithTheFieldNamed) {
    member m = new_member(server_, "Validation org");
    std::string base = "/api/v1/orgs/" + m.org_id + "/events";

    auto broken = send_json(server_, "POST", base, m.cookie, "{\"name\": ");
    auto duplicate =
        send_json(server_, "POST", base, m.cookie,
                  R"({"name":"a","name":"b","starts_on":"2025-01-01","ends_on":"2025-01-01"})");
    json unknown_body = conference;
    unknown_body["colour"] = "red";
    auto unknown = send_json(server_, "POST", base, m.cookie, unknown_body.dump());
    json backwards_body = conference;
    backwards_body["ends_on"] = "2025-03-01";
    auto backwards = send_json(server_, "POST", base, m.cookie, backwards_body.dump());
    auto not_json = send("POST", server_.url(base),
                         {{"Cookie", m.cookie}, {"Content-Type", "text/plain"}}, conference.dump());
    std::string deep(100, '[');
    auto too_deep = send_json(server_, "POST", base, m.cookie, deep + std::string(100, ']'));
    auto oversized = send_json(server_, "POST", base, m.cookie,
                               "{\"name\":\"" + std::string(100 * 1024, 'x') + "\"}");

    EXPECT_EQ(broken.status, 400);
    EXPECT_EQ(broken.header("content-type").value_or(""), "application/problem+json");
    EXPECT_EQ(duplicate.status, 400);
    EXPECT_NE(duplicate.body.find("name"), std::string::npos);
    EXPECT_EQ(unknown.status, 422);
    EXPECT_NE(unknown.body.find("colour"), std::string::npos);
    EXPECT_EQ(backwards.status, 422);
    EXPECT_EQ(json::parse(backwards.body).at("field"), "ends_on");
    EXPECT_EQ(not_json.status, 415);
    EXPECT_EQ(too_deep.status, 400);
    EXPECT_EQ(oversized.status, 413);
}

TEST_F(ApiPortfolio, MoneyOutsideTheExactRangeIsRefused) {
    member m = new_member(server_, "Money org");
    std::string event_id = create_event(m);
    std::string path = "/api/v1/orgs/" + m.org_id + "/events/" + event_id + "/line-items";

    json huge = booth_line;
    huge["planned_minor"] = 9007199254740993.0;
    json fractional = booth_line;
    fractional["planned_minor"] = 10.5;
    json bad_currency = booth_line;
    bad_currency["currency"] = "ABC";

    EXPECT_EQ(send_json(server_, "POST", path, m.cookie, huge.dump()).status, 422);
    EXPECT_EQ(send_json(server_, "POST", path, m.cookie, fractional.dump()).status, 422);
    EXPECT_EQ(send_json(server_, "POST", path, m.cookie, bad_currency.dump()).status, 422);
}

TEST_F(ApiPortfolio, ViewerCanReadButNotEdit) {
    member owner = new_member(server_, "Roles org");
    member viewer = new_member(server_, "Viewer's own org");
    std::string event_id = create_event(owner);
    auto added =
        db::run<void>(server_.pool(), db::scope{.org_id = owner.org_id}, [&](db::transaction& tx) {
            return store::upsert_membership(tx, viewer.user_id, domain::role::viewer);
        });
    ASSERT_TRUE(added.has_value());
    std::string path = "/api/v1/orgs/" + owner.org_id + "/events/" + event_id;

    EXPECT_EQ(send_json(server_, "GET", path, viewer.cookie).status, 200);
    EXPECT_EQ(send_json(server_, "PATCH", path, viewer.cookie, json{{"tier", 1}}.dump()).status,
              403);
    EXPECT_EQ(send_json(server_, "DELETE", path, viewer.cookie).status, 403);
}

TEST_F(ApiPortfolio, ALockedBudgetKeepsItsPlannedTotalUntilAnAdminUnlocksIt) {
    member owner = new_member(server_, "Budget lock org");
    member editor = editor_of(owner, "Editor's own org");
    std::string budget =
        "/api/v1/orgs/" + owner.org_id + "/events/" + create_event(owner) + "/budget";
    json plan = {{"planned_minor", 2500000}, {"currency", "EUR"}};

    EXPECT_EQ(send_json(server_, "POST", budget + "/lock", editor.cookie).status, 409);
    auto set = send_json(server_, "PUT", budget, editor.cookie, plan.dump());
    auto locked = send_json(server_, "POST", budget + "/lock", editor.cookie);
    plan["planned_minor"] = 3000000;
    auto moved = send_json(server_, "PUT", budget, editor.cookie, plan.dump());
    auto editor_unlock = send_json(server_, "POST", budget + "/unlock", editor.cookie);
    auto owner_unlock = send_json(server_, "POST", budget + "/unlock", owner.cookie);
    auto moved_again = send_json(server_, "PUT", budget, editor.cookie, plan.dump());

    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(json::parse(set.body).at("budget").at("planned_minor"), 2500000);
    ASSERT_EQ(locked.status, 200) << locked.body;
    auto lock = json::parse(locked.body).at("budget");
    EXPECT_TRUE(lock.at("locked"));
    EXPECT_EQ(lock.at("locked_by"), editor.user_id);
    EXPECT_FALSE(lock.at("locked_at").is_null());
    EXPECT_EQ(moved.status, 409);
    EXPECT_EQ(editor_unlock.status, 403);
    EXPECT_EQ(owner_unlock.status, 200);
    EXPECT_EQ(moved_again.status, 200);
    EXPECT_EQ(json::parse(moved_again.body).at("budget").at("planned_minor"), 3000000);
}

TEST_F(ApiPortfolio, OnlyAdminsApproveOrRejectBudgetLines) {
    member owner = new_member(server_, "Approval org");
    member editor = editor_of(owner, "Approver's own org");
    std::string event_id = create_event(owner);
    std::string path = "/api/v1/orgs/" + owner.org_id + "/events/" + event_id + "/line-items/" +
                       create_line(owner, event_id);

    auto submitted =
        send_json(server_, "PATCH", path, editor.cookie, json{{"approval", "submitted"}}.dump());
    auto approved_by_editor =
        send_json(server_, "PATCH", path, editor.cookie, json{{"approval", "approved"}}.dump());
    auto approved_by_owner =
        send_json(server_, "PATCH", path, owner.cookie, json{{"approval", "approved"}}.dump());
    auto edited_after =
        send_json(server_, "PATCH", path, editor.cookie, json{{"vendor", "Expo GmbH"}}.dump());

    EXPECT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(approved_by_editor.status, 403);
    ASSERT_EQ(approved_by_owner.status, 200);
    EXPECT_EQ(json::parse(approved_by_owner.body).at("approval"), "approved");
    EXPECT_EQ(edited_after.status, 200);
}

// A decision covers the figures it saw. An editor may still correct an approved line, but the
// correction goes back for a decision; only owners and admins move a line out of a decision.
TEST_F(ApiPortfolio, AnEditorsNewFiguresSendADecidedLineBackForADecision) {
    member owner = new_member(server_, "Finance org");
    member editor = editor_of(owner, "Editor's home org");
    std::string event_id = create_event(owner);
    json approved = {{"category", "Booth"},
                     {"currency", "EUR"},
                     {"planned_minor", 1000},
                     {"approval", "approved"}};
    auto created = send_json(server_, "POST",
                             "/api/v1/orgs/" + owner.org_id + "/events/" + event_id + "/line-items",
                             owner.cookie, approved.dump());
    ASSERT_EQ(created.status, 201) << created.body;
    std::string line_id = json::parse(created.body).at("id");
    std::string path =
        "/api/v1/orgs/" + owner.org_id + "/events/" + event_id + "/line-items/" + line_id;

    auto raised =
        send_json(server_, "PATCH", path, editor.cookie, json{{"planned_minor", 999999}}.dump());
    auto reapproved =
        send_json(server_, "PATCH", path, owner.cookie, json{{"approval", "approved"}}.dump());
    auto drafted =
        send_json(server_, "PATCH", path, editor.cookie, json{{"approval", "draft"}}.dump());
    auto described = send_json(server_, "PATCH", path, editor.cookie,
                               json{{"description", "Corner booth"}}.dump());
    auto owners_figures =
        send_json(server_, "PATCH", path, owner.cookie, json{{"actual_minor", 990000}}.dump());

    ASSERT_EQ(raised.status, 200) << raised.body;
    EXPECT_EQ(json::parse(raised.body).at("approval"), "submitted");
    EXPECT_EQ(json::parse(raised.body).at("planned_minor"), 999999);
    EXPECT_EQ(json::parse(reapproved.body).at("approval"), "approved");
    EXPECT_EQ(drafted.status, 403);
    EXPECT_EQ(json::parse(drafted.body).at("field"), "approval");
    ASSERT_EQ(described.status, 200) << described.body;
    EXPECT_EQ(json::parse(described.body).at("approval"), "approved");
    EXPECT_EQ(json::parse(owners_figures.body).at("approval"), "approved");

    // The audit entry of the editor's change keeps the approval before and after.
    auto detail = db::run<std::string>(
        server_.pool(), db::scope{.org_id = owner.org_id},
        [&](db::transaction& tx) -> result<std::string> {
            auto rows = tx.exec(
                "select detail::text from audit_log where action = 'line_item.updated' "
                "and target_id = $1 and actor_user_id = $2::uuid order by id limit 1",
                line_id, editor.user_id);
            return rows.empty() ? std::string("{}") : rows[0][0].as<std::string>();
        });
    ASSERT_TRUE(detail.has_value());
    auto audited = json::parse(*detail);
    EXPECT_EQ(audited.at("before").at("approval"), "approved");
    EXPECT_EQ(audited.at("after").at("approval"), "submitted");
    EXPECT_EQ(audited.at("after").at("planned_minor"), 999999);
}

// The same rule holds for a tracker imported again: an editor's new amounts on an approved
// line send it back for a decision; an owner's keep the decision.
TEST_F(ApiPortfolio, AnEditorsReimportOfAnApprovedLineSendsItBackForADecision) {
    member owner = new_member(server_, "Import approvals org");
    member editor = editor_of(owner, "Importer's home org");
    std::string event_id = create_event(owner);
    std::string lines = "/api/v1/orgs/" + owner.org_id + "/events/" + event_id + "/line-items";
    auto import = [&](const member& who, const std::string& planned, const std::string& actual) {
        return send("POST", server_.url("/api/v1/orgs/" + owner.org_id + "/imports/budget"),
                    {{"Content-Type", "text/csv"}, {"Cookie", who.cookie}},
                    "Event,Category,Planned,Actual\r\nPGConf India,Booth," + planned + "," +
                        actual + "\r\n");
    };
    auto approval_now = [&] {
        auto list = json::parse(send_json(server_, "GET", lines, owner.cookie).body);
        return list.at("line_items").at(0);
    };
    ASSERT_EQ(import(owner, "10.00", "0").status, 200);
    std::string line_id = approval_now().at("id");
    ASSERT_EQ(send_json(server_, "PATCH", lines + "/" + line_id, owner.cookie,
                        json{{"approval", "approved"}}.dump())
                  .status,
              200);

    auto by_editor = import(editor, "12.00", "5.00");
    auto after_editor = approval_now();
    auto reapproved = send_json(server_, "PATCH", lines + "/" + line_id, owner.cookie,
                                json{{"approval", "approved"}}.dump());
    auto by_owner = import(owner, "13.00", "6.00");
    auto after_owner = approval_now();

    ASSERT_EQ(by_editor.status, 200) << by_editor.body;
    auto row = json::parse(by_editor.body).at("rows").at(0);
    EXPECT_EQ(row.at("approval"), "submitted");
    EXPECT_EQ(row.at("changed"), json::array({"planned_minor", "actual_minor", "approval"}));
    EXPECT_EQ(after_editor.at("approval"), "submitted");
    EXPECT_EQ(after_editor.at("planned_minor"), 1200);
    EXPECT_EQ(reapproved.status, 200) << reapproved.body;
    ASSERT_EQ(by_owner.status, 200) << by_owner.body;
    EXPECT_EQ(after_owner.at("approval"), "approved");
    EXPECT_EQ(after_owner.at("actual_minor"), 600);
}

TEST_F(ApiPortfolio, OwnerMustBeAMemberOfTheOrganization) {
    member a = new_member(server_, "Owner check A");
    member b = new_member(server_, "Owner check B");
    json body = conference;
    body["owner_user_id"] = b.user_id;

    auto res =
        send_json(server_, "POST", "/api/v1/orgs/" + a.org_id + "/events", a.cookie, body.dump());

    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(json::parse(res.body).at("field"), "owner_user_id");
}

}  // namespace
}  // namespace dott::test
