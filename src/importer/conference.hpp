#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dott::importer {

/// One conference as the public listing files describe it, checked and trimmed. The listings
/// come as one JSON array per topic and year (data/conferences/2025/rust.json); the same
/// conference often appears under several topics, and listing_key() identifies it across them.
struct conference_listing {
    std::string name{};                    ///< Trimmed, 1 to 300 characters.
    std::string url{};                     ///< http or https, at most 2000 bytes.
    std::string start_date{};              ///< YYYY-MM-DD, a real calendar date.
    std::string end_date{};                ///< YYYY-MM-DD, not before start_date.
    std::optional<std::string> city{};     ///< Trimmed, at most 200 characters; absent when empty.
    std::optional<std::string> country{};  ///< Trimmed, at most 100 characters; absent when empty.
    bool online = false;                   ///< False when the file does not say.
    std::string topic{};                   ///< The file's stem, such as "javascript".
    std::size_t position = 0;              ///< 0-based index of the entry in its file's array.
};

/// Parses the content of one listing file: a JSON array of objects with name, url, startDate,
/// endDate and optionally city, country and online. Keys it does not know (cfpUrl, twitter,
/// locales...) are ignored, but a known key of the wrong type is not; null counts as absent
/// for the optional keys.
///
/// All or nothing: one bad entry fails the whole file with errc::invalid_argument, a message
/// naming the entry ("entry 12 (\"PGConf India\"): startDate \"2025-02-30\" is not a valid
/// date") and error.field set to its JSON pointer ("/12/startDate"). Text that is not JSON,
/// has duplicate keys or is over 8 MiB fails as json::parse does (malformed, too_large).
/// Pure and thread-safe.
[[nodiscard]] result<std::vector<conference_listing>> parse_conference_file(
    std::string_view content, std::string_view topic);

/// The key that identifies one conference across topic files and re-imports: the trimmed
/// name in ASCII lower case, "|", and the start date ("rustconf|2025-09-02"). Letters outside
/// ASCII are compared as written.
[[nodiscard]] std::string listing_key(const conference_listing& listing);

/// Reads and parses each file in order, the topic being the file's stem, and returns every
/// listing of every file (duplicates across topics included). Stops at the first file that
/// cannot be read (errc::not_found, errc::unavailable) or parsed; the message starts with the
/// file's path. Reads the file system but writes nothing.
[[nodiscard]] result<std::vector<conference_listing>> read_conference_files(
    const std::vector<std::filesystem::path>& files);

}  // namespace dott::importer
