#pragma once
// Rate limiting of sign-ins, per account and per client address, counted
// through the login-attempt port (in the database) so that every server
// process sharing it enforces the same limits. With the defaults: after 5
// failures for one e-mail, or 20 from one address, within 15 minutes,
// further attempts are refused without checking the password, and are not
// recorded (so waiting is enough to get in again). A successful sign-in
// restarts the count for the e-mail.
//
// An attempt is admitted and recorded as a failure in one atomic step
// before the password is checked, and marked a success afterwards: fifty
// parallel guesses get five checks, not fifty (the count can no longer be
// read by all of them before any is written).
//
// Thread-safe: the policy is read-only, the port thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "engine/login_attempt_store.hpp"
#include "engine/time.hpp"

namespace grantflow::services {

// The answer to an attempt over a limit: wait this long (429 Retry-After).
struct TooManyAttempts {
    std::chrono::seconds retryAfter{0};
};

struct LoginPolicy {
    int maxFailuresPerEmail = 5;
    int maxFailuresPerAddress = 20;
    std::chrono::seconds window = std::chrono::minutes(15);
};

class LoginThrottle {
public:
    LoginThrottle(engine::LoginAttemptStore& attempts, const LoginPolicy& policy)
        : attempts_(attempts), policy_(policy) {}

    // The admitted attempt's id, or nullopt when the caller must wait
    // retryAfter(). `email` is normalised by the port.
    std::optional<std::int64_t> admit(const std::string& email, const std::string& address,
                                      engine::Timestamp now);
    // Marks an admitted attempt a success, which restarts the e-mail's count.
    void succeeded(std::int64_t attempt) { attempts_.markSucceeded(attempt); }
    std::chrono::seconds retryAfter() const { return policy_.window; }

private:
    engine::LoginAttemptStore& attempts_;
    LoginPolicy policy_;
};

}  // namespace grantflow::services
