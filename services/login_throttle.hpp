#pragma once
// Rate limiting of sign-ins, per account and per client address, counted
// through the login-attempt port (in the database) so that every server
// process sharing it enforces the same limits. With the defaults: after 5
// failures for one e-mail, or 20 from one address, within 15 minutes,
// further attempts are refused without checking the password, and are not
// recorded (so waiting is enough to get in again). A successful sign-in
// restarts the count for the e-mail.
//
// Thread-safe: the policy is read-only, the port thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "engine/login_attempt_store.hpp"
#include "engine/time.hpp"

namespace grantflow::services {

struct LoginPolicy {
    int maxFailuresPerEmail = 5;
    int maxFailuresPerAddress = 20;
    std::chrono::seconds window = std::chrono::minutes(15);
};

class LoginThrottle {
public:
    LoginThrottle(engine::LoginAttemptStore& attempts, const LoginPolicy& policy)
        : attempts_(attempts), policy_(policy) {}

    // How long to wait before trying again, or nullopt when an attempt may
    // be made. `email` is normalised by the port.
    std::optional<std::chrono::seconds> blocked(const std::string& email,
                                                const std::string& address, engine::Timestamp now);
    void record(const std::string& email, const std::string& address, bool success,
                engine::Timestamp now);

private:
    engine::LoginAttemptStore& attempts_;
    LoginPolicy policy_;
};

}  // namespace grantflow::services
