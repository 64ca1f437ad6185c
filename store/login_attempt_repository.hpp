#pragma once
// Sign-in attempts (engine::LoginAttemptStore), for rate limiting per account (e-mail) and per
// client address. The repository only records and counts; the caller decides the windows and
// limits. A success does not erase earlier failures: the caller chooses `since` (e.g. the later of
// "15 minutes ago" and the last success, which lastSuccessForEmail gives).
//
// E-mails are normalised like engine::normaliseEmail, so
// "Alice@X.org " and "alice@x.org" count together. Addresses are stored as
// given (the caller normalises, e.g. an IPv6 /64 prefix).
//
// Thread-safe: each call leases its own session.

#include "engine/login_attempt_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class LoginAttemptRepository final : public engine::LoginAttemptStore {
public:
    explicit LoginAttemptRepository(Database& db) : db_(db) {}

    void record(const std::string& email, const std::string& address, bool success,
                engine::Timestamp at) override;
    // Failed attempts at or after `since`.
    int failuresForEmail(const std::string& email, engine::Timestamp since) override;
    int failuresForAddress(const std::string& address, engine::Timestamp since) override;
    // The time of the last successful sign-in of this e-mail, if any.
    std::optional<engine::Timestamp> lastSuccessForEmail(const std::string& email) override;
    // Housekeeping: deletes attempts before `before`; returns how many.
    int purgeBefore(engine::Timestamp before) override;

private:
    int countFailures(const char* column, const std::string& value, engine::Timestamp since);

    Database& db_;
};

}  // namespace grantflow::store
