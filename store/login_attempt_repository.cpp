#include "store/login_attempt_repository.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "engine/user_store.hpp"
#include "store/audit_chain.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

void LoginAttemptRepository::record(const std::string& email, const std::string& address,
                                    bool success, engine::Timestamp at) {
    std::string key = engine::normaliseEmail(email);
    std::string atText = engine::formatTimestamp(at);
    int ok = success ? 1 : 0;
    (void)db_.write([&](soci::session& sql) -> engine::Status {
        sql << "INSERT INTO login_attempts (email, address, success, at) "
               "VALUES (:e, :a, :s, :at)",
            soci::use(key), soci::use(address), soci::use(ok), soci::use(atText);
        return engine::Unit{};
    });
}

namespace {

// A 63-bit FNV-1a hash of a lock's name, the key of a PostgreSQL advisory
// lock. A collision only makes two keys wait for each other.
long long advisoryKey(const std::string& name) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : "login_attempts:" + name) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return static_cast<long long>(h >> 1);
}

int failuresSince(soci::session& sql, const char* column, const std::string& value,
                  const std::string& since) {
    int n = 0;
    // `column` is one of two constants, never input.
    sql << std::string("SELECT COUNT(*) FROM login_attempts WHERE ") + column +
               " = :v AND at >= :since AND success = 0",
        soci::use(value), soci::use(since), soci::into(n);
    return n;
}

// Sign-ins count under the bare e-mail; link requests and registrations
// under a key of their own ("password_reset:…", "register:…"), which the
// audit trail leaves to their own entries.
bool isSignIn(const std::string& key) { return key.find(':') == std::string::npos; }

// The audit entry of a sign-in attempt (`sign_in_attempt` when admitted,
// `signed_in` once the password matched), with the account as actor when
// the e-mail names one.
void auditSignIn(soci::session& sql, Database& db, const std::string& action, long long attempt,
                 const std::string& email, const std::string& address, const std::string& at) {
    engine::AuditEntry entry;
    long long userId = 0;
    std::string role;
    soci::indicator userInd = soci::i_null;
    sql << "SELECT id, role FROM users WHERE email = :e", soci::use(email),
        soci::into(userId, userInd), soci::into(role);
    entry.actorId = userInd == soci::i_ok ? userId : 0;
    entry.actorRole = userInd == soci::i_ok ? role : "anonymous";
    entry.action = action;
    entry.at = timestampFromDb(at, "login_attempts.at");
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("attempt_id", attempt);
    details.set("email", email);
    details.set("address", address);
    std::ostringstream text;
    details.stringify(text);
    entry.details = text.str();
    appendAudit(sql, db, entry);
}

}  // namespace

std::optional<std::int64_t> LoginAttemptRepository::reserve(const std::string& email,
                                                            const std::string& address,
                                                            const engine::AttemptLimits& limits,
                                                            engine::Timestamp at) {
    const std::string key = engine::normaliseEmail(email);
    const std::string sinceText = engine::formatTimestamp(limits.since);
    const std::string atText = engine::formatTimestamp(at);
    auto reserved =
        db_.write([&](soci::session& sql) -> engine::Result<std::optional<std::int64_t>> {
            if (db_.backend() == Backend::Postgres) {
                long long emailLock = advisoryKey("email:" + key);
                long long addressLock = advisoryKey("address:" + address);
                sql << "SELECT pg_advisory_xact_lock(:k)", soci::use(emailLock);
                sql << "SELECT pg_advisory_xact_lock(:k)", soci::use(addressLock);
            }
            std::string lastSuccess;
            soci::indicator ind = soci::i_null;
            sql << "SELECT MAX(at) FROM login_attempts WHERE email = :e AND success = 1",
                soci::use(key), soci::into(lastSuccess, ind);
            // Timestamps are stored as fixed-width UTC text, so they compare as text.
            const std::string emailSince =
                ind == soci::i_ok && lastSuccess > sinceText ? lastSuccess : sinceText;
            if (failuresSince(sql, "email", key, emailSince) >= limits.maxFailuresPerEmail ||
                failuresSince(sql, "address", address, sinceText) >= limits.maxFailuresPerAddress)
                return std::optional<std::int64_t>{};
            long long id = 0;
            sql << "INSERT INTO login_attempts (email, address, success, at) "
                   "VALUES (:e, :a, 0, :at) RETURNING id",
                soci::use(key), soci::use(address), soci::use(atText), soci::into(id);
            if (isSignIn(key)) auditSignIn(sql, db_, "sign_in_attempt", id, key, address, atText);
            return std::optional<std::int64_t>{id};
        });
    return reserved.value();
}

void LoginAttemptRepository::markSucceeded(std::int64_t attempt) {
    long long id = attempt;
    (void)db_.write([&](soci::session& sql) -> engine::Status {
        sql << "UPDATE login_attempts SET success = 1 WHERE id = :id", soci::use(id);
        std::string email, address, at;
        sql << "SELECT email, address, at FROM login_attempts WHERE id = :id", soci::use(id),
            soci::into(email), soci::into(address), soci::into(at);
        if (sql.got_data() && isSignIn(email))
            auditSignIn(sql, db_, "signed_in", id, email, address, at);
        return engine::Unit{};
    });
}

int LoginAttemptRepository::countFailures(const char* column, const std::string& value,
                                          engine::Timestamp since) {
    auto s = db_.session();
    return failuresSince(*s, column, value, engine::formatTimestamp(since));
}

int LoginAttemptRepository::failuresForEmail(const std::string& email, engine::Timestamp since) {
    return countFailures("email", engine::normaliseEmail(email), since);
}

int LoginAttemptRepository::failuresForAddress(const std::string& address,
                                               engine::Timestamp since) {
    return countFailures("address", address, since);
}

std::optional<engine::Timestamp> LoginAttemptRepository::lastSuccessForEmail(
    const std::string& email) {
    auto s = db_.session();
    std::string key = engine::normaliseEmail(email);
    std::string last;
    soci::indicator ind = soci::i_null;
    *s << "SELECT MAX(at) FROM login_attempts WHERE email = :e AND success = 1", soci::use(key),
        soci::into(last, ind);
    return optionalTimestampFromDb(last, ind, "login_attempts.at");
}

int LoginAttemptRepository::purgeBefore(engine::Timestamp before) {
    std::string beforeText = engine::formatTimestamp(before);
    auto n = db_.write([&](soci::session& sql) -> engine::Result<int> {
        soci::statement st =
            (sql.prepare << "DELETE FROM login_attempts WHERE at < :b", soci::use(beforeText));
        st.execute(true);
        return int(st.get_affected_rows());
    });
    return n.value();
}

}  // namespace grantflow::store
