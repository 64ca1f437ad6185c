#pragma once
// Password hashing and strength rules, on libsodium. Hashes are argon2id in
// libsodium's self-describing string form ("$argon2id$v=19$m=...,t=...,p=1$..."),
// so parameters can be raised later and old hashes still verify (and are
// flagged for rehash). Thread-safe once initialiseSodium() has run.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace grantflow::security {

// What one argon2id hash costs: passes over its memory, and the memory.
// The levels are libsodium's. `minimum` (one pass over 8 KiB) is for test
// suites, which sign in thousands of times: a hash stolen at that cost is
// cheap to guess, and the server says so when it starts with it.
struct PasswordCost {
    unsigned long long passes = 0;
    std::size_t memoryBytes = 0;

    static PasswordCost interactive();  // 2 passes over 64 MiB: the default
    static PasswordCost moderate();     // 3 passes over 256 MiB
    static PasswordCost sensitive();    // 4 passes over 1 GiB
    static PasswordCost minimum();      // 1 pass over 8 KiB: tests only
    // "interactive", "moderate", "sensitive" or "minimum"; nullopt otherwise.
    static std::optional<PasswordCost> named(std::string_view name);

    friend bool operator==(const PasswordCost&, const PasswordCost&) = default;
};

// Must be called once before any other function here (idempotent, thread-safe).
void initialiseSodium();

// Throws std::runtime_error when memory for hashing cannot be had.
std::string hashPassword(const std::string& password,
                         const PasswordCost& cost = PasswordCost::interactive());
// Whatever cost `hash` was made at.
bool verifyPassword(const std::string& hash, const std::string& password);
// Whether `hash` was made at another cost than `cost` (or is no argon2id hash).
bool needsRehash(const std::string& hash, const PasswordCost& cost = PasswordCost::interactive());

// Why a password is too weak to be accepted, or nullopt if it is fine:
// at least 12 characters, at most 256 bytes, not one repeated character,
// at least three kinds among lower case, upper case, digits, others, and
// not containing the account's e-mail local part.
std::optional<std::string> passwordWeakness(const std::string& password, const std::string& email);

// `bytes` random bytes, hex-encoded (crypto-secure).
std::string randomHex(std::size_t bytes);

}  // namespace grantflow::security
