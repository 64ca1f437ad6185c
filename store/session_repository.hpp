#pragma once
// engine::SessionStore over SOCI: only a token's hash is stored; times
// come from the caller's clock. Thread-safe: each call leases its own
// session.

#include "engine/session_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class SessionRepository final : public engine::SessionStore {
public:
    explicit SessionRepository(Database& db) : db_(db) {}

    // Invalid when tokenHash or csrfToken is empty or expiresAt <= now;
    // NotFound for no such user; Conflict when the hash exists already.
    engine::Status create(const std::string& tokenHash, std::int64_t userId,
                          const std::string& csrfToken, engine::Timestamp now,
                          engine::Timestamp expiresAt) override;
    // The session when it is not revoked and expires after `now`, with its
    // account: one kept statement.
    std::optional<engine::ActiveSession> findActive(const std::string& tokenHash,
                                                    engine::Timestamp now) override;
    // Records activity (last_seen_at = now) on an active session. A write:
    // callers throttle it (e.g. once a minute per session).
    void touch(const std::string& tokenHash, engine::Timestamp now) override;
    // Logout: the session stops being active. Revoking an unknown or
    // already revoked session does nothing.
    void revoke(const std::string& tokenHash, engine::Timestamp now) override;
    // Revokes every active session of a user (password change, account
    // locked); returns how many.
    int revokeAllForUser(std::int64_t userId, engine::Timestamp now) override;
    int revokeOthersOfUser(std::int64_t userId, const std::string& keptTokenHash,
                           engine::Timestamp now) override;
    // Deletes the sessions expired at `now` and those revoked; returns how many.
    int purgeExpired(engine::Timestamp now) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
