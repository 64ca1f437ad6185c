#include "security/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace grantflow::security {

void initialiseSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

PasswordCost PasswordCost::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordCost PasswordCost::moderate() {
    return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}
PasswordCost PasswordCost::sensitive() {
    return {crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE};
}
PasswordCost PasswordCost::minimum() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::optional<PasswordCost> PasswordCost::named(std::string_view name) {
    if (name == "interactive") return interactive();
    if (name == "moderate") return moderate();
    if (name == "sensitive") return sensitive();
    if (name == "minimum") return minimum();
    return std::nullopt;
}

std::string hashPassword(const std::string& password, const PasswordCost& cost) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), cost.passes, cost.memoryBytes) !=
        0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool verifyPassword(const std::string& hash, const std::string& password) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool needsRehash(const std::string& hash, const PasswordCost& cost) {
    return crypto_pwhash_str_needs_rehash(hash.c_str(), cost.passes, cost.memoryBytes) != 0;
}

std::optional<std::string> passwordWeakness(const std::string& password, const std::string& email) {
    std::size_t chars = 0;
    for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
    if (chars < 12) return "must be at least 12 characters long";
    if (password.size() > 256) return "must be at most 256 bytes long";
    if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; }))
        return "must not repeat a single character";
    bool lower = false, upper = false, digit = false, other = false;
    for (unsigned char c : password) {
        if (std::islower(c))
            lower = true;
        else if (std::isupper(c))
            upper = true;
        else if (std::isdigit(c))
            digit = true;
        else
            other = true;
    }
    if (int(lower) + int(upper) + int(digit) + int(other) < 3)
        return "must mix at least three of: lower case, upper case, digits, other characters";
    std::string local = email.substr(0, email.find('@'));
    std::string lowered = password;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::transform(local.begin(), local.end(), local.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (local.size() >= 4 && lowered.find(local) != std::string::npos)
        return "must not contain the e-mail address";
    return std::nullopt;
}

std::string randomHex(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
    hex.pop_back();
    return hex;
}

}  // namespace grantflow::security
