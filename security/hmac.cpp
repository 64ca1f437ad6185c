#include "security/hmac.hpp"

#include <sodium.h>

#include <cctype>

#include "security/password.hpp"

namespace grantflow::security {

namespace {

std::string toLower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

std::string hmacSha256Hex(const std::string& key, const std::string& message) {
    initialiseSodium();
    crypto_auth_hmacsha256_state state;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

bool verifyHmacSha256Hex(const std::string& key, const std::string& message,
                         const std::string& hex) {
    const std::string expected = hmacSha256Hex(key, message);
    const std::string given = toLower(hex);
    if (given.size() != expected.size()) return false;
    return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace grantflow::security
