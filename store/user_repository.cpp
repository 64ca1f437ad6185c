#include "store/user_repository.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "engine/json_writer.hpp"
#include "store/audit_chain.hpp"
#include "store/organisation_repository.hpp"
#include "store/sql_util.hpp"
#include "store/user_rows.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

// Run on every authenticated request: the account and its programmes in one
// statement (a row per programme, or one with a NULL programme), kept
// prepared per pooled session.
struct FindUserById : CachedStatement {
    static constexpr const char* kSql =
        "SELECT u.id, u.email, u.name, u.password_hash, u.role, u.organization_id, "
        "u.created_at, u.active, u.email_verified_at, p.programme FROM users u "
        "LEFT JOIN user_programmes p ON p.user_id = u.id WHERE u.id = :id ORDER BY p.programme";
    long long key = 0;
    UserRow row;
    std::string programme;
    soci::indicator programmeInd = soci::i_null;
    soci::statement st;
    explicit FindUserById(soci::session& sql) : st(sql) {
        row.bind(st);
        st.exchange(soci::into(programme, programmeInd));
        st.exchange(soci::use(key));
        st.alloc();
        st.prepare(kSql);
        st.define_and_bind();
    }
};

}  // namespace

std::vector<engine::User> selectUsers(soci::session& sql, const std::string& where,
                                      long long* idParam, std::vector<std::string> textParams) {
    UserRow row;
    soci::statement st(sql);
    row.bind(st);
    if (idParam) st.exchange(soci::use(*idParam));
    for (auto& text : textParams) st.exchange(soci::use(text));
    st.alloc();
    st.prepare(
        "SELECT id, email, name, password_hash, role, organization_id, created_at, active, "
        "email_verified_at FROM users " +
        where + " ORDER BY id");
    st.define_and_bind();
    st.execute();
    std::vector<engine::User> users;
    std::map<long long, std::size_t> index;
    while (st.fetch()) {
        index[row.id] = users.size();
        users.push_back(row.toUser());
    }
    if (users.empty()) return users;

    // Programme assignments: one query for all the users found.
    long long userId = 0;
    std::string programme;
    soci::statement assigned(sql);
    assigned.exchange(soci::into(userId));
    assigned.exchange(soci::into(programme));
    std::vector<long long> ids;
    for (const auto& u : users) ids.push_back(u.id);
    if (ids.size() <= 500)
        for (auto& id : ids) assigned.exchange(soci::use(id));
    assigned.alloc();
    assigned.prepare(ids.size() <= 500
                         ? "SELECT user_id, programme FROM user_programmes WHERE user_id IN (" +
                               placeholders("u", ids.size()) + ") ORDER BY user_id, programme"
                         : std::string("SELECT user_id, programme FROM user_programmes "
                                       "ORDER BY user_id, programme"));
    assigned.define_and_bind();
    assigned.execute();
    while (assigned.fetch()) {
        auto it = index.find(userId);
        if (it != index.end()) users[it->second].programmes.push_back(programme);
    }
    return users;
}

namespace {

std::vector<std::string> distinctSorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

}  // namespace

void writeProgrammes(soci::session& sql, long long userId,
                     const std::vector<std::string>& programmes) {
    sql << "DELETE FROM user_programmes WHERE user_id = :u", soci::use(userId);
    for (const std::string& p : distinctSorted(programmes))
        sql << "INSERT INTO user_programmes (user_id, programme) VALUES (:u, :p)",
            soci::use(userId), soci::use(p);
}

