#pragma once
// Password hashing and strength rules, on libsodium. Hashes are argon2id in
// libsodium's self-describing string form ("$argon2id$v=19$m=...,t=...,p=1$..."),
// so parameters can be raised later and old hashes still verify (and are
// flagged for rehash). Thread-safe once initialiseSodium() has run.

#include <optional>
#include <string>

namespace grantflow::security {

// Must be called once before any other function here (idempotent, thread-safe).
void initialiseSodium();

// Throws std::runtime_error when memory for hashing cannot be had.
std::string hashPassword(const std::string& password);
bool verifyPassword(const std::string& hash, const std::string& password);
bool needsRehash(const std::string& hash);

// Why a password is too weak to be accepted, or nullopt if it is fine:
// at least 12 characters, at most 256 bytes, not one repeated character,
// at least three kinds among lower case, upper case, digits, others, and
// not containing the account's e-mail local part.
std::optional<std::string> passwordWeakness(const std::string& password, const std::string& email);

// `bytes` random bytes, hex-encoded (crypto-secure).
std::string randomHex(std::size_t bytes);

}  // namespace grantflow::security
