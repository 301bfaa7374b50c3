#include "importer/conference.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "common/env.hpp"

namespace dott::importer {
namespace {

namespace fs = std::filesystem;

// One well-formed entry; tests replace a single line to make it malformed.
std::string entry(std::string_view name_line = R"("name": "PGConf India",)",
                  std::string_view dates = R"("startDate": "2025-03-05", "endDate": "2025-03-07",)",
                  std::string_view extra = R"("online": false)") {
    return "{" + std::string(name_line) + R"("url": "https://pgconf.in",)" + std::string(dates) +
           R"("city": "Bengaluru", "country": "India", "locales": "EN",)" + std::string(extra) +
           "}";
}

/// Fails the test when `content` parses, and returns the error otherwise.
error failure_of(std::string_view content) {
    const auto parsed = parse_conference_file(content, "data");
    EXPECT_FALSE(parsed.has_value()) << content;
    if (parsed.has_value()) return {};
    return parsed.error();
}

/// Every listing file in the repository's copy of the data, in a stable order.
std::vector<fs::path> repository_listing_files() {
    const auto root = env("DOTT_SOURCE_DIR");
    EXPECT_TRUE(root.has_value()) << "DOTT_SOURCE_DIR is set by dott_test";
    std::vector<fs::path> files;
    if (!root) return files;
    for (const auto& item :
         fs::recursive_directory_iterator(fs::path(*root) / "data/conferences")) {
        if (item.is_regular_file() && item.path().extension() == ".json") {
            files.push_back(item.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(ParseConferenceFile, ReadsAllFieldsOfAnEntry) {
    const std::string content = "[" + entry() + "," +
                                R"({"name": "  JSConf Online ", "url": "http://js.example",
                                    "startDate": "2024-02-29", "endDate": "2024-02-29",
                                    "online": true, "city": null, "country": ""})" +
                                "]";

    const auto parsed = parse_conference_file(content, "javascript");

    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 2u);
    const conference_listing& first = (*parsed)[0];
    EXPECT_EQ(first.name, "PGConf India");
    EXPECT_EQ(first.url, "https://pgconf.in");
    EXPECT_EQ(first.start_date, "2025-03-05");
    EXPECT_EQ(first.end_date, "2025-03-07");
    EXPECT_EQ(first.city, "Bengaluru");
    EXPECT_EQ(first.country, "India");
    EXPECT_FALSE(first.online);
    EXPECT_EQ(first.topic, "javascript");
    EXPECT_EQ(first.position, 0u);
    const conference_listing& second = (*parsed)[1];
    EXPECT_EQ(second.name, "JSConf Online");
    EXPECT_TRUE(second.online);
    EXPECT_EQ(second.city, std::nullopt);
    EXPECT_EQ(second.country, std::nullopt);
    EXPECT_EQ(second.position, 1u);
}

TEST(ParseConferenceFile, DefaultsOnlineToFalseWhenAbsent) {
    const auto parsed = parse_conference_file("[" + entry(R"("name": "A",)") + "]", "x");
    const auto without = parse_conference_file(
        "[" +
            entry(R"("name": "A",)", R"("startDate": "2025-01-01", "endDate": "2025-01-01",)",
                  R"("twitter": "@a")") +
            "]",
        "x");

    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    ASSERT_TRUE(without.has_value()) << without.error().message;
    EXPECT_FALSE(without->front().online);
}

TEST(ParseConferenceFile, AcceptsEmptyArray) {
    const auto parsed = parse_conference_file("[]", "rust");

    ASSERT_TRUE(parsed.has_value());
    EXPECT_TRUE(parsed->empty());
}

TEST(ParseConferenceFile, IgnoresUnknownKeysWhateverTheirType) {
    const auto parsed = parse_conference_file(
        "[" + entry(R"("name": "A", "sponsors": [{"tier": 1}], "cfpEndDate": null,)") + "]", "x");

    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
}

TEST(ParseConferenceFile, ReportsImpossibleDateWithPositionAndField) {
    const std::string content = "[" + entry() + "," +
                                entry(R"("name": "PGConf India",)",
                                      R"("startDate": "2025-02-30", "endDate": "2025-03-01",)") +
                                "]";

    const error e = failure_of(content);

    EXPECT_EQ(e.code, errc::invalid_argument);
    EXPECT_EQ(e.message, R"(entry 1 ("PGConf India"): startDate "2025-02-30" is not a valid date)");
    EXPECT_EQ(e.field, "/1/startDate");
}

TEST(ParseConferenceFile, ChecksLeapYears) {
    const auto leap = R"("startDate": "2024-02-29", "endDate": "2024-02-29",)";
    const auto not_leap = R"("startDate": "2025-02-28", "endDate": "2025-02-29",)";
    const auto century = R"("startDate": "2100-02-29", "endDate": "2100-03-01",)";
    const auto four_hundred = R"("startDate": "2000-02-29", "endDate": "2000-03-01",)";

    EXPECT_TRUE(parse_conference_file("[" + entry(R"("name": "A",)", leap) + "]", "x"));
    EXPECT_EQ(failure_of("[" + entry(R"("name": "A",)", not_leap) + "]").field, "/0/endDate");
    EXPECT_EQ(failure_of("[" + entry(R"("name": "A",)", century) + "]").field, "/0/startDate");
    EXPECT_TRUE(parse_conference_file("[" + entry(R"("name": "A",)", four_hundred) + "]", "x"));
}

TEST(ParseConferenceFile, RejectsDatesNotWrittenAsYyyyMmDd) {
    for (std::string_view date :
         {"2025-3-05", "2025/03/05", "05-03-2025", "2025-13-01", "2025-00-10", "2025-04-31",
          "2025-03-05T10:00", "2025-O3-05", "0000-01-01", ""}) {
        const std::string dates =
            R"("startDate": ")" + std::string(date) + R"(", "endDate": "2026-01-01",)";

        const error e = failure_of("[" + entry(R"("name": "A",)", dates) + "]");

        EXPECT_EQ(e.field, "/0/startDate") << date;
    }
}

TEST(ParseConferenceFile, RejectsEndBeforeStart) {
    const error e = failure_of(
        "[" + entry(R"("name": "A",)", R"("startDate": "2025-03-05", "endDate": "2025-03-04",)") +
        "]");

    EXPECT_EQ(e.message, R"(entry 0 ("A"): endDate "2025-03-04" is before startDate "2025-03-05")");
    EXPECT_EQ(e.field, "/0/endDate");
}

TEST(ParseConferenceFile, RejectsMissingOrBlankName) {
    const error missing = failure_of("[" + entry() + "," + entry("") + "]");
    const error blank = failure_of("[" + entry(R"("name": "   ",)") + "]");

    EXPECT_EQ(missing.code, errc::invalid_argument);
    EXPECT_EQ(missing.message, "entry 1: name is missing");
    EXPECT_EQ(missing.field, "/1/name");
    EXPECT_EQ(blank.field, "/0/name");
}

TEST(ParseConferenceFile, LimitsNameToThreeHundredCharacters) {
    const std::string longest(300, 'n');

    EXPECT_TRUE(parse_conference_file("[" + entry(R"("name": ")" + longest + R"(",)") + "]", "x"));
    EXPECT_EQ(failure_of("[" + entry(R"("name": ")" + longest + R"(n",)") + "]").field, "/0/name");
}

TEST(ParseConferenceFile, RejectsWrongTypes) {
    const error name = failure_of("[" + entry(R"("name": 42,)") + "]");
    const error online = failure_of("[" +
                                    entry(R"("name": "A",)", R"("startDate": "2025-01-01",
        "endDate": "2025-01-02",)",
                                          R"("online": "yes")") +
                                    "]");
    const error city = failure_of(R"([{"name": "A", "url": "https://a.example",
        "startDate": "2025-01-01", "endDate": "2025-01-01", "city": ["Paris"]}])");

