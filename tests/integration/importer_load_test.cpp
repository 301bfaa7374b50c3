#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "importer/conference.hpp"
#include "importer/load.hpp"
#include "store/events.hpp"
#include "support/test_database.hpp"

namespace dott::test {
namespace {

std::filesystem::path listing(const std::string& relative) {
    const char* root = std::getenv("DOTT_SOURCE_DIR");
    return std::filesystem::path(root == nullptr ? "." : root) / "data" / "conferences" / relative;
}

/// A new organization in the shared test database, made the way the owner role would.
std::string new_organization(test_database& database) {
    std::string org_id = crypto::random_uuid();
    auto made = db::run<void>(
        database.app_pool(), db::scope{.org_id = org_id}, [&](db::transaction& tx) -> result<void> {
            tx.exec("insert into organizations (id, name) values ($1::uuid, 'Import org')", org_id);
            return {};
        });
    EXPECT_TRUE(made.has_value());
    return org_id;
}

std::size_t count_events(test_database& database, const std::string& org_id) {
    auto counted = db::run<std::size_t>(database.app_pool(), db::scope{.org_id = org_id},
                                        [](db::transaction& tx) -> result<std::size_t> {
                                            auto rows = tx.exec("select count(*) from events");
                                            return rows[0][0].as<std::size_t>();
                                        });
    return counted.value_or(0);
}

result<importer::load_summary> load(test_database& database, const std::string& org_id,
                                    const std::vector<importer::conference_listing>& listings) {
    return db::run<importer::load_summary>(
        database.app_pool(), db::scope{.org_id = org_id},
        [&](db::transaction& tx) { return importer::load_conferences(tx, listings, "test"); });
}

TEST(ImporterLoad, ReimportingTheSameFileAddsNothing) {
    auto& database = shared_database();
    std::string org_id = new_organization(database);
    auto listings = importer::read_conference_files({listing("2025/data.json")});
    ASSERT_TRUE(listings.has_value()) << listings.error().message;

    auto first = load(database, org_id, *listings);
    auto second = load(database, org_id, *listings);

    ASSERT_TRUE(first.has_value()) << first.error().message;
    ASSERT_TRUE(second.has_value()) << second.error().message;
    EXPECT_GT(first->inserted, 10u);
    EXPECT_EQ(second->inserted, 0u);
    EXPECT_EQ(second->updated, 0u);
    EXPECT_EQ(count_events(database, org_id), first->inserted);
}

TEST(ImporterLoad, AConferenceListedUnderTwoTopicsIsOneEventWithBothTopics) {
    auto& database = shared_database();
    std::string org_id = new_organization(database);
    auto listings =
        importer::read_conference_files({listing("2026/data.json"), listing("2026/java.json")});
    ASSERT_TRUE(listings.has_value());

    auto loaded = load(database, org_id, *listings);

    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(count_events(database, org_id), loaded->inserted);
    EXPECT_LT(loaded->inserted, listings->size());
    auto topics =
        db::run<std::string>(database.app_pool(), db::scope{.org_id = org_id},
                             [](db::transaction& tx) -> result<std::string> {
                                 auto rows = tx.exec(
                                     "select array_to_string(topics, ',') from events "
                                     "where name = 'Gateway Software Symposium'");
                                 return rows.empty() ? std::string() : rows[0][0].as<std::string>();
                             });
    EXPECT_EQ(topics.value_or(""), "data,java");
}

TEST(ImporterLoad, AMalformedFileWritesNothing) {
    auto& database = shared_database();
    std::string org_id = new_organization(database);
    std::filesystem::path bad =
        std::filesystem::temp_directory_path() / ("dott-bad-" + crypto::random_base62(8) + ".json");
    std::ofstream(bad) << R"([{"name":"Good","url":"https://a.example","startDate":"2025-01-01",)"
                       << R"("endDate":"2025-01-02"},{"name":"Bad","url":"https://b.example",)"
                       << R"("startDate":"2025-02-30","endDate":"2025-03-01"}])";

    auto listings = importer::read_conference_files({listing("2025/data.json"), bad});
    std::filesystem::remove(bad);

    ASSERT_FALSE(listings.has_value());
    EXPECT_NE(listings.error().message.find("entry 1"), std::string::npos)
        << listings.error().message;
    EXPECT_EQ(count_events(database, org_id), 0u);
}

}  // namespace
}  // namespace dott::test
