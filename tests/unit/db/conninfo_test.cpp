#include <gtest/gtest.h>

#include <string>

#include "db/conninfo.hpp"

namespace dott::db {
namespace {

TEST(Conninfo, QuotedValuesEscapeQuotesAndBackslashes) {
    EXPECT_EQ(quote_conninfo_value("/var/run dir"), "'/var/run dir'");
    EXPECT_EQ(quote_conninfo_value("it's\\"), "'it\\'s\\\\'");
}

TEST(Conninfo, WithDatabaseReplacesTheDatabaseOfAKeyValueString) {
    auto changed = with_database("host='/tmp/a b' dbname=dott user=dott_app", "dott_test_1");

    ASSERT_TRUE(changed);
    EXPECT_NE(changed->find("host='/tmp/a b'"), std::string::npos);
    EXPECT_NE(changed->find("user='dott_app'"), std::string::npos);
    EXPECT_NE(changed->find("dbname='dott_test_1'"), std::string::npos);
    EXPECT_EQ(changed->find("dbname=dott "), std::string::npos);
}

TEST(Conninfo, WithDatabaseReplacesTheDatabaseOfAUri) {
    auto changed =
        with_database("postgresql://dott_app:pw@localhost:5433/dott?sslmode=disable", "other");

    ASSERT_TRUE(changed);
    EXPECT_NE(changed->find("dbname='other'"), std::string::npos);
    EXPECT_NE(changed->find("port='5433'"), std::string::npos);
    EXPECT_NE(changed->find("sslmode='disable'"), std::string::npos);
}

TEST(Conninfo, WithDatabaseFailsWithoutEchoingAnUnparsableString) {
    auto changed = with_database("host= 'unterminated secret", "x");

    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().code, errc::invalid_argument);
    EXPECT_EQ(changed.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace dott::db
