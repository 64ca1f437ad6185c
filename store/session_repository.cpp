#include "store/session_repository.hpp"

#include "store/sql_util.hpp"
#include "store/user_rows.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

engine::Status SessionRepository::create(const std::string& tokenHash, std::int64_t userId,
                                         const std::string& csrfToken, engine::Timestamp now,
                                         engine::Timestamp expiresAt) {
    std::vector<engine::Reason> reasons;
    if (tokenHash.empty()) reasons.push_back({"token_hash", "is required", ""});
    if (csrfToken.empty()) reasons.push_back({"csrf_token", "is required", ""});
    if (expiresAt <= now) reasons.push_back({"expires_at", "must be after now", ""});
    if (!reasons.empty()) return makeError(ErrorCode::Invalid, "invalid session", reasons);
    try {
        return db_.write([&](soci::session& sql) -> engine::Status {
            long long user = userId;
            int exists = 0;
            sql << "SELECT COUNT(*) FROM users WHERE id = :id", soci::use(user), soci::into(exists);
            if (exists == 0) return makeError(ErrorCode::NotFound, "no such user");
            std::string created = engine::formatTimestamp(now), seen = created;
            std::string expires = engine::formatTimestamp(expiresAt);
            sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                   "expires_at, last_seen_at) VALUES (:t, :u, :c, :created, :expires, :seen)",
                soci::use(tokenHash), soci::use(user), soci::use(csrfToken), soci::use(created),
                soci::use(expires), soci::use(seen);
            return engine::Unit{};
        });
    } catch (const soci::soci_error& e) {
        if (!isUniqueViolation(e)) throw;
        return makeError(ErrorCode::Conflict, "a session with this token exists already");
    }
}

namespace {

// Run on every authenticated request: the session, its account and the
// account's programmes in one statement (a row per programme, or one with a
// NULL programme), kept prepared per pooled session.
struct FindActiveSession : CachedStatement {
    static constexpr const char* kSql =
        "SELECT s.token_hash, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at, "
        "u.id, u.email, u.name, u.password_hash, u.role, u.organization_id, u.created_at, "
        "u.active, u.email_verified_at, p.programme FROM sessions s "
        "JOIN users u ON u.id = s.user_id "
        "LEFT JOIN user_programmes p ON p.user_id = u.id "
        "WHERE s.token_hash = :t AND s.revoked_at IS NULL AND s.expires_at > :now "
        "ORDER BY p.programme";
    std::string tokenHash, now;
    std::string foundHash, csrfToken, created, expires, seen;
    UserRow user;
    std::string programme;
    soci::indicator programmeInd = soci::i_null;
    soci::statement st;
    explicit FindActiveSession(soci::session& sql) : st(sql) {
        exchangeInto(st, foundHash, csrfToken, created, expires, seen);
        user.bind(st);
        st.exchange(soci::into(programme, programmeInd));
        st.exchange(soci::use(tokenHash));
        st.exchange(soci::use(now));
        st.alloc();
        st.prepare(kSql);
        st.define_and_bind();
    }
};

}  // namespace

std::optional<engine::ActiveSession> SessionRepository::findActive(const std::string& tokenHash,
                                                                   engine::Timestamp now) {
    auto s = db_.session();
    auto q = s.prepared<FindActiveSession>();
    q->tokenHash = tokenHash;
    q->now = engine::formatTimestamp(now);
    if (!q->st.execute(true)) return std::nullopt;
    engine::ActiveSession out;
    out.session.tokenHash = q->foundHash;
    out.session.userId = q->user.id;
    out.session.csrfToken = q->csrfToken;
    out.session.createdAt = timestampFromDb(q->created, "sessions.created_at");
    out.session.expiresAt = timestampFromDb(q->expires, "sessions.expires_at");
    out.session.lastSeenAt = timestampFromDb(q->seen, "sessions.last_seen_at");
    out.account = q->user.toUser();
    do {
        if (q->programmeInd == soci::i_ok) out.account.programmes.push_back(q->programme);
    } while (q->st.fetch());
    return out;
}

void SessionRepository::touch(const std::string& tokenHash, engine::Timestamp now) {
    std::string nowText = engine::formatTimestamp(now);
    (void)db_.write([&](soci::session& sql) -> engine::Status {
        sql << "UPDATE sessions SET last_seen_at = :now WHERE token_hash = :t "
               "AND revoked_at IS NULL AND expires_at > :now2 AND last_seen_at < :now3",
            soci::use(nowText), soci::use(tokenHash), soci::use(nowText), soci::use(nowText);
        return engine::Unit{};
    });
}

void SessionRepository::revoke(const std::string& tokenHash, engine::Timestamp now) {
    std::string nowText = engine::formatTimestamp(now);
    (void)db_.write([&](soci::session& sql) -> engine::Status {
        long long userId = 0;
        sql << "UPDATE sessions SET revoked_at = :now WHERE token_hash = :t "
               "AND revoked_at IS NULL RETURNING user_id",
            soci::use(nowText), soci::use(tokenHash), soci::into(userId);
        if (!sql.got_data()) return engine::Unit{};  // unknown, or ended already
        // A sign-out is on the trail; revocations by a password change or a
        // deactivation are in that change's own entry. An account that is
        // gone (NotFound) still has its session ended.
        (void)auditOwnAccount(sql, db_, userId, "signed_out", now);
        return engine::Unit{};
    });
}

int SessionRepository::revokeAllForUser(std::int64_t userId, engine::Timestamp now) {
    std::string nowText = engine::formatTimestamp(now);
    long long user = userId;
    auto n = db_.write([&](soci::session& sql) -> engine::Result<int> {
        soci::statement st = (sql.prepare << "UPDATE sessions SET revoked_at = :now "
                                             "WHERE user_id = :u AND revoked_at IS NULL "
                                             "AND expires_at > :now2",
                              soci::use(nowText), soci::use(user), soci::use(nowText));
        st.execute(true);
        return int(st.get_affected_rows());
    });
    return n.value();
}

int SessionRepository::revokeOthersOfUser(std::int64_t userId, const std::string& keptTokenHash,
                                          engine::Timestamp now) {
    std::string nowText = engine::formatTimestamp(now);
    long long user = userId;
    auto n = db_.write([&](soci::session& sql) -> engine::Result<int> {
        soci::statement st =
            (sql.prepare << "UPDATE sessions SET revoked_at = :now "
                            "WHERE user_id = :u AND revoked_at IS NULL "
                            "AND expires_at > :now2 AND token_hash <> :kept",
             soci::use(nowText), soci::use(user), soci::use(nowText), soci::use(keptTokenHash));
        st.execute(true);
        return int(st.get_affected_rows());
    });
    return n.value();
}

int SessionRepository::purgeExpired(engine::Timestamp now) {
    std::string nowText = engine::formatTimestamp(now);
    auto n = db_.write([&](soci::session& sql) -> engine::Result<int> {
        soci::statement st = (sql.prepare << "DELETE FROM sessions WHERE expires_at <= :now "
                                             "OR revoked_at IS NOT NULL",
                              soci::use(nowText));
        st.execute(true);
        return int(st.get_affected_rows());
    });
    return n.value();
}

}  // namespace grantflow::store