    EXPECT_EQ(name.message, "entry 0: name must be a string, not number");
    EXPECT_EQ(name.field, "/0/name");
    EXPECT_EQ(online.message, R"(entry 0 ("A"): online must be true or false, not string)");
    EXPECT_EQ(online.field, "/0/online");
    EXPECT_EQ(city.field, "/0/city");
}

TEST(ParseConferenceFile, RejectsUrlsThatAreNotWebAddresses) {
    for (std::string_view url : {"ftp://a.example", "javascript:alert(1)", "https://", "a.example",
                                 "https:///path", "https://a.example/with space"}) {
        const std::string content = R"([{"name": "A", "url": ")" + std::string(url) +
                                    R"(", "startDate": "2025-01-01", "endDate": "2025-01-01"}])";

        EXPECT_EQ(failure_of(content).field, "/0/url") << url;
    }
}

TEST(ParseConferenceFile, RejectsOverlongCityAndCountry) {
    const auto with = [](std::string_view key, std::size_t length) {
        return R"([{"name": "A", "url": "https://a.example", "startDate": "2025-01-01",
                   "endDate": "2025-01-01", ")" +
               std::string(key) + R"(": ")" + std::string(length, 'c') + R"("}])";
    };

    EXPECT_TRUE(parse_conference_file(with("city", 200), "x"));
    EXPECT_EQ(failure_of(with("city", 201)).field, "/0/city");
    EXPECT_TRUE(parse_conference_file(with("country", 100), "x"));
    EXPECT_EQ(failure_of(with("country", 101)).field, "/0/country");
}

