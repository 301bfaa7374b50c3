#include "importer/values.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <optional>
#include <utility>

#include "domain/calendar.hpp"
#include "domain/money.hpp"

namespace dott::importer {
namespace {

// Spaces that spreadsheets put around or inside numbers: ASCII, no-break (U+00A0), narrow
// no-break (U+202F) and thin (U+2009).
constexpr std::array<std::string_view, 5> space_marks{" ", "\t", "\xC2\xA0", "\xE2\x80\xAF",
                                                      "\xE2\x80\x89"};

// Characters that group thousands under either decimal mark, besides the other of '.' and ','.
constexpr std::array<std::string_view, 6> neutral_groupers{
    " ", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89", "'", "\xE2\x80\x99"};

// Symbols that name one currency. Longer symbols come before their suffixes ("US$" before
// "$") so that the longest match wins.
struct currency_symbol {
    std::string_view text;
    std::string_view code;
};
constexpr std::array<currency_symbol, 24> currency_symbols{{
    {"US$", "USD"},
    {"CA$", "CAD"},
    {"AU$", "AUD"},
    {"NZ$", "NZD"},
    {"HK$", "HKD"},
    {"MX$", "MXN"},
    {"C$", "CAD"},
    {"A$", "AUD"},
    {"S$", "SGD"},
    {"R$", "BRL"},
    {"JP\xC2\xA5", "JPY"},
    {"CN\xC2\xA5", "CNY"},
    {"RMB", "CNY"},
    {"\xE2\x82\xAC", "EUR"},
    {"\xC2\xA3", "GBP"},
    {"\xE2\x82\xB9", "INR"},
    {"\xE2\x82\xA9", "KRW"},
    {"\xE2\x82\xBA", "TRY"},
    {"\xE2\x82\xAA", "ILS"},
    {"z\xC5\x82", "PLN"},
    {"\xEF\xBF\xA5", "\xC2\xA5"},
    {"\xC2\xA5", "\xC2\xA5"},
    {"$", "$"},
    {"\xEF\xBC\x84", "$"},
}};

constexpr std::string_view minus_sign = "\xE2\x88\x92";

bool is_ambiguous_symbol(std::string_view code) { return code == "$" || code == "\xC2\xA5"; }

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_spaces(std::string_view text) {
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        for (auto mark : space_marks) {
            if (text.starts_with(mark)) {
                text.remove_prefix(mark.size());
                changed = true;
            }
            if (text.ends_with(mark)) {
                text.remove_suffix(mark.size());
                changed = true;
            }
        }
    }
    return text;
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// An ISO 4217 code at the start (or end) of `text`, not glued to further letters.
std::optional<std::string> code_at(std::string_view text, bool at_start) {
    if (text.size() < 3) return std::nullopt;
    const auto candidate = at_start ? text.substr(0, 3) : text.substr(text.size() - 3);
    const std::size_t beyond = at_start ? 3 : text.size() - 4;
    if (text.size() > 3 && is_ascii_letter(text[beyond])) return std::nullopt;
    std::string code;
    for (char c : candidate) {
        if (!is_ascii_letter(c)) return std::nullopt;
        code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (!domain::is_currency_code(code)) return std::nullopt;
    return code;
}

// A currency marker at the start or end of `text`: the marker's length and what it names.
std::optional<std::pair<std::size_t, std::string>> currency_at(std::string_view text,
                                                               bool at_start) {
    for (const auto& symbol : currency_symbols) {
        if (at_start ? text.starts_with(symbol.text) : text.ends_with(symbol.text)) {
            return std::pair{symbol.text.size(), std::string(symbol.code)};
        }
    }
    if (auto code = code_at(text, at_start)) return std::pair{std::size_t{3}, std::move(*code)};
    return std::nullopt;
}

// A cell taken apart: the sign, the currency it names and the bare number.
struct amount_cell {
    bool negative = false;
    bool dash_only = false;  // "-" alone, which accounting formats show for zero
    std::string currency;
    std::string_view number;
};

result<amount_cell> split_amount(std::string_view text) {
    amount_cell cell;
    auto rest = trim_spaces(text);
    if (rest.empty()) return fail(errc::malformed, "the cell is empty");

    bool signed_ = false;
    bool parenthesized = false;
    auto take_currency = [&](std::string code) -> result<void> {
        if (cell.currency.empty() || cell.currency == code) {
            cell.currency = std::move(code);
            return {};
        }
        if (is_ambiguous_symbol(cell.currency)) {
            cell.currency = std::move(code);
            return {};
        }
        if (is_ambiguous_symbol(code)) return {};
        return fail(errc::invalid_argument,
                    quoted(text) + " names two currencies, " + cell.currency + " and " + code);
    };

    // Peel signs, parentheses and currency markers off both ends, in whatever order the
    // spreadsheet wrote them: "-$12", "$-12", "($12)", "12 €", "-12 EUR".
    bool changed = true;
    while (changed && !rest.empty()) {
        changed = false;
        if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
            if (parenthesized || signed_) {
                return fail(errc::malformed, quoted(text) + " has more than one sign");
            }
            parenthesized = true;
            cell.negative = true;
            rest = trim_spaces(rest.substr(1, rest.size() - 2));
            changed = true;
            continue;
        }
        const bool minus = rest.front() == '-' || rest.starts_with(minus_sign);
        if (minus || rest.front() == '+') {
            if (parenthesized || signed_) {
                return fail(errc::malformed, quoted(text) + " has more than one sign");
            }
            signed_ = true;
            cell.negative = minus;
            rest = trim_spaces(
                rest.substr(rest.front() == '-' || rest.front() == '+' ? 1 : minus_sign.size()));
            changed = true;
            continue;
        }
        for (bool at_start : {true, false}) {
            if (auto marker = currency_at(rest, at_start)) {
                if (auto taken = take_currency(std::move(marker->second)); !taken) {
                    return std::unexpected(taken.error());
                }
                rest = at_start ? rest.substr(marker->first)
                                : rest.substr(0, rest.size() - marker->first);
                rest = trim_spaces(rest);
                changed = true;
                break;
            }
        }
    }
    cell.number = rest;
    cell.dash_only = rest.empty() && signed_ && cell.negative;
    return cell;
}

// The digits of a number read under one decimal mark: the whole part without separators and
// the fraction as written.
struct number_digits {
    std::string whole;
    std::string fraction;

    friend bool operator==(const number_digits&, const number_digits&) = default;
};

// One separator at the start of `text` that may group thousands under `decimal`.
std::size_t grouper_at(std::string_view text, char decimal) {
    const char other = decimal == '.' ? ',' : '.';
    if (text.front() == other) return 1;
    for (auto mark : neutral_groupers) {
        if (text.starts_with(mark)) return mark.size();
    }
    return 0;
}

// Reads `text` under one decimal mark, or nothing when it is not a number written that way.
// Grouping must be regular: groups of three after a first group of one to three digits, or
// the Indian lakh form (12,34,567) with commas.
std::optional<number_digits> read_number(std::string_view text, char decimal) {
    std::vector<std::string_view> groups;
    std::string_view separator;
    number_digits digits;
    std::size_t i = 0;
    std::size_t group_start = 0;
    while (i < text.size() && text[i] != decimal) {
        if (is_digit(text[i])) {
            ++i;
            continue;
        }
        const std::size_t size = grouper_at(text.substr(i), decimal);
        if (size == 0) return std::nullopt;
        const auto mark = text.substr(i, size);
        if (!separator.empty() && mark != separator) return std::nullopt;
        separator = mark;
        groups.push_back(text.substr(group_start, i - group_start));
        i += size;
        group_start = i;
    }
    groups.push_back(text.substr(group_start, i - group_start));

    if (i < text.size()) {
        digits.fraction = std::string(text.substr(i + 1));
        for (char c : digits.fraction) {
            if (!is_digit(c)) return std::nullopt;
        }
    }
    if (groups.size() > 1) {
        const bool regular_tail = [&] {
            for (std::size_t k = 1; k < groups.size(); ++k) {
                if (groups[k].size() != 3) return false;
            }
            return true;
        }();
        const bool lakh_tail = [&] {
            if (separator != "," || groups.back().size() != 3) return false;
            for (std::size_t k = 1; k + 1 < groups.size(); ++k) {
                if (groups[k].size() != 2) return false;
            }
            return groups.front().size() <= 2;
        }();
        const auto first = groups.front();
        if (first.empty() || first.size() > 3 || first.front() == '0') return std::nullopt;
        if (!regular_tail && !lakh_tail) return std::nullopt;
    }
    for (auto group : groups) digits.whole += group;
    if (digits.whole.empty() && digits.fraction.empty()) return std::nullopt;
    return digits;
}

std::string row_label(std::size_t row) { return "row " + std::to_string(row); }

// Checked arithmetic for the magnitude of an amount in minor units.
bool append_digits(std::uint64_t& value, std::string_view digits) {
    constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    for (char c : digits) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (limit - digit) / 10) return false;
        value = value * 10 + digit;
    }
    return true;
}

// A date taken apart: three runs of digits and whether the year comes first.
struct date_parts {
    std::string_view first;
    std::string_view second;
    std::string_view third;
    bool year_first = false;
};

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!is_digit(c)) return false;
    }
    return true;
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

