#pragma once
// Sign-in sessions over the session and user ports: opening one (a fresh
// 256-bit token and CSRF token from security/; only the token's SHA-256 is
// stored), finding the account and session of a token, closing one, and
// purging the expired ones. A session expires `lifetime` after sign-in; it
// stops working when revoked (sign-out) or expired, and when its account no
// longer exists or is deactivated.
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
    SessionService(engine::SessionStore& sessions, engine::UserStore& users,
                   const engine::Clock& clock, std::chrono::seconds lifetime);

    // Throws std::runtime_error if the session cannot be stored.
    OpenedSession open(std::int64_t userId);
    // Sign-out of the session with this token hash; nothing for an unknown one.
    void close(const std::string& tokenHash);
    // The account and session of an active token, else nullopt. Records
    // activity on the session at most once a minute.
    std::optional<Authenticated> authenticate(const std::string& token);
    // Deletes expired and revoked sessions; returns how many.
    int purgeExpired();

    // SHA-256 of the token, hex: what the session port stores.
    static std::string hashToken(const std::string& token);

private:
    engine::SessionStore& sessions_;
    engine::UserStore& users_;
    const engine::Clock& clock_;
    std::chrono::seconds lifetime_;
};

}  // namespace grantflow::services
