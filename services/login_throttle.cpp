#include "services/login_throttle.hpp"

namespace grantflow::services {

std::optional<std::int64_t> LoginThrottle::admit(const std::string& email,
                                                 const std::string& address,
                                                 engine::Timestamp now) {
    return attempts_.reserve(email, address,
                             {.since = now - policy_.window,
                              .maxFailuresPerEmail = policy_.maxFailuresPerEmail,
                              .maxFailuresPerAddress = policy_.maxFailuresPerAddress},
                             now);
}

}  // namespace grantflow::services