// A time of day after a date: H:MM, optionally :SS and a fraction, then optionally AM/PM and
// a zone (Z or +hh:mm). It is dropped, so it is only checked for shape.
bool is_time_of_day(std::string_view text) {
    std::size_t i = 0;
    auto digits = [&](std::size_t min, std::size_t max) {
        std::size_t n = 0;
        while (i < text.size() && is_digit(text[i]) && n < max) {
            ++i;
            ++n;
        }
        return n >= min;
    };
    if (!digits(1, 2) || i >= text.size() || text[i++] != ':' || !digits(2, 2)) return false;
    if (i < text.size() && text[i] == ':') {
        ++i;
        if (!digits(2, 2)) return false;
        if (i < text.size() && text[i] == '.') {
            ++i;
            if (!digits(1, 9)) return false;
        }
    }
    auto rest = trim_spaces(text.substr(i));
    for (std::string_view suffix : {"AM", "PM", "am", "pm"}) {
        if (rest.starts_with(suffix)) rest = trim_spaces(rest.substr(2));
    }
    if (rest.empty() || rest == "Z") return true;
    if (rest.front() != '+' && rest.front() != '-') return false;
    rest.remove_prefix(1);
    return rest.size() >= 2 && rest.size() <= 5 &&
           rest.find_first_not_of("0123456789:") == std::string_view::npos;
}

