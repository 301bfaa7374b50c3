#include "domain/money.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <numeric>
#include <utility>

#include "domain/calendar.hpp"

namespace dott::domain {
namespace {

// Active ISO 4217 codes, sorted for binary search.
constexpr std::array<std::string_view, 155> currency_codes = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL",
};

constexpr std::array<std::string_view, 15> zero_digit_currencies = {
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
    "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
};

constexpr std::array<std::string_view, 7> three_digit_currencies = {
    "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view code) {
    return std::binary_search(sorted.begin(), sorted.end(), code);
}

using wide = __int128;

constexpr std::int64_t max_rate_part = 1'000'000'000'000'000;  // 10^15
constexpr std::int64_t int64_max = 9'223'372'036'854'775'807;

wide power_of_ten(int digits) {
    wide value = 1;
    for (int i = 0; i < digits; ++i) {
        value *= 10;
    }
    return value;
}

// Divides with rounding half away from zero; `denominator` is positive.
wide divide_half_up(wide numerator, wide denominator) {
    wide magnitude = numerator < 0 ? -numerator : numerator;
    wide rounded = (magnitude * 2 + denominator) / (denominator * 2);
    return numerator < 0 ? -rounded : rounded;
}

bool fits_int64(wide value) { return value <= int64_max && value >= -int64_max - 1; }

std::string pair_field(std::string_view from, std::string_view to) {
    return "exchange_rate." + std::string(from) + "_" + std::string(to);
}

}  // namespace

bool is_currency_code(std::string_view code) noexcept {
    return code.size() == 3 && contains(currency_codes, code);
}

result<void> currency_totals::add(const std::string& currency, std::int64_t minor_units) {
    std::int64_t& total = totals_[currency];
    std::int64_t sum = 0;
    if (__builtin_add_overflow(total, minor_units, &sum)) {
        return fail(errc::invalid_argument, "the " + currency + " total is out of range");
    }
    total = sum;
    return {};
}

int minor_unit_digits(std::string_view currency) noexcept {
    if (contains(zero_digit_currencies, currency)) {
        return 0;
    }
    if (contains(three_digit_currencies, currency)) {
        return 3;
    }
    return 2;
}

std::string format_minor_units(std::int64_t minor_units, std::string_view currency) {
    int digits = minor_unit_digits(currency);
    bool negative = minor_units < 0;

    // Work on the unsigned magnitude so that the most negative value does not overflow.
    auto magnitude = negative ? 0 - static_cast<std::uint64_t>(minor_units)
                              : static_cast<std::uint64_t>(minor_units);
    std::string text = std::to_string(magnitude);
    if (digits > 0) {
        if (text.size() <= static_cast<std::size_t>(digits)) {
            text.insert(0, static_cast<std::size_t>(digits) + 1 - text.size(), '0');
        }
        text.insert(text.size() - static_cast<std::size_t>(digits), 1, '.');
    }
    return negative ? "-" + text : text;
}

result<void> check_exchange_rate(const exchange_rate& rate) {
    if (!is_currency_code(rate.from)) {
        return fail(errc::invalid_argument, "the rate's source currency is not ISO 4217", "from");
    }
    if (!is_currency_code(rate.to) || rate.to == rate.from) {
        return fail(errc::invalid_argument,
                    "the rate's target currency must be ISO 4217 and differ from the source", "to");
    }
    if (!is_calendar_date(rate.on)) {
        return fail(errc::invalid_argument, "the rate's date must be YYYY-MM-DD", "on");
    }
    if (rate.numerator < 1 || rate.numerator > max_rate_part) {
        return fail(errc::invalid_argument, "the rate must be positive and at most 10^15",
                    "numerator");
    }
    if (rate.denominator < 1 || rate.denominator > max_rate_part) {
        return fail(errc::invalid_argument, "the rate's denominator must be in 1..10^15",
                    "denominator");
    }
    return {};
}

result<exchange_rate> parse_exchange_rate(std::string from, std::string to, std::string on,
                                          std::string_view decimal) {
    exchange_rate rate{std::move(from), std::move(to), std::move(on), 0, 1};
    bool seen_point = false;
    int digits = 0;
    for (char c : decimal) {
        if (c == '.' && !seen_point) {
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9') {
            return fail(errc::malformed, "a rate is a plain decimal such as 1.0845", "rate");
        }

        // Leading zeros carry no precision, so only significant digits count to the limit.
        if (rate.numerator > 0 || c != '0') {
            ++digits;
        }
        if (digits > 15) {
            return fail(errc::malformed, "a rate has at most 15 significant digits", "rate");
        }
        rate.numerator = rate.numerator * 10 + (c - '0');
        if (seen_point) {
            rate.denominator *= 10;
        }
        if (rate.denominator > max_rate_part) {
            return fail(errc::malformed, "a rate has at most 15 decimal places", "rate");
        }
    }
    if (decimal.empty() || decimal == "." || decimal.back() == '.' || decimal.front() == '.') {
        return fail(errc::malformed, "a rate is a plain decimal such as 1.0845", "rate");
    }
    if (auto checked = check_exchange_rate(rate); !checked) {
        return std::unexpected(checked.error());
    }
    return rate;
}

