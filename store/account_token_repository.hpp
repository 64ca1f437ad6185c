#pragma once
// engine::AccountTokenStore over SOCI: only a token's hash is stored; times
// come from the caller's clock. Thread-safe: each call leases its own
// session.

#include "engine/account_token_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class AccountTokenRepository final : public engine::AccountTokenStore {
public:
    explicit AccountTokenRepository(Database& db) : db_(db) {}

    engine::Status issue(const std::string& tokenHash, std::int64_t userId,
                         engine::TokenPurpose purpose, engine::Timestamp now,
                         engine::Timestamp expiresAt) override;
    std::optional<engine::AccountToken> findUsable(const std::string& tokenHash,
                                                   engine::TokenPurpose purpose,
                                                   engine::Timestamp now) override;
    std::optional<std::int64_t> redeem(const std::string& tokenHash, engine::TokenPurpose purpose,
                                       engine::Timestamp now) override;
    int revokeAll(std::int64_t userId, engine::TokenPurpose purpose,
                  engine::Timestamp now) override;
    int purgeExpired(engine::Timestamp now) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
