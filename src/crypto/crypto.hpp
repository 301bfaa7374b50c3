#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dott::crypto {

/// The SHA-256 digest of `data`, as 32 raw bytes.
[[nodiscard]] std::string sha256(std::string_view data);

/// Lower-case hexadecimal of arbitrary bytes.
[[nodiscard]] std::string to_hex(std::string_view bytes);

/// `count` bytes from the operating system's CSPRNG (OpenSSL RAND_bytes). Aborts the process if
/// the generator fails, since no caller could continue safely.
[[nodiscard]] std::string random_bytes(std::size_t count);

/// A token of `length` characters drawn uniformly from [0-9A-Za-z] (rejection sampling).
[[nodiscard]] std::string random_base62(std::size_t length);

/// Unpadded base64url of arbitrary bytes, and its inverse (fails on any invalid character).
[[nodiscard]] std::string base64url_encode(std::string_view bytes);
[[nodiscard]] result<std::string> base64url_decode(std::string_view text);

/// Compares two secrets in time that depends only on their lengths (libsodium).
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// Argon2id password hashing through libsodium, at least 19 MiB and 2 passes.
/// Returns the encoded hash string ($argon2id$v=19$m=...).
[[nodiscard]] result<std::string> hash_password(std::string_view password);

/// True when `password` matches `encoded`; false for any mismatch or malformed hash.
[[nodiscard]] bool verify_password(std::string_view password, std::string_view encoded);

/// A random version-4 UUID in canonical lower-case form.
[[nodiscard]] std::string random_uuid();

}  // namespace dott::crypto
