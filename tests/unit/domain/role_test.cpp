#include "domain/role.hpp"

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

TEST(Role, ParsesStoredNamesAndRoundTrips) {
    for (role r : {role::owner, role::admin, role::editor, role::viewer}) {
        EXPECT_EQ(parse_role(to_string(r)), r);
    }
    EXPECT_FALSE(parse_role("superuser").has_value());
}

TEST(Role, ViewersCannotEditAndOnlyAdminsManage) {
    EXPECT_FALSE(can_edit_portfolio(role::viewer));
    EXPECT_TRUE(can_edit_portfolio(role::editor));
    EXPECT_FALSE(can_manage_org(role::editor));
    EXPECT_TRUE(can_manage_org(role::admin));
    EXPECT_TRUE(can_manage_org(role::owner));
}

}  // namespace
}  // namespace dott::domain
