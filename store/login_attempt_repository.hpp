#pragma once
// engine::LoginAttemptStore over SOCI: records and counts, the caller
// decides windows and limits; e-mails normalised like engine::normaliseEmail.
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
