#pragma once
// HMAC-SHA-256 on libsodium, for signing what grantflow sends out (webhook
// bodies) so that the receiver can check it came from us unaltered.
//
// Keys may have any length (libsodium's crypto_auth_hmacsha256_init hashes
// keys longer than the block, as RFC 2104 says). Thread-safe; calls
// initialiseSodium() itself.

#include <string>

namespace grantflow::security {

// The HMAC-SHA-256 of `message` under `key`, as 64 lowercase hex digits.
std::string hmacSha256Hex(const std::string& key, const std::string& message);

// Whether `hex` (either case) is the HMAC-SHA-256 of `message` under `key`.
// Compares in constant time, so a receiver can check a signature without
// leaking how much of it matched.
bool verifyHmacSha256Hex(const std::string& key, const std::string& message,
                         const std::string& hex);

}  // namespace grantflow::security
