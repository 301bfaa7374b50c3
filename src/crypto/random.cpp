#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "crypto/crypto.hpp"

namespace dott::crypto {
namespace {

constexpr std::string_view base62_alphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// The largest multiple of 62 that fits in a byte. Bytes at or above it are thrown away, so that
// every character of the alphabet is exactly equally likely (a plain `byte % 62` would favour
// the first eight characters).
constexpr unsigned base62_cutoff = 256 - 256 % 62;

}  // namespace

std::string random_bytes(std::size_t count) {
    std::string bytes(count, '\0');
    auto* out = reinterpret_cast<unsigned char*>(bytes.data());

    // RAND_bytes takes an int, so very large requests are filled in slices.
    std::size_t filled = 0;
    while (filled < count) {
        const std::size_t slice = std::min<std::size_t>(count - filled, INT_MAX);
        if (RAND_bytes(out + filled, static_cast<int>(slice)) != 1) {
            // A generator that cannot produce randomness would mint guessable keys and tokens;
            // stopping is the only safe answer.
            std::abort();
        }
        filled += slice;
    }
    return bytes;
}

std::string random_base62(std::size_t length) {
    std::string token;
    token.reserve(length);

    while (token.size() < length) {
        // About 3 % of bytes are rejected, so ask for a little more than what is missing.
        const std::size_t missing = length - token.size();
        for (unsigned char byte : random_bytes(missing + missing / 16 + 4)) {
            if (byte >= base62_cutoff) continue;
            token.push_back(base62_alphabet[byte % base62_alphabet.size()]);
            if (token.size() == length) break;
        }
    }
    return token;
}

std::string random_uuid() {
    std::string bytes = random_bytes(16);

    // RFC 9562: the high nibble of byte 6 is the version (4), the top two bits of byte 8 are
    // the variant (binary 10).
    bytes[6] = static_cast<char>((static_cast<unsigned char>(bytes[6]) & 0x0f) | 0x40);
    bytes[8] = static_cast<char>((static_cast<unsigned char>(bytes[8]) & 0x3f) | 0x80);

    const std::string hex = to_hex(bytes);
    std::string uuid;
    uuid.reserve(36);
    uuid.append(hex, 0, 8).push_back('-');
    uuid.append(hex, 8, 4).push_back('-');
    uuid.append(hex, 12, 4).push_back('-');
    uuid.append(hex, 16, 4).push_back('-');
    uuid.append(hex, 20, 12);
    return uuid;
}

}  // namespace dott::crypto
