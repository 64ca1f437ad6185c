#include "server/login_throttle.hpp"

#include "store/login_attempt_repository.hpp"

namespace grantflow::server {

std::optional<std::chrono::seconds> LoginThrottle::blocked(const std::string& email,
                                                           const std::string& address,
                                                           engine::Timestamp now) {
    store::LoginAttemptRepository attempts(db_);
    engine::Timestamp since = now - policy_.window;
    if (auto success = attempts.lastSuccessForEmail(email); success && *success > since)
        since = *success;
    if (attempts.failuresForEmail(email, since) >= policy_.maxFailuresPerEmail)
        return policy_.window;
    if (attempts.failuresForAddress(address, now - policy_.window) >= policy_.maxFailuresPerAddress)
        return policy_.window;
    return std::nullopt;
}

void LoginThrottle::record(const std::string& email, const std::string& address, bool success,
                           engine::Timestamp now) {
    store::LoginAttemptRepository(db_).record(email, address, success, now);
}

}  // namespace grantflow::server
