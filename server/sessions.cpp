#include "server/sessions.hpp"

#include <stdexcept>

#include "security/password.hpp"
#include "server/auth.hpp"
#include "store/session_repository.hpp"
#include "store/user_repository.hpp"

namespace grantflow::server {

namespace {

// last_seen_at is written at most this often per session.
constexpr std::chrono::seconds kTouchEvery{60};

}  // namespace

Sessions::Sessions(store::Database& db, const engine::Clock& clock, std::chrono::seconds lifetime)
    : db_(db), clock_(clock), lifetime_(lifetime) {}

OpenedSession Sessions::open(std::int64_t userId) {
    OpenedSession s{security::randomHex(32), security::randomHex(32), clock_.now() + lifetime_};
    auto created = store::SessionRepository(db_).create(hashToken(s.token), userId, s.csrfToken,
                                                        clock_.now(), s.expiresAt);
    if (!created)
        throw std::runtime_error("could not store the session: " + created.error().message);
    return s;
}

void Sessions::close(const std::string& tokenHash) {
    store::SessionRepository(db_).revoke(tokenHash, clock_.now());
}

std::optional<Caller> Sessions::authenticate(const std::string& token) {
    auto now = clock_.now();
    store::SessionRepository sessions(db_);
    std::string hash = hashToken(token);
    auto session = sessions.findActive(hash, now);
    if (!session) return std::nullopt;
    auto user = store::UserRepository(db_).findById(session->userId);
    if (!user) return std::nullopt;
    if (now - session->lastSeenAt >= kTouchEvery) sessions.touch(hash, now);
    Caller caller;
    caller.user = std::move(*user);
    caller.tokenHash = hash;
    caller.csrfToken = session->csrfToken;
    caller.expiresAt = session->expiresAt;
    return caller;
}

int Sessions::purgeExpired() { return store::SessionRepository(db_).purgeExpired(clock_.now()); }

}  // namespace grantflow::server
