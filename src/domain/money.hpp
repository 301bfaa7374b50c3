#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

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

}  // namespace dott::domain
