#include "services/login_throttle.hpp"

namespace grantflow::services {

std::optional<std::chrono::seconds> LoginThrottle::blocked(const std::string& email,
                                                           const std::string& address,
                                                           engine::Timestamp now) {
    engine::Timestamp since = now - policy_.window;
    if (auto success = attempts_.lastSuccessForEmail(email); success && *success > since)
        since = *success;
    if (attempts_.failuresForEmail(email, since) >= policy_.maxFailuresPerEmail)
        return policy_.window;
    if (attempts_.failuresForAddress(address, now - policy_.window) >=
        policy_.maxFailuresPerAddress)
        return policy_.window;
    return std::nullopt;
}

void LoginThrottle::record(const std::string& email, const std::string& address, bool success,
                           engine::Timestamp now) {
    attempts_.record(email, address, success, now);
}

}  // namespace grantflow::services