std::string format_exchange_rate(const exchange_rate& rate) {
    int digits = 0;
    std::int64_t rest = rate.denominator;
    while (rest > 1 && rest % 10 == 0) {
        rest /= 10;
        ++digits;
    }
    if (rest != 1) {
        return std::to_string(rate.numerator) + "/" + std::to_string(rate.denominator);
    }
    std::string text = std::to_string(rate.numerator);
    if (digits == 0) {
        return text;
    }
    if (text.size() <= static_cast<std::size_t>(digits)) {
        text.insert(0, static_cast<std::size_t>(digits) + 1 - text.size(), '0');
    }
    text.insert(text.size() - static_cast<std::size_t>(digits), 1, '.');
    return text;
}

std::optional<exchange_rate> find_exchange_rate(std::span<const exchange_rate> rates,
                                                std::string_view from, std::string_view to,
                                                std::string_view as_of) {
    const exchange_rate* best = nullptr;
    for (const exchange_rate& rate : rates) {
        // Dates written YYYY-MM-DD order the same way as text.
        if (rate.from != from || rate.to != to || rate.on > as_of) {
            continue;
        }
        if (best == nullptr || rate.on > best->on) {
            best = &rate;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return *best;
}

result<money> convert_with_rate(const money& amount, const exchange_rate& rate) {
    if (auto checked = check_exchange_rate(rate); !checked) {
        return std::unexpected(checked.error());
    }
    if (amount.currency != rate.from) {
        return fail(errc::invalid_argument,
                    "a " + rate.from + " rate cannot convert an amount in " + amount.currency,
                    "currency");
    }

    // |minor| < 2^63, numerator <= 10^15 and 10^3 keep the product below 2^127.
    wide numerator =
        static_cast<wide>(amount.minor) * rate.numerator * power_of_ten(minor_unit_digits(rate.to));
    wide denominator =
        static_cast<wide>(rate.denominator) * power_of_ten(minor_unit_digits(rate.from));
    wide converted = divide_half_up(numerator, denominator);
    if (!fits_int64(converted)) {
        return fail(errc::invalid_argument, "the converted amount is out of range", "minor");
    }
    return money{static_cast<std::int64_t>(converted), rate.to};
}

result<converted_money> convert(const money& amount, std::string_view to,
                                std::span<const exchange_rate> rates, std::string_view as_of) {
    if (amount.currency == to) {
        return converted_money{amount, amount, std::nullopt};
    }
    auto rate = find_exchange_rate(rates, amount.currency, to, as_of);
    if (!rate) {
        return fail(errc::not_found,
                    "no " + amount.currency + " to " + std::string(to) +
                        " rate is dated on or before " + std::string(as_of),
                    pair_field(amount.currency, to));
    }
    auto converted = convert_with_rate(amount, *rate);
    if (!converted) {
        return std::unexpected(converted.error());
    }
    return converted_money{std::move(*converted), amount, std::move(*rate)};
}

result<std::vector<money>> split_evenly(const money& amount, int parts) {
    if (parts < 1) {
        return fail(errc::invalid_argument, "an amount splits into at least one part", "parts");
    }
    std::vector<std::int64_t> weights(static_cast<std::size_t>(parts), 1);
    return split_by_weights(amount, weights);
}

result<std::vector<money>> split_by_weights(const money& amount,
                                            std::span<const std::int64_t> weights) {
    if (weights.empty()) {
        return fail(errc::invalid_argument, "an amount splits into at least one part", "weights");
    }
    wide total_weight = 0;
    for (std::int64_t weight : weights) {
        if (weight < 0) {
            return fail(errc::invalid_argument, "a split weight cannot be negative", "weights");
        }
        total_weight += weight;
    }
    if (total_weight == 0 || total_weight > int64_max) {
        return fail(errc::invalid_argument, "the split weights must add up to 1..2^63-1",
                    "weights");
    }

    // Work on the magnitude: the most negative amount has no positive int64 twin.
    wide magnitude = amount.minor < 0 ? -static_cast<wide>(amount.minor) : amount.minor;
    std::vector<wide> shares(weights.size());
    std::vector<wide> remainders(weights.size());
    wide allotted = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        wide exact = magnitude * weights[i];
        shares[i] = exact / total_weight;
        remainders[i] = exact % total_weight;
        allotted += shares[i];
    }

    // Fewer units are left over than there are parts with a remainder, so a zero weight,
    // whose remainder is zero, never receives one.
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    wide left_over = magnitude - allotted;
    for (std::size_t k = 0; k < static_cast<std::size_t>(left_over); ++k) {
        shares[order[k]] += 1;
    }

    std::vector<money> parts;
    parts.reserve(weights.size());
    for (wide share : shares) {
        wide signed_share = amount.minor < 0 ? -share : share;
        parts.push_back(money{static_cast<std::int64_t>(signed_share), amount.currency});
    }
    return parts;
}

}  // namespace dott::domain
