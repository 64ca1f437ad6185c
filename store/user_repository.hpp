#pragma once
// engine::UserStore over SOCI: e-mails stored normalised and unique, only
// password hashes, a reviewer's programmes in their own table.
// Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include "engine/user_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class UserRepository final : public engine::UserStore {
public:
    explicit UserRepository(Database& db) : db_(db) {}

    // Conflict when the e-mail is taken; Invalid when e-mail or password
    // hash is empty, the role is `system`, or the organisation does not exist.
    engine::Result<engine::User> create(const engine::NewUser& user,
                                        engine::Timestamp now) override;
    // An organisation and its first account in one transaction (nothing is
    // created when the e-mail is taken). The user's organizationId is set.
    engine::Result<engine::Registration> registerOrganisation(
        const engine::Organisation& organisation, const engine::NewUser& user,
        engine::Timestamp now) override;

    std::optional<engine::User> findByEmail(const std::string& email) override;
    std::optional<engine::User> findById(std::int64_t id) override;
    // Ordered by id.
    std::vector<engine::User> list() override;
    // The accounts of an organisation, ordered by id.
    std::vector<engine::User> listByOrganisation(std::int64_t organizationId) override;
    // Reviewers assigned to `programme`, ordered by id.
    std::vector<engine::User> listReviewersOf(const std::string& programme) override;
    // Every account with `role`, ordered by id.
    std::vector<engine::User> listByRole(engine::Role role) override;

    // Replaces the reviewer's programme assignments. NotFound for no such user.
    engine::Status setProgrammes(std::int64_t userId,
                                 const std::vector<std::string>& programmes) override;
    // For re-hashing on login. NotFound for no such user.
    engine::Status setPasswordHash(std::int64_t userId, const std::string& passwordHash) override;
    // The hash replaced and the audit entry appended in one transaction.
    engine::Status changePassword(std::int64_t userId, const std::string& passwordHash,
                                  const std::string& action, engine::Timestamp now) override;
    // Sets email_verified_at once (audit entry `email_verified`).
    engine::Status markEmailVerified(std::int64_t userId, engine::Timestamp now) override;

    // engine::normaliseEmail.
    static std::string normaliseEmail(const std::string& email) {
        return engine::normaliseEmail(email);
    }

private:
    Database& db_;
};

}  // namespace grantflow::store
