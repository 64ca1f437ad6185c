#pragma once
// The storage port of accounts: e-mail (unique, stored trimmed and
// lower-cased by normaliseEmail), name, password hash (computed by the
// caller; storage never sees a password), role, the organisation of an
// applicant, and the programmes a reviewer is assigned to. store/
// implements it (store::UserRepository). An account that is not `active`
// (deactivated by an administrator) cannot sign in and its sessions stop
// working. Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/organisation.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string name;
    std::string passwordHash;
    Role role = Role::Applicant;
    std::optional<std::int64_t> organizationId;
    std::vector<std::string> programmes;  // sorted
    Timestamp createdAt{};
    bool active = true;
    // When the account confirmed its e-mail address through a mailed link;
    // nullopt while it has not.
    std::optional<Timestamp> emailVerifiedAt;

    Actor actor() const {
        return Actor{id, role, organizationId, programmes, emailVerifiedAt.has_value()};
    }
};

struct NewUser {
    std::string email;
    std::string name;
    std::string passwordHash;
    Role role = Role::Applicant;
    std::optional<std::int64_t> organizationId;
    std::vector<std::string> programmes;
    // False for an account that must confirm its e-mail address (a
    // self-registered applicant); true marks it confirmed on creation.
    bool emailVerified = true;
};

struct Registration {
    Organisation organisation;
    User user;
};

// The e-mail as stored and compared: without surrounding white space, its
// ASCII letters lower-cased ("Alice@X.org " -> "alice@x.org").
std::string normaliseEmail(const std::string& email);

class UserStore {
public:
    virtual ~UserStore() = default;

    // Conflict when the e-mail is taken; Invalid when e-mail or password
    // hash is empty, the role is `system`, or the organisation does not exist.
    virtual Result<User> create(const NewUser& user, Timestamp now) = 0;
    // An organisation and its first account in one transaction (nothing is
    // created when the e-mail is taken: Conflict). The user's organizationId is set.
    virtual Result<Registration> registerOrganisation(const Organisation& organisation,
                                                      const NewUser& user, Timestamp now) = 0;

    // `email` is normalised first.
    virtual std::optional<User> findByEmail(const std::string& email) = 0;
    virtual std::optional<User> findById(std::int64_t id) = 0;
    // Ordered by id.
    virtual std::vector<User> list() = 0;
    // The accounts of an organisation, ordered by id.
    virtual std::vector<User> listByOrganisation(std::int64_t organizationId) = 0;
    // Reviewers assigned to `programme`, ordered by id.
    virtual std::vector<User> listReviewersOf(const std::string& programme) = 0;
    // Every account with `role`, ordered by id.
    virtual std::vector<User> listByRole(Role role) = 0;

    // Replaces the reviewer's programme assignments. NotFound for no such user.
    virtual Status setProgrammes(std::int64_t userId,
                                 const std::vector<std::string>& programmes) = 0;
    // For re-hashing on login. NotFound for no such user.
    virtual Status setPasswordHash(std::int64_t userId, const std::string& passwordHash) = 0;
    // A new password chosen by the account's owner (a change, a reset, an
    // accepted invitation): the hash replaced and the audit entry `action`
    // ("password_changed", "password_reset", ...) appended with the account
    // as actor, in one transaction. NotFound for no such user.
    virtual Status changePassword(std::int64_t userId, const std::string& passwordHash,
                                  const std::string& action, Timestamp now) = 0;
    // Records that the account confirmed its e-mail address (audit entry
    // `email_verified`); an account confirmed already keeps its first date.
    // NotFound for no such user.
    virtual Status markEmailVerified(std::int64_t userId, Timestamp now) = 0;
};

}  // namespace grantflow::engine
