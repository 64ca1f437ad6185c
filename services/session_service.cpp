#include "services/session_service.hpp"

#include <stdexcept>

#include "security/digest.hpp"
#include "security/password.hpp"

namespace grantflow::services {

namespace {

// last_seen_at is written at most this often per session.
constexpr std::chrono::seconds kTouchEvery{60};

}  // namespace

SessionService::SessionService(engine::SessionStore& sessions, const engine::Clock& clock,
                               std::chrono::seconds lifetime, std::chrono::seconds idleTimeout,
                               bool emailVerification)
    : sessions_(sessions),
      clock_(clock),
      lifetime_(lifetime),
      idleTimeout_(idleTimeout),
      emailVerification_(emailVerification) {}

std::string SessionService::hashToken(const std::string& token) {
    return security::sha256Hex(token);
}

OpenedSession SessionService::open(std::int64_t userId) {
    const auto now = clock_.now();
    OpenedSession s;
    s.token = security::randomHex(32);
    s.tokenHash = hashToken(s.token);
    s.csrfToken = security::randomHex(32);
    s.expiresAt = now + lifetime_;
    auto created = sessions_.create(s.tokenHash, userId, s.csrfToken, now, s.expiresAt);
    if (!created)
        throw std::runtime_error("could not store the session: " + created.error().message);
    return s;
}

void SessionService::close(const std::string& tokenHash) {
    sessions_.revoke(tokenHash, clock_.now());
}

std::optional<Authenticated> SessionService::authenticate(const std::string& token) {
    const auto now = clock_.now();
    const std::string hash = hashToken(token);
    auto found = sessions_.findActive(hash, now);
    if (!found) return std::nullopt;
    const engine::StoredSession& session = found->session;
    if (now - session.lastSeenAt >= idleTimeout_ + kTouchEvery) {
        sessions_.revoke(hash, now);  // idle too long; purgeExpired() removes it
        return std::nullopt;
    }
    if (!found->account.active) return std::nullopt;
    if (now - session.lastSeenAt >= kTouchEvery) sessions_.touch(hash, now);
    return Authenticated{asAuthenticated(std::move(found->account)), std::move(found->session)};
}

engine::User SessionService::asAuthenticated(engine::User user) const {
    if (!emailVerification_ && !user.emailVerifiedAt) user.emailVerifiedAt = user.createdAt;
    return user;
}

int SessionService::closeOthers(std::int64_t userId, const std::string& keptTokenHash) {
    return sessions_.revokeOthersOfUser(userId, keptTokenHash, clock_.now());
}

int SessionService::closeAll(std::int64_t userId) {
    return sessions_.revokeAllForUser(userId, clock_.now());
}

int SessionService::purgeExpired() { return sessions_.purgeExpired(clock_.now()); }

}  // namespace grantflow::services
