#pragma once
// The secrets the audit chain is keyed with (docs/store.md, "The audit hash
// chain"). Entries written with a key are HMAC-SHA-256 signed
// (`grantflow-audit-v2`): someone who can write every table but does not
// hold the key cannot re-hash an edited trail so that it verifies again.
//
// A keyring holds the current key, which signs new entries, and the keys
// used before a rotation, which only verify. Each key is known by its id,
// derived from the secret (an HMAC of a fixed text, so the id reveals
// nothing of the key) and stored with every entry it signed.
//
// An empty keyring writes unkeyed `grantflow-audit-v1` entries, which only
// a trail that was never keyed accepts (store tests, and databases written
// before the upgrade). The secrets never reach the database.
//
// Immutable once built; thread-safe.

#include <string>
#include <vector>

namespace grantflow::store {

struct AuditKey {
    std::string id;      // 16 lowercase hex digits
    std::string secret;  // the key's bytes
};

class AuditKeyring {
public:
    // The shortest secret accepted: 32 bytes (e.g. 64 hex digits hold 32
    // random bytes as text; their length is what counts here).
    static constexpr std::size_t kMinimumSecret = 32;

    AuditKeyring() = default;
    // `current` signs; `previous` only verify. Throws std::invalid_argument
    // for a secret shorter than kMinimumSecret.
    explicit AuditKeyring(std::string current, std::vector<std::string> previous = {});

    bool keyed() const { return !keys_.empty(); }
    // The signing key; null when the keyring is empty.
    const AuditKey* current() const { return keys_.empty() ? nullptr : &keys_.front(); }
    // The key with this id, current or previous; null when none.
    const AuditKey* find(const std::string& id) const;

    static std::string idOf(const std::string& secret);

private:
    std::vector<AuditKey> keys_;  // the current first
};

}  // namespace grantflow::store
