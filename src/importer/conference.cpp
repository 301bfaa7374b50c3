#include "importer/conference.hpp"

#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "json/json.hpp"

namespace dott::importer {
namespace {

using json_value = nlohmann::json;

constexpr std::size_t max_name_chars = 300;
constexpr std::size_t max_url_bytes = 2000;
constexpr std::size_t max_city_chars = 200;
constexpr std::size_t max_country_chars = 100;

// The largest listing file today is about 30 KiB; the bound only stops a runaway input.
constexpr json::parse_limits file_limits{.max_depth = 8, .max_bytes = 8 << 20};

std::string_view trim(std::string_view text) {
    constexpr std::string_view blanks = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

// Characters, not bytes: the limits are about what a person reads. The text is valid UTF-8
// because json::parse refuses anything else, so counting lead bytes is enough.
std::size_t count_chars(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char byte : text) count += (byte & 0xc0) != 0x80;
    return count;
}

bool has_control_char(std::string_view text) {
    for (unsigned char byte : text) {
        if (byte < 0x20 || byte == 0x7f) return true;
    }
    return false;
}

// `value` as a JSON string literal, so that quotes and odd characters stay readable.
std::string quote(std::string_view value) {
    return json_value(value).dump(-1, ' ', false, json_value::error_handler_t::replace);
}

// A value quoted for a message, or nothing when it is too long to be worth repeating.
std::string quote_value(std::string_view value) {
    if (value.size() > 64) return {};
    return " " + quote(value);
}

// A real date in the proleptic Gregorian calendar, written YYYY-MM-DD.
bool is_calendar_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    int parts[3] = {0, 0, 0};
    int part = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 4 || i == 7) {
            ++part;
            continue;
        }
        if (text[i] < '0' || text[i] > '9') return false;
        parts[part] = parts[part] * 10 + (text[i] - '0');
    }
    const std::chrono::year_month_day date{std::chrono::year{parts[0]},
                                           std::chrono::month{static_cast<unsigned>(parts[1])},
                                           std::chrono::day{static_cast<unsigned>(parts[2])}};
    return parts[0] >= 1 && date.ok();
}

bool is_web_url(std::string_view url) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (url.size() <= scheme.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < scheme.size(); ++i) {
            same = same && std::tolower(static_cast<unsigned char>(url[i])) == scheme[i];
        }
        // A host must follow the scheme.
        if (same) return url[scheme.size()] != '/' && url.find(' ') == std::string_view::npos;
    }
    return false;
}

/// Checks one entry of the array; `position` is its index there.
class entry_reader {
  public:
    entry_reader(const json_value& entry, std::size_t position)
        : entry_(entry), position_(position), label_("entry " + std::to_string(position)) {}

    result<conference_listing> read(std::string_view topic) {
        if (!entry_.is_object()) {
            return refuse({}, "must be an object, not " + std::string(entry_.type_name()));
        }

        conference_listing listing;
        listing.topic = std::string(topic);
        listing.position = position_;

        // The name comes first so that every later message can quote it.
        auto name = required_string("name");
        if (!name) return std::unexpected(name.error());
        if (name->empty()) return refuse("name", "name must not be empty");
        if (count_chars(*name) > max_name_chars) {
            return refuse("name",
                          "name is longer than " + std::to_string(max_name_chars) + " characters");
        }
        label_ += " (" + quote(*name) + ")";
        listing.name = std::move(*name);

        auto url = required_string("url");
        if (!url) return std::unexpected(url.error());
        if (url->size() > max_url_bytes) {
            return refuse("url", "url is longer than " + std::to_string(max_url_bytes) + " bytes");
        }
        if (!is_web_url(*url)) {
            return refuse("url", "url" + quote_value(*url) + " is not an http(s) URL");
        }
        listing.url = std::move(*url);

        auto start = required_date("startDate");
        if (!start) return std::unexpected(start.error());
        auto end = required_date("endDate");
        if (!end) return std::unexpected(end.error());
        // Both are YYYY-MM-DD, so comparing the text compares the dates.
        if (*end < *start) {
            return refuse("endDate", "endDate" + quote_value(*end) + " is before startDate" +
                                         quote_value(*start));
        }
        listing.start_date = std::move(*start);
        listing.end_date = std::move(*end);

        auto city = optional_string("city", max_city_chars);
        if (!city) return std::unexpected(city.error());
        listing.city = std::move(*city);

        auto country = optional_string("country", max_country_chars);
        if (!country) return std::unexpected(country.error());
        listing.country = std::move(*country);

        if (const json_value* online = find("online"); online != nullptr && !online->is_null()) {
            if (!online->is_boolean()) return wrong_type("online", "true or false", *online);
            listing.online = online->get<bool>();
        }
        return listing;
    }

