#pragma once
// Sign-in sessions over the session and user ports: opening one (a fresh
// 256-bit token and CSRF token from security/; only the token's SHA-256 is
// stored), finding the account and session of a token, closing one, and
// purging the expired ones. A session expires `lifetime` after sign-in; it
// stops working when revoked (sign-out) or expired, when it has not been
// used for `idleTimeout`, and when its account no longer exists or is
// deactivated.
//
// Idle time is measured from last_seen_at, which is written at most once a
// minute: the last use may be up to a minute later than recorded, so a
// session is cut only once idleTimeout plus that minute has passed since
// last_seen_at (never earlier than idleTimeout after its last use, at most
// a minute later).
//
// Where e-mail verification is on (the server can mail links), an account
// that has not confirmed its address authenticates with
// Actor::emailVerified false; where it is off, every account counts as
// confirmed, since none could confirm.
//
// Thread-safe: no mutable state.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/session_store.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"

namespace grantflow::services {

struct OpenedSession {
    std::string token;  // give it to the client; never stored
    std::string tokenHash;
    std::string csrfToken;
    engine::Timestamp expiresAt{};
};

// The caller behind a token.
struct Authenticated {
    engine::User user;
    engine::StoredSession session;
};

class SessionService {
public:
    SessionService(engine::SessionStore& sessions, const engine::Clock& clock,
                   std::chrono::seconds lifetime,
                   std::chrono::seconds idleTimeout = std::chrono::hours(2),
                   bool emailVerification = false);

    // Throws std::runtime_error if the session cannot be stored.
    OpenedSession open(std::int64_t userId);
    // Sign-out of the session with this token hash; nothing for an unknown one.
    void close(const std::string& tokenHash);
    // Every other session of the account stops working (a password changed
    // from the session `keptTokenHash`); returns how many.
    int closeOthers(std::int64_t userId, const std::string& keptTokenHash);
    // Every session of the account stops working; returns how many.
    int closeAll(std::int64_t userId);
    // Whether unconfirmed accounts are held back (see above).
    bool emailVerification() const { return emailVerification_; }
    // The account as its sessions see it: confirmed when verification is off.
    engine::User asAuthenticated(engine::User user) const;
    // The account and session of an active token, else nullopt. Records
    // activity on the session at most once a minute.
    std::optional<Authenticated> authenticate(const std::string& token);
    // Deletes expired and revoked sessions; returns how many.
    int purgeExpired();

    // SHA-256 of the token, hex: what the session port stores.
    static std::string hashToken(const std::string& token);

private:
    engine::SessionStore& sessions_;
    const engine::Clock& clock_;
    std::chrono::seconds lifetime_;
    std::chrono::seconds idleTimeout_;
    bool emailVerification_;
};

}  // namespace grantflow::services
