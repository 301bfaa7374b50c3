#include "domain/money.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

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

}  // namespace dott::domain
