#include "importer/csv.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace dott::importer {
namespace {

constexpr int end_of_input = std::char_traits<char>::eof();

bool is_line_end(int c) noexcept { return c == '\n' || c == '\r'; }

// The number of continuation bytes a lead byte announces, or -1 for a byte that cannot start a
// sequence (a continuation byte, or a lead byte that only overlong or out-of-range forms use).
int continuation_bytes(unsigned char lead) noexcept {
    if (lead < 0x80) return 0;
    if (lead >= 0xC2 && lead <= 0xDF) return 1;
    if (lead >= 0xE0 && lead <= 0xEF) return 2;
    if (lead >= 0xF0 && lead <= 0xF4) return 3;
    return -1;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const int extra = continuation_bytes(lead);
        if (extra < 0) return false;
        if (extra == 0) {
            ++i;
            continue;
        }
        if (text.size() - i <= static_cast<std::size_t>(extra)) return false;
        const auto second = static_cast<unsigned char>(text[i + 1]);

        // The second byte's range is narrower after E0, ED, F0 and F4.
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
        if (second < low || second > high) return false;
        for (int k = 2; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if (next < 0x80 || next > 0xBF) return false;
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

std::string location(std::size_t line, std::size_t column) {
    std::string text = "line " + std::to_string(line);
    if (column > 0) text += ", column " + std::to_string(column);
    return text;
}

}  // namespace

bool csv_record::is_blank() const noexcept {
    return std::all_of(fields.begin(), fields.end(), [](const auto& f) { return f.empty(); });
}

csv_reader::csv_reader(std::istream& input, csv_options options)
    : input_(input.rdbuf()), options_(options), delimiter_(options.delimiter.value_or('\0')) {}

int csv_reader::get() {
    if (replay_pos_ < replay_.size()) return static_cast<unsigned char>(replay_[replay_pos_++]);
    if (input_ == nullptr) return end_of_input;
    return input_->sbumpc();
}

int csv_reader::peek() {
    if (replay_pos_ < replay_.size()) return static_cast<unsigned char>(replay_[replay_pos_]);
    if (input_ == nullptr) return end_of_input;
    return input_->sgetc();
}

result<bool> csv_reader::fail_at(errc code, std::string message, std::size_t line,
                                 std::size_t column) {
    const auto where = location(line, column);
    failure_ = error{code, where + ": " + std::move(message), where};
    return std::unexpected(*failure_);
}

result<void> csv_reader::read_header() {
    // Read the first record ahead, tracking quotes, so that delimiters inside quoted cells
    // do not count towards detection.
    std::array<std::size_t, 3> counts{};
    constexpr std::array<char, 3> candidates{',', ';', '\t'};
    bool quoted = false;
    while (true) {
        const int c = input_ == nullptr ? end_of_input : input_->sbumpc();
        if (c == end_of_input) break;
        replay_.push_back(static_cast<char>(c));
        if (replay_.size() > options_.limits.max_header_bytes) {
            auto failed = fail_at(errc::too_large,
                                  "the first record is longer than " +
                                      std::to_string(options_.limits.max_header_bytes) + " bytes",
                                  1);
            return std::unexpected(failed.error());
        }
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (is_line_end(c)) break;
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            if (c == candidates[k]) ++counts[k];
        }
    }

    // Excel's "Unicode text" is UTF-16; say so rather than report a byte soup.
    if (replay_.starts_with("\xFF\xFE") || replay_.starts_with("\xFE\xFF")) {
        auto failed = fail_at(errc::malformed,
                              "the file is UTF-16 text; save it as CSV in UTF-8 and try again", 1);
        return std::unexpected(failed.error());
    }
    if (replay_.starts_with("\xEF\xBB\xBF")) replay_pos_ = 3;

    if (delimiter_ == '\0') {
        delimiter_ = ',';
        std::size_t best = 0;
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            if (counts[k] > best) {
                best = counts[k];
                delimiter_ = candidates[k];
            }
        }
    }
    return {};
}

