#include "common/result.hpp"

#include <gtest/gtest.h>

namespace dott {
namespace {

TEST(Result, FailCarriesCodeMessageAndField) {
    result<int> r = fail(errc::invalid_argument, "name is too long", "name");

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::invalid_argument);
    EXPECT_EQ(r.error().message, "name is too long");
    EXPECT_EQ(r.error().field, "name");
}

TEST(Result, EveryCodeMapsToOneStatus) {
    EXPECT_EQ(http_status(errc::malformed), 400);
    EXPECT_EQ(http_status(errc::invalid_argument), 422);
    EXPECT_EQ(http_status(errc::not_found), 404);
    EXPECT_EQ(http_status(errc::conflict), 409);
    EXPECT_EQ(http_status(errc::unauthenticated), 401);
    EXPECT_EQ(http_status(errc::forbidden), 403);
    EXPECT_EQ(http_status(errc::precondition_failed), 412);
    EXPECT_EQ(http_status(errc::too_large), 413);
    EXPECT_EQ(http_status(errc::unsupported_media), 415);
    EXPECT_EQ(http_status(errc::unavailable), 503);
    EXPECT_EQ(http_status(errc::internal), 500);
}

}  // namespace
}  // namespace dott
