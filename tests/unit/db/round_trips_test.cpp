#include <gtest/gtest.h>

#include <set>
#include <string>

#include "db/detail/round_trips.hpp"

namespace dott::db::detail {
namespace {

const std::string org = "7b1f2c3e-0000-4000-8000-00000000000a";
const std::string user = "7B1F2C3E-0000-4000-8000-00000000000B";

TEST(Unit, BeginCommandSetsBothIdsTransactionLocally) {
    auto command = begin_command(scope{.org_id = org, .user_id = user});

    ASSERT_TRUE(command) << command.error().message;
    EXPECT_EQ(*command, "begin; select set_config('app.org_id', '" + org +
                            "', true), set_config('app.user_id', '" + user + "', true)");
}

TEST(Unit, BeginCommandOpensAReadOnlyTransactionForAReadOnlyScope) {
    auto command = begin_command(scope{.org_id = org, .read_only = true});

    ASSERT_TRUE(command) << command.error().message;
    EXPECT_TRUE(command->starts_with("begin transaction read only; select set_config("));
    EXPECT_NE(command->find("set_config('app.user_id', '', true)"), std::string::npos);
}

TEST(Unit, BeginCommandClearsBothSettingsForAnEmptyScope) {
    auto command = begin_command(scope{});

    ASSERT_TRUE(command) << command.error().message;
    EXPECT_NE(command->find("set_config('app.org_id', '', true)"), std::string::npos);
    EXPECT_NE(command->find("set_config('app.user_id', '', true)"), std::string::npos);
}

// The ids are written into the command as literals, so anything but a UUID is refused.
TEST(Unit, BeginCommandRefusesIdsThatAreNotUuids) {
    for (const std::string& bad :
         {std::string("x', true); drop table events; --"), org + "'", org.substr(1),
          std::string("7b1f2c3e-0000-4000-8000-00000000000g"), std::string(" ") + org}) {
        auto as_org = begin_command(scope{.org_id = bad});
        auto as_user = begin_command(scope{.user_id = bad});

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