  private:
    const json_value* find(const char* key) const {
        const auto it = entry_.find(key);
        return it == entry_.end() ? nullptr : &*it;
    }

    std::unexpected<error> refuse(std::string_view key, const std::string& problem) const {
        std::string field = "/" + std::to_string(position_);
        if (!key.empty()) field += "/" + json::pointer_token(key);
        return fail(errc::invalid_argument, label_ + ": " + problem, std::move(field));
    }

    std::unexpected<error> wrong_type(const char* key, std::string_view expected,
                                      const json_value& value) const {
        return refuse(key, std::string(key) + " must be " + std::string(expected) + ", not " +
                               value.type_name());
    }

    // A trimmed string, which must be present and free of control characters.
    result<std::string> required_string(const char* key) const {
        const json_value* value = find(key);
        if (value == nullptr || value->is_null())
            return refuse(key, std::string(key) + " is missing");
        if (!value->is_string()) return wrong_type(key, "a string", *value);

        const std::string_view text = trim(value->get_ref<const std::string&>());
        if (has_control_char(text)) {
            return refuse(key, std::string(key) + " contains a control character");
        }
        return std::string(text);
    }

    result<std::string> required_date(const char* key) const {
        auto text = required_string(key);
        if (!text) return text;
        if (!is_calendar_date(*text)) {
            return refuse(key, std::string(key) + quote_value(*text) + " is not a valid date");
        }
        return text;
    }

    // A trimmed string, or nothing when the key is absent, null or blank.
    result<std::optional<std::string>> optional_string(const char* key,
                                                       std::size_t max_chars) const {
        const json_value* value = find(key);
        if (value == nullptr || value->is_null()) return std::nullopt;

        auto text = required_string(key);
        if (!text) return std::unexpected(text.error());
        if (text->empty()) return std::nullopt;
        if (count_chars(*text) > max_chars) {
            return refuse(key, std::string(key) + " is longer than " + std::to_string(max_chars) +
                                   " characters");
        }
        return std::optional<std::string>(std::move(*text));
    }

    const json_value& entry_;
    std::size_t position_;
    std::string label_;  // "entry 12", then "entry 12 (\"PGConf India\")" once the name is known.
};

result<std::string> read_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        return fail(errc::not_found, file.string() + ": no such file");
    }
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return fail(errc::unavailable, file.string() + ": cannot read: " + ec.message());
    if (size > file_limits.max_bytes) {
        return fail(errc::too_large, file.string() + ": file is larger than " +
                                         std::to_string(file_limits.max_bytes) + " bytes");
    }

    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in || in.bad()) return fail(errc::unavailable, file.string() + ": cannot read");
    return std::move(content).str();
}

}  // namespace

result<std::vector<conference_listing>> parse_conference_file(std::string_view content,
                                                              std::string_view topic) {
    auto document = json::parse(content, file_limits);
    if (!document) return std::unexpected(document.error());
    if (!document->is_array()) {
        return fail(errc::invalid_argument,
                    "a listing file must hold a JSON array of conferences, not " +
                        std::string(document->type_name()));
    }

    std::vector<conference_listing> listings;
    listings.reserve(document->size());
    for (std::size_t i = 0; i < document->size(); ++i) {
        auto listing = entry_reader((*document)[i], i).read(topic);
        if (!listing) return std::unexpected(listing.error());
        listings.push_back(std::move(*listing));
    }
    return listings;
}

std::string listing_key(const conference_listing& listing) {
    std::string key(trim(listing.name));
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key + "|" + listing.start_date;
}

result<std::vector<conference_listing>> read_conference_files(
    const std::vector<std::filesystem::path>& files) {
    std::vector<conference_listing> all;
    for (const auto& file : files) {
        auto content = read_file(file);
        if (!content) return std::unexpected(content.error());

        auto listings = parse_conference_file(*content, file.stem().string());
        if (!listings) {
            error failure = std::move(listings.error());
            failure.message = file.string() + ": " + failure.message;
            return std::unexpected(std::move(failure));
        }
        all.insert(all.end(), std::make_move_iterator(listings->begin()),
                   std::make_move_iterator(listings->end()));
    }
    return all;
}

}  // namespace dott::importer