std::optional<date_parts> split_date(std::string_view text) {
    auto rest = trim_spaces(text);
    const auto time_start = rest.find_first_of(" T");
    if (time_start != std::string_view::npos) {
        if (!is_time_of_day(trim_spaces(rest.substr(time_start + 1)))) return std::nullopt;
        rest = rest.substr(0, time_start);
    }
    const auto first_end = rest.find_first_of("/.-");
    if (first_end == std::string_view::npos) return std::nullopt;
    const char separator = rest[first_end];
    const auto second_end = rest.find(separator, first_end + 1);
    if (second_end == std::string_view::npos) return std::nullopt;

    date_parts parts;
    parts.first = rest.substr(0, first_end);
    parts.second = rest.substr(first_end + 1, second_end - first_end - 1);
    parts.third = rest.substr(second_end + 1);
    if (!all_digits(parts.first) || !all_digits(parts.second) || !all_digits(parts.third)) {
        return std::nullopt;
    }
    parts.year_first = parts.first.size() == 4;
    const auto day_or_month = [](std::string_view p) { return p.size() <= 2; };
    if (parts.year_first) {
        if (!day_or_month(parts.second) || !day_or_month(parts.third)) return std::nullopt;
        return parts;
    }
    if (!day_or_month(parts.first) || !day_or_month(parts.second)) return std::nullopt;
    if (parts.third.size() != 2 && parts.third.size() != 4) return std::nullopt;
    return parts;
}

