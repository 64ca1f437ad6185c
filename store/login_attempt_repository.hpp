#pragma once
// engine::LoginAttemptStore over SOCI: records and counts, the caller
// decides windows and limits; e-mails normalised like engine::normaliseEmail.
// reserve() is atomic across processes: SQLite's write transaction holds the
// database's write lock; on PostgreSQL it takes transaction-scoped advisory
// locks on the e-mail and then on the address (always in that order, so two
// reservations never wait for each other in a cycle).
// Thread-safe: each call leases its own session.

#include "engine/login_attempt_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class LoginAttemptRepository final : public engine::LoginAttemptStore {
public:
    explicit LoginAttemptRepository(Database& db) : db_(db) {}

    void record(const std::string& email, const std::string& address, bool success,
                engine::Timestamp at) override;
    std::optional<std::int64_t> reserve(const std::string& email, const std::string& address,
                                        const engine::AttemptLimits& limits,
                                        engine::Timestamp at) override;
    void markSucceeded(std::int64_t attempt) override;
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
