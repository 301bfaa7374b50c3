#include <sodium.h>

#include "crypto/crypto.hpp"
#include "crypto/detail/sodium.hpp"

namespace dott::crypto {
namespace {

// OWASP's floor for Argon2id: 19 MiB of memory and two passes (libsodium uses one lane).
constexpr std::size_t password_memlimit = 19 * 1024 * 1024;
constexpr unsigned long long password_opslimit = 2;

// Hashing costs the same for any length, but a bound keeps a login form from becoming a way to
// make the server hash megabytes.
constexpr std::size_t max_password_bytes = 1024;

static_assert(password_memlimit >= crypto_pwhash_MEMLIMIT_MIN);
static_assert(password_opslimit >= crypto_pwhash_OPSLIMIT_MIN);

}  // namespace

namespace detail {

bool sodium_ready() noexcept {
    // A function-local static is initialised exactly once even under concurrent first calls.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

}  // namespace detail

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    // The length is allowed to leak: secrets of one kind all have the same length.
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

result<std::string> hash_password(std::string_view password) {
    if (password.size() > max_password_bytes) {
        return fail(errc::invalid_argument,
                    "password is longer than " + std::to_string(max_password_bytes) + " bytes",
                    "password");
    }
    if (!detail::sodium_ready()) return fail(errc::internal, "libsodium failed to initialise");

    char encoded[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), password_opslimit,
                              password_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        // libsodium fails here only when it cannot allocate the memory the hash needs.
        return fail(errc::internal, "password hashing ran out of memory");
    }
    return std::string(encoded);
}

bool verify_password(std::string_view password, std::string_view encoded) {
    if (password.size() > max_password_bytes) return false;
    if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;

    // libsodium reads the hash as a C string; an embedded NUL would silently cut it short.
    if (encoded.find('\0') != std::string_view::npos) return false;
    if (!detail::sodium_ready()) return false;

    const std::string terminated(encoded);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace dott::crypto
