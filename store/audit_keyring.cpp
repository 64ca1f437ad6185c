#include "store/audit_keyring.hpp"

#include <stdexcept>

#include "security/hmac.hpp"

namespace grantflow::store {

namespace {

AuditKey keyOf(std::string secret) {
    if (secret.size() < AuditKeyring::kMinimumSecret)
        throw std::invalid_argument("an audit key must be at least " +
                                    std::to_string(AuditKeyring::kMinimumSecret) +
                                    " characters long");
    std::string id = AuditKeyring::idOf(secret);
    return AuditKey{std::move(id), std::move(secret)};
}

}  // namespace

AuditKeyring::AuditKeyring(std::string current, std::vector<std::string> previous) {
    keys_.push_back(keyOf(std::move(current)));
    for (auto& secret : previous) keys_.push_back(keyOf(std::move(secret)));
}

const AuditKey* AuditKeyring::find(const std::string& id) const {
    for (const auto& key : keys_)
        if (key.id == id) return &key;
    return nullptr;
}

std::string AuditKeyring::idOf(const std::string& secret) {
    return security::hmacSha256Hex(secret, "grantflow-audit-key-id").substr(0, 16);
}

}  // namespace grantflow::store