TEST(ParseConferenceFile, RejectsFileThatIsNotAnArrayOfObjects) {
    const error object = failure_of(R"({"name": "A"})");
    const error scalar = failure_of("[" + entry() + ", 7]");

    EXPECT_EQ(object.code, errc::invalid_argument);
    EXPECT_EQ(scalar.message, "entry 1: must be an object, not number");
    EXPECT_EQ(scalar.field, "/1");
}

TEST(ParseConferenceFile, RejectsDuplicateKeyNamingThePosition) {
    const error e = failure_of("[" + entry() + "," + entry() + "," +
                               entry(R"("name": "A", "name": "B",)") + "]");

    EXPECT_EQ(e.code, errc::malformed);
    EXPECT_EQ(e.field, "/2/name");
}

TEST(ParseConferenceFile, RejectsTextThatIsNotJson) {
    const error e = failure_of("[" + entry() + ",");

    EXPECT_EQ(e.code, errc::malformed);
    EXPECT_NE(e.message.find("line 1"), std::string::npos) << e.message;
}

TEST(ListingKey, IgnoresCaseAndSurroundingBlanksOfName) {
    conference_listing a{.name = "RustConf", .start_date = "2025-09-02", .topic = "rust"};
    conference_listing b{.name = "  rustconf ", .start_date = "2025-09-02", .topic = "general"};
    conference_listing later{.name = "RustConf", .start_date = "2026-09-08"};

    EXPECT_EQ(listing_key(a), "rustconf|2025-09-02");
    EXPECT_EQ(listing_key(a), listing_key(b));
    EXPECT_NE(listing_key(a), listing_key(later));
}

// The demo organization and fixtures are built on these files; every one must import cleanly.
TEST(ReadConferenceFiles, ParsesEveryFileInTheRepository) {
    const std::vector<fs::path> files = repository_listing_files();
    ASSERT_EQ(files.size(), 62u);

    const auto listings = read_conference_files(files);

    ASSERT_TRUE(listings.has_value()) << listings.error().message;
    EXPECT_EQ(listings->size(), 1143u);
    std::set<std::string> topics;
    std::set<std::string> keys;
    for (const auto& listing : *listings) {
        topics.insert(listing.topic);
        keys.insert(listing_key(listing));
        EXPECT_LE(listing.start_date, listing.end_date);
    }
    EXPECT_TRUE(topics.contains("javascript"));
    EXPECT_TRUE(topics.contains("cpp"));
    // The same conference is listed under several topics; the key folds those together.
    EXPECT_LT(keys.size(), listings->size());
}

TEST(ReadConferenceFiles, NamesTheFileThatFails) {
    const fs::path dir = fs::path(::testing::TempDir()) / "dott-importer-read-test";
    fs::create_directories(dir);
    const fs::path good = dir / "rust.json";
    const fs::path bad = dir / "broken.json";
    std::ofstream(good) << "[" << entry() << "]";
    std::ofstream(bad) << "[" << entry(R"("name": "A",)", R"("startDate": "2025-02-30",
                                        "endDate": "2025-03-01",)")
                       << "]";

    const auto ok = read_conference_files({good});
    const auto failed = read_conference_files({good, bad});
    const auto missing = read_conference_files({dir / "absent.json"});
    fs::remove_all(dir);

    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->front().topic, "rust");
    ASSERT_FALSE(failed.has_value());
    EXPECT_NE(failed.error().message.find("broken.json: entry 0"), std::string::npos)
        << failed.error().message;
    EXPECT_EQ(failed.error().field, "/0/startDate");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, errc::not_found);
    EXPECT_NE(missing.error().message.find("absent.json"), std::string::npos);
}

}  // namespace
}  // namespace dott::importer