// Formats and checks a date given as numbers; the error names the text as written.
result<std::string> make_date(std::string_view text, int year, int month, int day) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    std::string date(buffer);
    if (!domain::is_calendar_date(date)) {
        return fail(errc::invalid_argument, quoted(text) + " is not a real calendar date");
    }
    return date;
}

}  // namespace

void number_format_detector::add(std::string_view text, std::size_t row) {
    auto cell = split_amount(text);
    if (!cell || cell->number.empty()) return;
    const auto as_point = read_number(cell->number, '.');
    const auto as_comma = read_number(cell->number, ',');
    if (as_point && !as_comma && !point_) point_ = cell_example{row, std::string(text)};
    if (as_comma && !as_point && !comma_) comma_ = cell_example{row, std::string(text)};
    if (as_point && as_comma && *as_point != *as_comma && !ambiguous_) {
        ambiguous_ = cell_example{row, std::string(text)};
    }
}

result<number_format_detection> number_format_detector::decide() const {
    if (point_ && comma_) {
        return fail(errc::invalid_argument,
                    "the column mixes decimal marks: " + row_label(point_->row) + " " +
                        quoted(std::string_view(point_->text)) + " has a decimal point but " +
                        row_label(comma_->row) + " " + quoted(std::string_view(comma_->text)) +
                        " has a decimal comma",
                    row_label(std::min(point_->row, comma_->row)));
    }
    number_format_detection detection;
    if (comma_) detection.format.decimal = decimal_mark::comma;
    detection.needs_choice = ambiguous_ && !point_ && !comma_;
    detection.proven = point_ || comma_;
    return detection;
}

result<number_format_detection> detect_number_format(const std::vector<std::string_view>& column,
                                                     std::size_t first_row) {
    number_format_detector detector;
    for (std::size_t k = 0; k < column.size(); ++k) detector.add(column[k], first_row + k);
    return detector.decide();
}

result<parsed_amount> parse_amount(std::string_view text, number_format format,
                                   std::string_view default_currency) {
    auto cell = split_amount(text);
    if (!cell) return std::unexpected(cell.error());

    parsed_amount amount;
    amount.currency = cell->currency;
    const bool names_code = !amount.currency.empty() && !is_ambiguous_symbol(amount.currency);
    if (names_code) {
        amount.digits = domain::minor_unit_digits(amount.currency);
    } else if (!default_currency.empty()) {
        amount.digits = domain::minor_unit_digits(default_currency);
    }

    // Accounting formats show zero as a dash.
    if (cell->number.empty()) {
        if (cell->dash_only) return amount;
        return fail(errc::malformed, quoted(text) + " has no number");
    }
    const char decimal = format.decimal == decimal_mark::point ? '.' : ',';
    const auto digits = read_number(cell->number, decimal);
    if (!digits) {
        const auto e = cell->number.find_first_of("eE");
        if (e != std::string_view::npos && e > 0 && is_digit(cell->number[e - 1])) {
            return fail(errc::malformed,
                        quoted(text) +
                            " is in scientific notation, which has lost digits; format the "
                            "column as a number with all its digits and export again");
        }
        const auto mark =
            format.decimal == decimal_mark::point ? "a decimal point" : "a decimal comma";
        return fail(errc::malformed,
                    quoted(text) + " is not an amount written with " + std::string(mark));
    }

    // Extra fraction digits are only accepted when they are zeros: nothing is rounded.
    std::string_view fraction = digits->fraction;
    const auto allowed = static_cast<std::size_t>(amount.digits);
    if (fraction.size() > allowed) {
        if (fraction.substr(allowed).find_first_not_of('0') != std::string_view::npos) {
            const auto currency = names_code ? amount.currency : std::string(default_currency);
            return fail(errc::invalid_argument,
                        quoted(text) + " has " + std::to_string(fraction.size()) +
                            " decimal places but " +
                            (currency.empty() ? std::string("the currency") : currency) + " has " +
                            std::to_string(allowed));
        }
        fraction = fraction.substr(0, allowed);
    }
    std::string scaled = digits->whole + std::string(fraction);
    scaled.append(allowed - fraction.size(), '0');

    std::uint64_t magnitude = 0;
    if (!append_digits(magnitude, scaled)) {
        return fail(errc::invalid_argument, quoted(text) + " is too large");
    }
    amount.minor = static_cast<std::int64_t>(magnitude);
    if (cell->negative) amount.minor = -amount.minor;
    return amount;
}

