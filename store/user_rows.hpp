#pragma once
// The statements on accounts shared by the repositories that write them
// (store::UserRepository, store::StaffRepository); internal to store/.

#include <soci/soci.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/result.hpp"
#include "engine/user_store.hpp"
#include "store/database.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

// An account's columns bound to a statement, in this order: id, email,
// name, password_hash, role, organization_id, created_at, active,
// email_verified_at; and the engine::User they make.
struct UserRow {
    long long id = 0;
    std::string email, name, passwordHash, role, createdAt, verifiedAt;
    long long organizationId = 0;
    soci::indicator organizationInd = soci::i_null;
    int active = 1;
    soci::indicator verifiedInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, email, name, passwordHash, role,
                     nullable(organizationId, organizationInd), createdAt, active,
                     nullable(verifiedAt, verifiedInd));
    }
    engine::User toUser() const {
        engine::User u;
        u.id = id;
        u.email = email;
        u.name = name;
        u.passwordHash = passwordHash;
        auto r = engine::parseRole(role);
        if (!r) throw std::runtime_error("unknown role in users.role: \"" + role + "\"");
        u.role = *r;
        if (organizationInd == soci::i_ok) u.organizationId = organizationId;
        u.createdAt = timestampFromDb(createdAt, "users.created_at");
        u.active = active != 0;
        if (verifiedInd == soci::i_ok)
            u.emailVerifiedAt = timestampFromDb(verifiedAt, "users.email_verified_at");
        return u;
    }
};

// The accounts matching `where` (e.g. "WHERE id = :id"), ordered by id, with
// their programmes. `where` takes the id parameter first (when given), then
// the texts in order.
std::vector<engine::User> selectUsers(soci::session& sql, const std::string& where,
                                      long long* idParam, std::vector<std::string> textParams);
// Replaces a user's programme assignments (distinct, sorted).
void writeProgrammes(soci::session& sql, long long userId,
                     const std::vector<std::string>& programmes);
// Invalid, with a reason per field, for an account that cannot be stored.
// `email` is the normalised address.
engine::Status validateNewUser(const engine::NewUser& user, const std::string& email);
// Inserts inside the caller's transaction; Conflict when the e-mail is taken.
engine::Result<engine::User> insertUser(soci::session& sql, const engine::NewUser& user,
                                        const std::string& email, engine::Timestamp now);

// Appends an audit entry about account `id` with the account itself as its
// actor (a registration, a sign-out, a confirmed address): `{"user_id": id}`
// and `more` as details. NotFound when there is no such account.
engine::Status auditOwnAccount(
    soci::session& sql, Database& db, long long id, const std::string& action,
    engine::Timestamp now,
    std::initializer_list<std::pair<std::string_view, std::int64_t>> more = {});

// A concurrent insert of the same e-mail can pass insertUser's check on
// PostgreSQL and then hit the unique index: that is a Conflict too.
template <class Fn>
auto conflictOnDuplicate(Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const soci::soci_error& e) {
        if (!isUniqueViolation(e)) throw;
        return engine::makeError(engine::ErrorCode::Conflict,
                                 "an account with this e-mail already exists");
    }
}

}  // namespace grantflow::store
