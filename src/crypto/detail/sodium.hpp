#pragma once

namespace dott::crypto::detail {

/// Initialises libsodium on first call and reports whether it is usable. Safe to call from any
/// thread, any number of times; the initialisation itself runs once.
[[nodiscard]] bool sodium_ready() noexcept;

}  // namespace dott::crypto::detail
