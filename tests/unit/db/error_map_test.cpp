#include <gtest/gtest.h>

#include <string>

#include "db/detail/error_map.hpp"

namespace dott::db::detail {
namespace {

// Clients read the message: it names neither the schema's constraints nor the values.
TEST(ErrorMap, UniqueViolationIsConflictNamingNoConstraintNorValue) {
    const error mapped =
        map_sql_error("23505",
                      "ERROR:  duplicate key value violates unique constraint \"users_email_key\"\n"
                      "DETAIL:  Key (email)=(someone@example.com) already exists.\n");

    EXPECT_EQ(mapped.code, errc::conflict);
    EXPECT_EQ(mapped.message.find("users_email_key"), std::string::npos);
    EXPECT_EQ(mapped.message.find("someone@example.com"), std::string::npos);
    EXPECT_EQ(mapped.field, "");
}

TEST(ErrorMap, RejectedValuesNameNoConstraint) {
    const error mapped = map_sql_error(
        "23514", "ERROR:  new row violates check constraint \"events_dates_within_bounds\"");

    EXPECT_EQ(mapped.code, errc::invalid_argument);
    EXPECT_EQ(mapped.message.find("events_"), std::string::npos);
    EXPECT_EQ(map_sql_error("23P01",
                            "ERROR: conflicting key value violates exclusion "
                            "constraint \"x_excl\"")
                  .message.find("x_excl"),
              std::string::npos);
}

TEST(ErrorMap, ForeignKeyViolationIsConflict) {
    EXPECT_EQ(map_sql_error("23503", "ERROR: insert violates foreign key").code, errc::conflict);
}

TEST(ErrorMap, RejectedValuesAreInvalidArgument) {
    EXPECT_EQ(map_sql_error("23514", "ERROR: check").code, errc::invalid_argument);
    EXPECT_EQ(map_sql_error("23502", "ERROR: not null").code, errc::invalid_argument);
    EXPECT_EQ(map_sql_error("22P02", "ERROR: invalid input syntax for type uuid: \"x\"").code,
              errc::invalid_argument);
    EXPECT_EQ(map_sql_error("22001", "ERROR: value too long").code, errc::invalid_argument);
}

TEST(ErrorMap, RowSecurityWithCheckFailureIsInvalidArgument) {
    const error mapped = map_sql_error(
        "42501", "ERROR:  new row violates row-level security policy for table \"events\"");

    EXPECT_EQ(mapped.code, errc::invalid_argument);
}

TEST(ErrorMap, MissingPrivilegeIsForbidden) {
    EXPECT_EQ(map_sql_error("42501", "ERROR: permission denied for table audit_log").code,
              errc::forbidden);
    EXPECT_EQ(
        map_sql_error("25006", "ERROR: cannot execute INSERT in a read-only transaction").code,
        errc::forbidden);
}

TEST(ErrorMap, LostConnectionsTimeoutsAndOverloadAreUnavailable) {
    for (const char* state : {"08006", "57P01", "57014", "53300", "40001", "40P01"}) {
        EXPECT_EQ(map_sql_error(state, "ERROR: x").code, errc::unavailable) << state;
    }
}

TEST(ErrorMap, OtherErrorsAreInternalWithStateAndFirstLineOnly) {
    const error mapped =
        map_sql_error("42703", "ERROR:  column \"nope\" does not exist\nLINE 1: select nope\n");

    EXPECT_EQ(mapped.code, errc::internal);
    EXPECT_EQ(mapped.message, "database error 42703: column \"nope\" does not exist");
}

TEST(ErrorMap, FirstLineIsCutToABoundedLength) {
    EXPECT_LE(first_line(std::string(5000, 'x')).size(), 300u);
    EXPECT_EQ(first_line("FATAL:  terminating connection\nmore"), "terminating connection");
}

TEST(ErrorMap, ConstraintNameIsEmptyWhenTheMessageNamesNone) {
    EXPECT_EQ(constraint_name("ERROR: something else"), "");
    EXPECT_EQ(constraint_name("violates check constraint \"events_tier_check\""),
              "events_tier_check");
}

TEST(ErrorMap, ConnectionLossStatesAreRecognised) {
    EXPECT_TRUE(is_connection_loss("08003"));
    EXPECT_TRUE(is_connection_loss("57P01"));
    EXPECT_FALSE(is_connection_loss("23505"));
    EXPECT_FALSE(is_connection_loss(""));
}

}  // namespace
}  // namespace dott::db::detail