engine::Status validateNewUser(const engine::NewUser& u, const std::string& email) {
    std::vector<engine::Reason> reasons;
    if (email.empty() || email.find('@') == std::string::npos)
        reasons.push_back({"email", "is not an e-mail address", ""});
    if (u.passwordHash.empty()) reasons.push_back({"password", "is required", ""});
    if (u.role == engine::Role::System)
        reasons.push_back({"role", "system is not an account role", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the account has invalid values", reasons);
    return engine::Unit{};
}

engine::Result<engine::User> insertUser(soci::session& sql, const engine::NewUser& u,
                                        const std::string& email, engine::Timestamp now) {
    int taken = 0;
    sql << "SELECT COUNT(*) FROM users WHERE email = :e", soci::use(email), soci::into(taken);
    if (taken > 0)
        return makeError(ErrorCode::Conflict, "an account with this e-mail already exists");
    long long organizationId = u.organizationId.value_or(0);
    soci::indicator organizationInd = u.organizationId ? soci::i_ok : soci::i_null;
    if (u.organizationId) {
        int exists = 0;
        sql << "SELECT COUNT(*) FROM organisations WHERE id = :id", soci::use(organizationId),
            soci::into(exists);
        if (exists == 0)
            return makeError(ErrorCode::Invalid, "no such organisation",
                             {{"organization_id", "does not exist", ""}});
    }
    std::string role = engine::toString(u.role);
    std::string createdAt = engine::formatTimestamp(now);
    std::string verifiedAt = createdAt;
    soci::indicator verifiedInd = u.emailVerified ? soci::i_ok : soci::i_null;
    long long id = 0;
    sql << "INSERT INTO users (email, name, password_hash, role, organization_id, created_at, "
           "email_verified_at) VALUES (:e, :n, :h, :r, :o, :c, :v) RETURNING id",
        soci::use(email), soci::use(u.name), soci::use(u.passwordHash), soci::use(role),
        soci::use(organizationId, organizationInd), soci::use(createdAt),
        soci::use(verifiedAt, verifiedInd), soci::into(id);
    writeProgrammes(sql, id, u.programmes);
    engine::User user;
    user.id = id;
    user.email = email;
    user.name = u.name;
    user.passwordHash = u.passwordHash;
    user.role = u.role;
    user.organizationId = u.organizationId;
    user.programmes = distinctSorted(u.programmes);
    user.createdAt = now;
    if (u.emailVerified) user.emailVerifiedAt = now;
    return user;
}

engine::Status auditOwnAccount(
    soci::session& sql, Database& db, long long id, const std::string& action,
    engine::Timestamp now, std::initializer_list<std::pair<std::string_view, std::int64_t>> more) {
    std::string role;
    soci::indicator roleInd = soci::i_null;
    sql << "SELECT role FROM users WHERE id = :id", soci::use(id), soci::into(role, roleInd);
    if (roleInd != soci::i_ok) return makeError(ErrorCode::NotFound, "no such user");
    engine::AuditEntry entry;
    entry.actorId = id;
    entry.actorRole = role;
    entry.action = action;
    entry.at = now;
    engine::JsonWriter details;
    details.beginObject().integer("user_id", id);
    for (const auto& [key, value] : more) details.integer(key, value);
    entry.details = details.endObject().take();
    appendAudit(sql, db, entry);
    return engine::Unit{};
}

engine::Result<engine::User> UserRepository::create(const engine::NewUser& u,
                                                    engine::Timestamp now) {
    const std::string email = normaliseEmail(u.email);
    if (auto valid = validateNewUser(u, email); !valid) return valid.error();
    return conflictOnDuplicate([&] {
        return db_.write([&](soci::session& sql) { return insertUser(sql, u, email, now); });
    });
}

engine::Result<engine::Registration> UserRepository::registerOrganisation(
    const engine::Organisation& organisation, const engine::NewUser& u, engine::Timestamp now) {
    const std::string email = normaliseEmail(u.email);
    if (auto valid = validateNewUser(u, email); !valid) return valid.error();
    if (organisation.name.empty())
        return makeError(ErrorCode::Invalid, "an organisation needs a name",
                         {{"name", "is required", ""}});
    return conflictOnDuplicate([&] {
        return db_.write([&](soci::session& sql) -> engine::Result<engine::Registration> {
            engine::Organisation org = insertOrganisation(sql, organisation);
            engine::NewUser withOrg = u;
            withOrg.organizationId = org.id;
            auto user = insertUser(sql, withOrg, email, now);
            if (!user) return user.error();
            if (auto audited = auditOwnAccount(sql, db_, user.value().id, "organisation_registered",
                                               now, {{"organisation_id", org.id}});
                !audited)
                return audited.error();
            return engine::Registration{std::move(org), std::move(user).value()};
        });
    });
}

std::optional<engine::User> UserRepository::findByEmail(const std::string& email) {
    std::string key = normaliseEmail(email);
    auto s = db_.session();
    auto found = selectUsers(*s, "WHERE email = :e", nullptr, {key});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<engine::User> UserRepository::findById(std::int64_t id) {
    auto s = db_.session();
    auto q = s.prepared<FindUserById>();
    q->key = id;
    if (!q->st.execute(true)) return std::nullopt;
    engine::User user = q->row.toUser();
    do {
        if (q->programmeInd == soci::i_ok) user.programmes.push_back(q->programme);
    } while (q->st.fetch());
    return user;
}

std::vector<engine::User> UserRepository::list() {
    auto s = db_.session();
    return selectUsers(*s, "", nullptr, {});
}

std::vector<engine::User> UserRepository::listByOrganisation(std::int64_t organizationId) {
    long long key = organizationId;
    auto s = db_.session();
    return selectUsers(*s, "WHERE organization_id = :o", &key, {});
}

std::vector<engine::User> UserRepository::listReviewersOf(const std::string& programme) {
    auto s = db_.session();
    return selectUsers(*s,
                       "WHERE role = :r AND id IN "
                       "(SELECT user_id FROM user_programmes WHERE programme = :p)",
                       nullptr, {engine::toString(engine::Role::Reviewer), programme});
}

std::vector<engine::User> UserRepository::listByRole(engine::Role role) {
    auto s = db_.session();
    return selectUsers(*s, "WHERE role = :r", nullptr, {engine::toString(role)});
}

engine::Status UserRepository::setProgrammes(std::int64_t userId,
                                             const std::vector<std::string>& programmes) {
    return db_.write([&](soci::session& sql) -> engine::Status {
        long long id = userId;
        int exists = 0;
        sql << "SELECT COUNT(*) FROM users WHERE id = :id", soci::use(id), soci::into(exists);
        if (exists == 0) return makeError(ErrorCode::NotFound, "no such user");
        writeProgrammes(sql, id, programmes);
        return engine::Unit{};
    });
}

engine::Status UserRepository::setPasswordHash(std::int64_t userId,
                                               const std::string& passwordHash) {
    if (passwordHash.empty()) return makeError(ErrorCode::Invalid, "empty password hash");
    return db_.write([&](soci::session& sql) -> engine::Status {
        long long id = userId;
        soci::statement st = (sql.prepare << "UPDATE users SET password_hash = :h WHERE id = :id",
                              soci::use(passwordHash), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() == 0) return makeError(ErrorCode::NotFound, "no such user");
        return engine::Unit{};
    });
}

engine::Status UserRepository::changePassword(std::int64_t userId, const std::string& passwordHash,
                                              const std::string& action, engine::Timestamp now) {
    if (passwordHash.empty()) return makeError(ErrorCode::Invalid, "empty password hash");
    return db_.write([&](soci::session& sql) -> engine::Status {
        long long id = userId;
        soci::statement st = (sql.prepare << "UPDATE users SET password_hash = :h WHERE id = :id",
                              soci::use(passwordHash), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() == 0) return makeError(ErrorCode::NotFound, "no such user");
        return auditOwnAccount(sql, db_, id, action, now);
    });
}

engine::Status UserRepository::markEmailVerified(std::int64_t userId, engine::Timestamp now) {
    return db_.write([&](soci::session& sql) -> engine::Status {
        long long id = userId;
        std::string at = engine::formatTimestamp(now);
        soci::statement st = (sql.prepare << "UPDATE users SET email_verified_at = :at "
                                             "WHERE id = :id AND email_verified_at IS NULL",
                              soci::use(at), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() == 0) {
            int exists = 0;
            sql << "SELECT COUNT(*) FROM users WHERE id = :id", soci::use(id), soci::into(exists);
            if (exists == 0) return makeError(ErrorCode::NotFound, "no such user");
            return engine::Unit{};  // confirmed already: nothing to audit
        }
        return auditOwnAccount(sql, db_, id, "email_verified", now);
    });
}

}  // namespace grantflow::store
