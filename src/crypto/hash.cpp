#include <openssl/evp.h>

#include <cstdlib>

#include "crypto/crypto.hpp"

namespace dott::crypto {

std::string sha256(std::string_view data) {
    std::string digest(32, '\0');
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(digest.data()),
                   &length, EVP_sha256(), nullptr) != 1) {
        // Only a broken OpenSSL fails here; an all-zero digest would silently match others.
        std::abort();
    }
    return digest;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        hex.push_back(digits[byte >> 4]);
        hex.push_back(digits[byte & 0xf]);
    }
    return hex;
}

}  // namespace dott::crypto
