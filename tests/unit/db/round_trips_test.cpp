#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "db/detail/round_trips.hpp"

namespace dott::db::detail {
namespace {

const std::string org = "7b1f2c3e-0000-4000-8000-00000000000a";
const std::string user = "7B1F2C3E-0000-4000-8000-00000000000B";

TEST(Unit, OpeningBindsBothIdsToTheStatementThatSetsThem) {
    auto how = opening_for(scope{.org_id = org, .user_id = user});

    ASSERT_TRUE(how) << how.error().message;
    EXPECT_STREQ(how->begin, "begin");
    EXPECT_EQ(how->statement, 0u);
    EXPECT_EQ(how->params, (std::vector<std::string>{org, user}));
    EXPECT_NE(std::string(opening_statements()[0].sql).find("set_config('app.user_id', $2, true)"),
              std::string::npos);
}

TEST(Unit, OpeningIsReadOnlyForAReadOnlyScope) {
    auto how = opening_for(scope{.org_id = org, .read_only = true});

    ASSERT_TRUE(how) << how.error().message;
    EXPECT_STREQ(how->begin, "begin transaction read only");
    EXPECT_EQ(how->params, (std::vector<std::string>{org, ""}));
}

TEST(Unit, OpeningOfASessionBindsItsDigestAndTheMomentItMustBeLiveAt) {
    const std::string digest(32, '\xab');
    const auto at = std::chrono::system_clock::time_point(std::chrono::microseconds(1234567));

    auto how = opening_for(scope{.org_id = org, .session = session_key{digest, at}});

    ASSERT_TRUE(how) << how.error().message;
    EXPECT_EQ(how->statement, 1u);
    std::string hex = "\\x";
    for (int i = 0; i < 32; ++i) {
        hex += "ab";
    }
    EXPECT_EQ(how->params, (std::vector<std::string>{org, hex, "1234567"}));
}

// The session names the user: a scope cannot name another one beside it, and a digest is the
// SHA-256 of a token.
TEST(Unit, OpeningRefusesASessionWithAUserOrAMalformedDigest) {
    const auto now = std::chrono::system_clock::now();

    auto with_user =
        opening_for(scope{.user_id = user, .session = session_key{std::string(32, 'x'), now}});
    auto short_digest = opening_for(scope{.session = session_key{"abc", now}});

    ASSERT_FALSE(with_user);
    EXPECT_EQ(with_user.error().field, "user_id");
    ASSERT_FALSE(short_digest);
    EXPECT_EQ(short_digest.error().code, errc::invalid_argument);
    EXPECT_EQ(short_digest.error().field, "session");
}

// The ids are bound parameters; a scope whose ids are not ids is still refused before anything
// is sent, naming the field.
TEST(Unit, OpeningRefusesIdsThatAreNotUuids) {
    for (const std::string& bad :
         {std::string("x', true); drop table events; --"), org + "'", org.substr(1),
          std::string("7b1f2c3e-0000-4000-8000-00000000000g"), std::string(" ") + org}) {
        auto as_org = opening_for(scope{.org_id = bad});
        auto as_user = opening_for(scope{.user_id = bad});

        ASSERT_FALSE(as_org) << bad;
        EXPECT_EQ(as_org.error().code, errc::invalid_argument);
        EXPECT_EQ(as_org.error().field, "org_id");
        ASSERT_FALSE(as_user) << bad;
        EXPECT_EQ(as_user.error().field, "user_id");
    }
}

TEST(Unit, PreparedNameIsStablePerTextAndDistinctAcrossTexts) {
    auto first = prepared_name("select 1 as round_trips_test");
    auto again = prepared_name("select 1 as round_trips_test");
    auto other = prepared_name("select 2 as round_trips_test");

    ASSERT_TRUE(first && again && other);
    EXPECT_EQ(*first, *again);
    EXPECT_NE(*first, *other);
}

TEST(Unit, PreparedNameRunsOutAfterTheBoundInsteadOfGrowingForever) {
    std::set<std::string> names;
    std::size_t refused = 0;
    for (std::size_t i = 0; i < max_prepared_statements + 10; ++i) {
        auto name = prepared_name("select " + std::to_string(i) + " as bound_test");
        if (name) {
            names.insert(*name);
        } else {
            ++refused;
        }
    }

    EXPECT_LE(names.size(), max_prepared_statements);
    EXPECT_GE(refused, 10u);
}

}  // namespace
}  // namespace dott::db::detail
