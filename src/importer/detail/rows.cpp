#include "importer/detail/rows.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>

#include "domain/money.hpp"

namespace dott::importer::detail {
namespace {

// Currencies written with "$" or "¥" alone, for which such a cell may stand.
constexpr std::array<std::string_view, 11> dollar_currencies{
    "USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "TWD"};
constexpr std::array<std::string_view, 2> yen_currencies{"JPY", "CNY"};

bool is_blank_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
    // A no-break space is two bytes; trimming byte by byte from this set would split other
    // characters, so it is only taken off whole.
    while (true) {
        if (!text.empty() && is_blank_byte(text.front())) {
            text.remove_prefix(1);
        } else if (text.starts_with("\xC2\xA0")) {
            text.remove_prefix(2);
        } else {
            break;
        }
    }
    while (true) {
        if (!text.empty() && is_blank_byte(text.back())) {
            text.remove_suffix(1);
        } else if (text.ends_with("\xC2\xA0")) {
            text.remove_suffix(2);
        } else {
            break;
        }
    }
    return text;
}

bool is_ambiguous_symbol(std::string_view code) { return code == "$" || code == "\xC2\xA5"; }

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

/// The ISO currency that a "$" or "¥" stands for in `context`, or nothing.
std::optional<std::string> resolve_symbol(std::string_view symbol, std::string_view context) {
    if (symbol == "$" && contains(dollar_currencies, context)) return std::string(context);
    if (symbol != "$" && contains(yen_currencies, context)) return std::string(context);
    return std::nullopt;
}

std::string symbol_problem(std::string_view symbol) {
    return "\"" + std::string(symbol) +
           "\" alone could be several currencies; add a currency column or write the code "
           "(such as " +
           (symbol == "$" ? "USD" : "JPY") + ")";
}

}  // namespace

nlohmann::json optional_json(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json changes_between(const nlohmann::json& before, const nlohmann::json& wanted) {
    auto changes = nlohmann::json::object();
    for (const auto& [key, value] : wanted.items()) {
        if (before.at(key) != value) changes[key] = value;
    }
    return changes;
}

std::string_view row_cells::text(import_field field) const {
    const auto* column = mapping_.find(field);
    if (column == nullptr || column->index >= record_.fields.size()) return {};
    return trim(record_.fields[column->index]);
}

row_problem row_cells::problem(import_field field, std::string message) const {
    row_problem p;
    p.row = record_.line;
    p.field = std::string(field_name(field));
    p.message = std::move(message);
    if (const auto* column = mapping_.find(field)) {
        p.column = column_letters(column->index);
        p.header = column->header;
    }
    return p;
}

std::string normalize_text(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (char c : trim(text)) {
        if (is_blank_byte(c)) {
            pending_space = true;
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

std::string normalize_key(std::string_view text) {
    std::string key = normalize_text(text);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

std::optional<row_problem> check_length(const row_cells& cells, import_field field,
                                        std::string_view text, std::size_t max) {
    // Characters, as the database counts them: every byte that does not continue a sequence.
    const auto characters =
        static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    if (characters <= max) return std::nullopt;
    return cells.problem(field, "the text is " + std::to_string(characters) +
                                    " characters long; at most " + std::to_string(max) + " fit");
}

std::expected<row_amounts, row_problem> read_amounts(const row_cells& cells,
                                                     const std::vector<import_field>& fields,
                                                     const row_context& ctx) {
    const std::string& reporting = ctx.options.reporting_currency;

    // The currency column decides when it is filled.
    std::optional<std::string> stated;
    if (auto text = cells.text(import_field::currency); !text.empty()) {
        auto marker = read_currency_marker(text);
        if (!marker) {
            return std::unexpected(cells.problem(
                import_field::currency,
                "\"" + std::string(text) + "\" is not a currency code such as EUR or USD"));
        }
        if (is_ambiguous_symbol(*marker)) {
            auto resolved = resolve_symbol(*marker, reporting);
            if (!resolved) {
                return std::unexpected(
                    cells.problem(import_field::currency, symbol_problem(*marker)));
            }
            marker = resolved;
        }
        stated = *marker;
    }

    // What each cell, or its column's header, names; they must all agree.
    std::optional<std::string> named;
    import_field named_by = import_field::currency;
    for (auto field : fields) {
        const auto text = cells.text(field);
        if (text.empty()) continue;
        const auto* column = cells.column(field);
        const auto& format = ctx.number_formats.at(column->index);
        auto parsed =
            parse_amount(text, format.value_or(number_format{}), stated.value_or(reporting));
        if (!parsed) return std::unexpected(cells.problem(field, parsed.error().message));

        // A header's currency is the column's default, which the currency column overrides.
        std::string currency = parsed->currency;
        if (currency.empty() && !stated) currency = column->currency;
        if (is_ambiguous_symbol(currency)) {
            const std::string context =
                stated ? *stated
                : (!column->currency.empty() && !is_ambiguous_symbol(column->currency))
                    ? column->currency
                    : reporting;
            auto resolved = resolve_symbol(currency, context);
            if (!resolved) return std::unexpected(cells.problem(field, symbol_problem(currency)));
            currency = *resolved;
        }
        if (currency.empty()) continue;
        if (stated && currency != *stated) {
            return std::unexpected(cells.problem(
                field,
                "the amount is in " + currency + " but the currency column says " + *stated));
        }
        if (named && currency != *named) {
            return std::unexpected(cells.problem(
                field, "the amount is in " + currency + " but the " +
                           std::string(field_name(named_by)) + " amount of the row is in " +
                           *named + "; a budget line has one currency"));
        }
        named = currency;
        named_by = field;
    }

    // Read again in the row's currency, so that its number of decimals applies ("¥1200").
    row_amounts amounts;
    amounts.currency = stated.value_or(named.value_or(reporting));
    for (auto field : fields) {
        const auto text = cells.text(field);
        if (text.empty()) continue;
        const auto& format = ctx.number_formats.at(cells.column(field)->index);
        auto parsed = parse_amount(text, format.value_or(number_format{}), amounts.currency);
        if (!parsed) return std::unexpected(cells.problem(field, parsed.error().message));
        if (parsed->minor > max_amount_minor || parsed->minor < -max_amount_minor) {
            return std::unexpected(
                cells.problem(field, "the amount is beyond 10^15 minor units of its currency"));
        }
        amounts.minor[field] = parsed->minor;
    }
    return amounts;
}

result<std::vector<store::event_match>> event_finder::find(const std::string& name,
                                                           const std::optional<std::string>& on) {
    auto key = std::pair{name, on};
    if (auto found = known_.find(key); found != known_.end()) return found->second;
    auto matches = store::find_events_by_name(tx_, name, on);
    if (!matches) return matches;
    if (known_.size() >= max_known) known_.clear();
    known_.emplace(std::move(key), *matches);
    return matches;
}

key_counter::use key_counter::add(std::string_view key, std::size_t row) {
    if ((used_ + 1) * 5 > slots_.size() * 4) grow();
    const std::uint64_t hash = std::hash<std::string_view>{}(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
        slot& s = slots_[at];
        if (s.count == 0) {
            const auto most = std::numeric_limits<std::uint32_t>::max();
            s = {hash, static_cast<std::uint32_t>(std::min<std::size_t>(row, most)), 1};
            ++used_;
            return {s.first_row, 1};
        }
        if (s.hash == hash) {
            ++s.count;
            return {s.first_row, s.count};
        }
    }
}

void key_counter::grow() {
    std::vector<slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(1024, old.size() * 2), slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const slot& s : old) {
        if (s.count == 0) continue;
        std::size_t at = s.hash & mask;
        while (slots_[at].count != 0) at = (at + 1) & mask;
        slots_[at] = s;
    }
}

}  // namespace dott::importer::detail
