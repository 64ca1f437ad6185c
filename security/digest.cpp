#include "security/digest.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace grantflow::security {

std::string sha256Hex(std::string_view bytes) {
    // crypto_hash_sha256 needs no sodium_init(): it uses no random numbers.
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace grantflow::security
