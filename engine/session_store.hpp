#pragma once
// The storage port of sign-in sessions. Whoever opens a session generates a
// random token, gives it to the client and stores only its hash
// (tokenHash) with the user, a CSRF token for cookie-authenticated writes,
// and an expiry. A session is active while it is neither revoked (sign-out)
// nor expired; revoked and expired rows are useless and purgeExpired()
// deletes them.
//
// Times are passed in (the caller's clock), never read here.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/result.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"

namespace grantflow::engine {

struct StoredSession {
    std::string tokenHash;
    std::int64_t userId = 0;
    std::string csrfToken;
    Timestamp createdAt{}, expiresAt{};
    Timestamp lastSeenAt{};  // creation, or the last touch()
};

// An active session and its account as stored (programmes included; the
// account may have been deactivated since the session opened).
struct ActiveSession {
    StoredSession session;
    User account;
};

class SessionStore {
public:
    virtual ~SessionStore() = default;

    // Invalid when tokenHash or csrfToken is empty or expiresAt <= now;
    // NotFound for no such user; Conflict when the hash exists already.
    virtual Status create(const std::string& tokenHash, std::int64_t userId,
                          const std::string& csrfToken, Timestamp now, Timestamp expiresAt) = 0;
    // The session when it is not revoked and expires after `now`, with its
    // account, read together: every authenticated request asks, so a
    // store answers in one look-up (one statement) where it can.
    virtual std::optional<ActiveSession> findActive(const std::string& tokenHash,
                                                    Timestamp now) = 0;
    // Records activity (last_seen_at = now) on an active session. A write:
    // callers throttle it (e.g. once a minute per session).
    virtual void touch(const std::string& tokenHash, Timestamp now) = 0;
    // Sign-out: the session stops being active. Revoking an unknown or
    // already revoked session does nothing.
    virtual void revoke(const std::string& tokenHash, Timestamp now) = 0;
    // Revokes every active session of a user (password change, account
    // locked); returns how many.
    virtual int revokeAllForUser(std::int64_t userId, Timestamp now) = 0;
    // The same except the session `keptTokenHash` (a password changed from
    // that session); returns how many.
    virtual int revokeOthersOfUser(std::int64_t userId, const std::string& keptTokenHash,
                                   Timestamp now) = 0;
    // Deletes the sessions expired at `now` and those revoked; returns how many.
    virtual int purgeExpired(Timestamp now) = 0;
};

}  // namespace grantflow::engine
