#include "store/staff_repository.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

#include "store/audit_chain.hpp"
#include "store/user_rows.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

Poco::JSON::Array::Ptr jsonList(const std::vector<std::string>& items) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& item : items) out->add(item);
    return out;
}

std::string text(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

void appendStaffAudit(soci::session& sql, Database& db, const std::string& action,
                      const engine::Actor& by, engine::Timestamp at,
                      const Poco::JSON::Object& details) {
    engine::AuditEntry entry;
    entry.actorId = by.userId;
    entry.actorRole = engine::toString(by.role);
    entry.action = action;
    entry.at = at;
    entry.details = text(details);
    appendAudit(sql, db, entry);
}

template <class T>
void noteChange(Poco::JSON::Object& changes, const std::string& field, const T& before,
                const T& after) {
    Poco::JSON::Object::Ptr pair = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    pair->set("old", before);
    pair->set("new", after);
    changes.set(field, pair);
}

bool isActiveAdmin(const engine::User& u) { return u.active && u.role == engine::Role::Admin; }

int activeAdmins(soci::session& sql) {
    int n = 0;
    std::string admin = engine::toString(engine::Role::Admin);
    sql << "SELECT COUNT(*) FROM users WHERE role = :r AND active = 1", soci::use(admin),
        soci::into(n);
    return n;
}

}  // namespace

engine::Result<engine::User> StaffRepository::createAccount(const engine::NewUser& u,
                                                            const engine::Actor& by,
                                                            engine::Timestamp at) {
    const std::string email = engine::normaliseEmail(u.email);
    if (auto valid = validateNewUser(u, email); !valid) return valid.error();
    return conflictOnDuplicate([&] {
        return db_.write([&](soci::session& sql) -> engine::Result<engine::User> {
            auto user = insertUser(sql, u, email, at);
            if (!user) return user;
            Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
            details.set("user_id", user.value().id);
            details.set("email", user.value().email);
            details.set("role", engine::toString(user.value().role));
            details.set("programmes", jsonList(user.value().programmes));
            if (user.value().organizationId)
                details.set("organization_id", *user.value().organizationId);
            appendStaffAudit(sql, db_, "user_created", by, at, details);
            return user;
        });
    });
}

engine::Result<engine::User> StaffRepository::changeStaff(std::int64_t userId,
                                                          const engine::StaffChange& change,
                                                          const engine::Actor& by,
                                                          engine::Timestamp at) {
    if (change.role == engine::Role::System)
        return makeError(ErrorCode::Invalid, "the account has invalid values",
                         {{"role", "system is not an account role", ""}});
    return db_.write([&](soci::session& sql) -> engine::Result<engine::User> {
        long long id = userId;
        if (change.role || change.active) {
            // Row locks on PostgreSQL (SQLite holds its write lock already):
            // a concurrent change of another admin waits, then counts anew.
            std::string admin = engine::toString(engine::Role::Admin);
            sql << "UPDATE users SET active = active WHERE role = :r AND active = 1",
                soci::use(admin);
        }
        auto found = selectUsers(sql, "WHERE id = :id", &id, {});
        if (found.empty()) return makeError(ErrorCode::NotFound, "no such user");
        const engine::User before = found.front();
        engine::User after = before;
        if (change.name) after.name = *change.name;
        if (change.role) after.role = *change.role;
        if (change.programmes) {
            after.programmes = *change.programmes;
            std::sort(after.programmes.begin(), after.programmes.end());
            after.programmes.erase(std::unique(after.programmes.begin(), after.programmes.end()),
                                   after.programmes.end());
        }
        if (change.active) after.active = *change.active;

        Poco::JSON::Object changes(Poco::JSON_PRESERVE_KEY_ORDER);
        if (after.name != before.name) noteChange(changes, "name", before.name, after.name);
        if (after.role != before.role)
            noteChange(changes, "role", std::string(engine::toString(before.role)),
                       std::string(engine::toString(after.role)));
        if (after.programmes != before.programmes)
            noteChange(changes, "programmes", jsonList(before.programmes),
                       jsonList(after.programmes));
        if (after.active != before.active)
            noteChange(changes, "active", before.active, after.active);
        if (changes.size() == 0) return before;

        std::string role = engine::toString(after.role);
        int active = after.active ? 1 : 0;
        sql << "UPDATE users SET name = :n, role = :r, active = :a WHERE id = :id",
            soci::use(after.name), soci::use(role), soci::use(active), soci::use(id);
        if (after.programmes != before.programmes) writeProgrammes(sql, id, after.programmes);
        if (isActiveAdmin(before) && !isActiveAdmin(after) && activeAdmins(sql) == 0)
            return makeError(ErrorCode::Conflict,
                             "this is the last active administrator account: it must stay");

        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("user_id", before.id);
        details.set("email", before.email);
        details.set("changes", changes);
        appendStaffAudit(sql, db_, "user_changed", by, at, details);
        return after;
    });
}

}  // namespace grantflow::store
