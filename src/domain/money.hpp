#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dott::domain {

/// True when `code` is an active ISO 4217 currency code ("EUR", "USD", "JPY").
[[nodiscard]] bool is_currency_code(std::string_view code) noexcept;

/// Sums of minor units kept apart per currency: amounts in different currencies are never
/// added into one bare number. Overflow is an error, never a wrap-around.
class currency_totals {
  public:
    /// Adds `minor_units` to the total of `currency`. Fails with invalid_argument on overflow.
    [[nodiscard]] result<void> add(const std::string& currency, std::int64_t minor_units);

    /// Totals by currency code, in code order.
    [[nodiscard]] const std::map<std::string, std::int64_t>& by_currency() const noexcept {
        return totals_;
    }

  private:
    std::map<std::string, std::int64_t> totals_;
};

/// The number of digits after the decimal point for a currency (JPY 0, EUR 2, KWD 3).
[[nodiscard]] int minor_unit_digits(std::string_view currency) noexcept;

/// Formats minor units as a plain decimal amount with the currency's digits ("1234.50").
[[nodiscard]] std::string format_minor_units(std::int64_t minor_units, std::string_view currency);

/// An amount of money: an integer count of minor units (cents, yen, fils) and its ISO 4217
/// currency. Never a float, never a bare number without its currency.
struct money {
    std::int64_t minor = 0;
    std::string currency;

    friend bool operator==(const money&, const money&) = default;
};

/// A dated exchange rate an organization entered: one major unit of `from` is worth exactly
/// `numerator / denominator` major units of `to` on the date `on` (YYYY-MM-DD). Both parts
/// are between 1 and 10^15 so that every conversion fits 128-bit arithmetic.
struct exchange_rate {
    std::string from;
    std::string to;
    std::string on;
    std::int64_t numerator = 1;
    std::int64_t denominator = 1;

    friend bool operator==(const exchange_rate&, const exchange_rate&) = default;
};

/// An amount in a target currency together with where it came from. `rate` is empty when the
/// amount was already in the target currency; otherwise it is the rate that converted
/// `original`, so that every converted figure can say so.
struct converted_money {
    money amount;
    money original;
    std::optional<exchange_rate> rate;

    [[nodiscard]] bool is_converted() const noexcept { return rate.has_value(); }
};

/// Checks a rate: known and different currencies, a real date, both parts in 1..10^15.
/// The failure names the field.
[[nodiscard]] result<void> check_exchange_rate(const exchange_rate& rate);

/// Builds a rate from a plain decimal such as "1.0845" (at most 15 significant digits, no
/// sign, no exponent), read exactly and kept as entered: "1.0845" becomes 10845 / 10000. Fails with
/// malformed on any other text and with invalid_argument when check_exchange_rate() refuses the
/// result.
[[nodiscard]] result<exchange_rate> parse_exchange_rate(std::string from, std::string to,
                                                        std::string on, std::string_view decimal);

/// Writes a rate as a decimal when its denominator is a power of ten ("1.0845"), otherwise
/// as a fraction ("10/3").
[[nodiscard]] std::string format_exchange_rate(const exchange_rate& rate);

/// The rate from `from` to `to` with the latest date on or before `as_of` (YYYY-MM-DD), or
/// nothing. Only rates entered for that direction count: an inverse is never derived, and a
/// missing rate is never taken as 1:1.
[[nodiscard]] std::optional<exchange_rate> find_exchange_rate(std::span<const exchange_rate> rates,
                                                              std::string_view from,
                                                              std::string_view to,
                                                              std::string_view as_of);

/// Converts `amount` with `rate` (whose `from` must be the amount's currency), exactly:
/// minor × numerator × 10^(target digits) / (denominator × 10^(source digits)), rounded half
/// up, that is half away from zero for negative amounts. Fails with invalid_argument on a
/// currency mismatch, a bad rate, or a result beyond 64 bits.
[[nodiscard]] result<money> convert_with_rate(const money& amount, const exchange_rate& rate);

/// Converts `amount` into `to` with find_exchange_rate(rates, amount.currency, to, as_of).
/// An amount already in `to` is returned unchanged with no rate. Fails with not_found, naming
/// the pair in the field ("exchange_rate.USD_EUR"), when no rate is dated on or before
/// `as_of`, and as convert_with_rate() otherwise.
[[nodiscard]] result<converted_money> convert(const money& amount, std::string_view to,
                                              std::span<const exchange_rate> rates,
                                              std::string_view as_of);

/// Splits `amount` into `parts` amounts that differ by at most one minor unit and add up to
/// exactly `amount`; the earlier parts take the extra units. Fails with invalid_argument when
/// `parts` is not positive.
[[nodiscard]] result<std::vector<money>> split_evenly(const money& amount, int parts);

/// Splits `amount` in proportion to `weights` by the largest-remainder method: each part gets
/// the floor of its exact share, and the minor units left over go one each to the parts with
/// the largest remainders (the earlier part on a tie). The parts always add up to `amount`; a
/// zero weight always gets zero; a negative amount splits like its magnitude, negated. Fails
/// with invalid_argument on no weights, a negative weight, a zero or out-of-range sum.
[[nodiscard]] result<std::vector<money>> split_by_weights(const money& amount,
                                                          std::span<const std::int64_t> weights);

}  // namespace dott::domain
