#pragma once
// Rate limiting of sign-ins, per account and per client address, counted in
// the database (LoginAttemptRepository) so that every server process sharing
// it enforces the same limits. With the defaults: after 5 failures for one
// e-mail, or 20 from one address, within 15 minutes, further attempts are
// refused (429 with Retry-After) without checking the password, and are not
// recorded (so waiting is enough to get in again). A successful sign-in
// restarts the count for the e-mail. Thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "engine/time.hpp"
#include "server/server_config.hpp"
#include "store/database.hpp"

namespace grantflow::server {

class LoginThrottle {
public:
    LoginThrottle(store::Database& db, const LoginPolicy& policy) : db_(db), policy_(policy) {}

    // How long to wait before trying again, or nullopt when an attempt may be made.
    std::optional<std::chrono::seconds> blocked(const std::string& email,
                                                const std::string& address, engine::Timestamp now);
    void record(const std::string& email, const std::string& address, bool success,
                engine::Timestamp now);

private:
    store::Database& db_;
    LoginPolicy policy_;
};

}  // namespace grantflow::server
