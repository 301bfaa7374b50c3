#include "domain/event.hpp"

#include <gtest/gtest.h>

namespace dott::domain {
namespace {

event valid_event() {
    event e;
    e.name = "PGConf India";
    e.starts_on = "2025-03-05";
    e.ends_on = "2025-03-07";
    e.time_zone = "Asia/Kolkata";
    return e;
}

TEST(CheckEvent, AcceptsAValidEvent) { EXPECT_TRUE(check_event(valid_event()).has_value()); }

TEST(CheckEvent, NamesTheFieldWhenEndIsBeforeStart) {
    event e = valid_event();
    e.ends_on = "2025-03-04";

    auto checked = check_event(e);

    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().field, "ends_on");
}

TEST(CheckEvent, RefusesUnknownTypeStatusAndTier) {
    event e = valid_event();
    e.type = "party";
    EXPECT_EQ(check_event(e).error().field, "type");

    e = valid_event();
    e.status = "done";
    EXPECT_EQ(check_event(e).error().field, "status");

    e = valid_event();
    e.tier = 4;
    EXPECT_EQ(check_event(e).error().field, "tier");
}

TEST(CheckEvent, RefusesABlankName) {
    event e = valid_event();
    e.name = "  \t ";

    EXPECT_EQ(check_event(e).error().field, "name");
}

TEST(CheckLineItem, RefusesUnknownCurrency) {
    line_item item;
    item.category = "booth";
    item.currency = "EURO";

    EXPECT_EQ(check_line_item(item).error().field, "currency");

    item.currency = "EUR";
    EXPECT_TRUE(check_line_item(item).has_value());
}

}  // namespace
}  // namespace dott::domain