result<void> csv_reader::finish_field(csv_record& record, std::string& field, std::size_t line) {
    const std::size_t column = record.fields.size() + 1;
    if (record.fields.size() >= options_.limits.max_fields) {
        auto failed = fail_at(
            errc::too_large,
            "the record has more than " + std::to_string(options_.limits.max_fields) + " cells",
            record.line);
        return std::unexpected(failed.error());
    }
    if (!is_valid_utf8(field)) {
        auto failed =
            fail_at(errc::malformed, "the cell is not valid UTF-8; save the file as CSV in UTF-8",
                    line, column);
        return std::unexpected(failed.error());
    }
    record.fields.push_back(std::move(field));
    field.clear();
    return {};
}

result<bool> csv_reader::read(csv_record& record) {
    if (failure_) return std::unexpected(*failure_);
    if (!started_) {
        started_ = true;
        if (delimiter_ != '\0' && delimiter_ != ',' && delimiter_ != ';' && delimiter_ != '\t') {
            return fail_at(errc::invalid_argument,
                           "the delimiter must be a comma, a semicolon or a tab", 1);
        }
        if (auto header = read_header(); !header) return std::unexpected(header.error());
    }
    record.fields.clear();

    // Empty lines were counted ahead; they only become records when data follows them.
    if (pending_empty_lines_ > 0) {
        --pending_empty_lines_;
        record.fields.emplace_back();
        record.line = pending_line_++;
        return true;
    }
    return read_record(record);
}

result<bool> csv_reader::read_record(csv_record& record) {
    int c = peek();
    if (c == end_of_input) return false;
    if (is_line_end(c)) {
        const std::size_t first_empty = line_;
        std::size_t empty_lines = 0;
        while (is_line_end(c)) {
            if (get() == '\r' && peek() == '\n') get();
            ++line_;
            ++empty_lines;
            c = peek();
        }
        if (c == end_of_input) return false;
        pending_empty_lines_ = empty_lines - 1;
        pending_line_ = first_empty + 1;
        record.fields.emplace_back();
        record.line = first_empty;
        return true;
    }

    record.line = line_;
    const std::size_t max_field = options_.limits.max_field_bytes;
    std::string field;
    while (true) {
        const std::size_t field_line = line_;
        const std::size_t column = record.fields.size() + 1;
        auto too_large = [&] {
            return fail_at(errc::too_large,
                           "the cell is longer than " + std::to_string(max_field) + " bytes",
                           field_line, column);
        };

        if (peek() == '"') {
            get();
            while (true) {
                c = get();
                if (c == end_of_input) {
                    return fail_at(errc::malformed,
                                   "the quoted cell that starts here is never closed", field_line,
                                   column);
                }
                if (c == '"') {
                    if (peek() != '"') break;
                    get();
                } else if (c == '\r') {
                    if (peek() == '\n') {
                        field.push_back('\r');
                        c = get();
                    }
                    ++line_;
                } else if (c == '\n') {
                    ++line_;
                }
                field.push_back(static_cast<char>(c));
                if (field.size() > max_field) return too_large();
            }
            c = peek();
            if (c != delimiter_ && !is_line_end(c) && c != end_of_input) {
                return fail_at(errc::malformed,
                               "unexpected text after the closing quote; a quote inside a quoted "
                               "cell must be doubled",
                               line_, column);
            }
        } else {
            c = peek();
            while (c != delimiter_ && !is_line_end(c) && c != end_of_input) {
                field.push_back(static_cast<char>(get()));
                if (field.size() > max_field) return too_large();
                c = peek();
            }
        }

        if (auto finished = finish_field(record, field, field_line); !finished) {
            return std::unexpected(finished.error());
        }
        c = get();
        if (c == delimiter_) continue;
        if (c == '\r' && peek() == '\n') get();
        if (c != end_of_input) ++line_;
        return true;
    }
}

}  // namespace dott::importer
