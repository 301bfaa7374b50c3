#include <gtest/gtest.h>

#include <algorithm>

#include "db/migrate.hpp"

namespace dott::db {
namespace {

TEST(Migrations, EmbeddedFilesStartWithTheCoreSchemaInNameOrder) {
    const auto& files = embedded_migrations();

    ASSERT_FALSE(files.empty());
    EXPECT_EQ(files.front().name, "0001_core.sql");
    EXPECT_NE(files.front().sql.find("create table organizations"), std::string::npos);
    EXPECT_TRUE(std::ranges::is_sorted(files, {}, &migration::name));
}

TEST(Migrations, ChecksumIsTheSha256HexOfTheText) {
    EXPECT_EQ(migration_checksum("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace dott::db