std::optional<std::string> read_currency_marker(std::string_view text) {
    const auto marker = trim_spaces(text);
    auto found = currency_at(marker, true);
    if (!found || found->first != marker.size()) return std::nullopt;
    return std::move(found->second);
}

void date_order_detector::add(std::string_view text, std::size_t row) {
    const auto parts = split_date(text);
    if (!parts || parts->year_first) return;
    const int a = to_int(parts->first);
    const int b = to_int(parts->second);
    if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) return;
    day_month_seen_ = true;
    if (a > 12 && !day_) day_ = cell_example{row, std::string(text)};
    if (b > 12 && !month_) month_ = cell_example{row, std::string(text)};
    if (a <= 12 && b <= 12 && a != b && !ambiguous_)
        ambiguous_ = cell_example{row, std::string(text)};
}

result<date_order> date_order_detector::decide() const {
    if (day_ && month_) {
        return fail(errc::invalid_argument,
                    "the column mixes date orders: " + row_label(day_->row) + " " +
                        quoted(std::string_view(day_->text)) + " is day first but " +
                        row_label(month_->row) + " " + quoted(std::string_view(month_->text)) +
                        " is month first",
                    row_label(std::min(day_->row, month_->row)));
    }
    if (day_) return date_order::day_first;
    if (month_) return date_order::month_first;
    if (ambiguous_) return date_order::ambiguous;
    return day_month_seen_ ? date_order::day_first : date_order::iso;
}

result<date_order> detect_date_order(const std::vector<std::string_view>& column,
                                     std::size_t first_row) {
    date_order_detector detector;
    for (std::size_t k = 0; k < column.size(); ++k) detector.add(column[k], first_row + k);
    return detector.decide();
}

result<std::string> parse_date(std::string_view text, date_order order) {
    const auto parts = split_date(text);
    if (!parts) {
        return fail(errc::malformed,
                    quoted(text) + " is not a date such as 2025-03-31, 31/03/2025 or 3/31/25");
    }
    if (parts->year_first) {
        return make_date(text, to_int(parts->first), to_int(parts->second), to_int(parts->third));
    }
    if (order == date_order::ambiguous) {
        return fail(errc::invalid_argument,
                    quoted(text) + " can be read day first or month first; choose the order");
    }
    if (order == date_order::iso) {
        return fail(errc::invalid_argument,
                    quoted(text) + " is not written year first like the rest of the column");
    }
    int year = to_int(parts->third);
    if (parts->third.size() == 2) year += 2000;
    const int a = to_int(parts->first);
    const int b = to_int(parts->second);
    if (order == date_order::day_first) return make_date(text, year, b, a);
    return make_date(text, year, a, b);
}

}  // namespace dott::importer
