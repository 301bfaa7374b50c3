#include <array>
#include <cstdint>

#include "crypto/crypto.hpp"

namespace dott::crypto {
namespace {

constexpr std::string_view base64url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::uint8_t not_a_digit = 0xff;

// The value of each byte as a base64url digit, or not_a_digit.
constexpr std::array<std::uint8_t, 256> make_digit_table() {
    std::array<std::uint8_t, 256> table{};
    table.fill(not_a_digit);
    for (std::size_t i = 0; i < base64url_alphabet.size(); ++i) {
        table[static_cast<unsigned char>(base64url_alphabet[i])] = static_cast<std::uint8_t>(i);
    }
    return table;
}

constexpr std::array<std::uint8_t, 256> digit_table = make_digit_table();

}  // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string text;
    text.reserve((bytes.size() * 4 + 2) / 3);

    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            text.push_back(base64url_alphabet[(buffer >> bits) & 0x3f]);
        }
    }

    // The last partial group is padded with zero bits on the right; no '=' is written.
    if (bits > 0) text.push_back(base64url_alphabet[(buffer << (6 - bits)) & 0x3f]);
    return text;
}

result<std::string> base64url_decode(std::string_view text) {
    // One leftover character carries only 6 bits, never a whole byte.
    if (text.size() % 4 == 1) {
        return fail(errc::malformed, "base64url text has an impossible length");
    }

    std::string bytes;
    bytes.reserve(text.size() * 3 / 4);

    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::uint8_t digit = digit_table[static_cast<unsigned char>(text[i])];
        if (digit == not_a_digit) {
            return fail(errc::malformed,
                        "base64url text has an invalid character at offset " + std::to_string(i));
        }
        buffer = (buffer << 6) | digit;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }

    // Canonical encodings leave the unused low bits at zero; anything else would let two texts
    // decode to the same bytes.
    if ((buffer & ((1u << bits) - 1)) != 0) {
        return fail(errc::malformed, "base64url text has non-zero trailing bits");
    }
    return bytes;
}

}  // namespace dott::crypto
