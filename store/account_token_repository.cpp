#include "store/account_token_repository.hpp"

#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

// Marks the user's unused tokens of `purpose` used; returns how many.
int retire(soci::session& sql, long long user, const std::string& purpose,
           const std::string& nowText) {
    soci::statement st = (sql.prepare << "UPDATE account_tokens SET used_at = :now "
                                         "WHERE user_id = :u AND purpose = :p AND used_at IS NULL",
                          soci::use(nowText), soci::use(user), soci::use(purpose));
    st.execute(true);
    return int(st.get_affected_rows());
}

}  // namespace

engine::Status AccountTokenRepository::issue(const std::string& tokenHash, std::int64_t userId,
                                             engine::TokenPurpose purpose, engine::Timestamp now,
                                             engine::Timestamp expiresAt) {
    std::vector<engine::Reason> reasons;
    if (tokenHash.empty()) reasons.push_back({"token_hash", "is required", ""});
    if (expiresAt <= now) reasons.push_back({"expires_at", "must be after now", ""});
    if (!reasons.empty()) return makeError(ErrorCode::Invalid, "invalid account token", reasons);
    try {
        return db_.write([&](soci::session& sql) -> engine::Status {
            long long user = userId;
            int exists = 0;
            sql << "SELECT COUNT(*) FROM users WHERE id = :id", soci::use(user), soci::into(exists);
            if (exists == 0) return makeError(ErrorCode::NotFound, "no such user");
            const std::string what = engine::toString(purpose);
            const std::string created = engine::formatTimestamp(now);
            const std::string expires = engine::formatTimestamp(expiresAt);
            retire(sql, user, what, created);
            sql << "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, "
                   "expires_at) VALUES (:t, :u, :p, :created, :expires)",
                soci::use(tokenHash), soci::use(user), soci::use(what), soci::use(created),
                soci::use(expires);
            return engine::Unit{};
        });
    } catch (const soci::soci_error& e) {
        if (!isUniqueViolation(e)) throw;
        return makeError(ErrorCode::Conflict, "an account token with this hash exists already");
    }
}

std::optional<engine::AccountToken> AccountTokenRepository::findUsable(const std::string& tokenHash,
                                                                       engine::TokenPurpose purpose,
                                                                       engine::Timestamp now) {
    auto s = db_.session();
    const std::string what = engine::toString(purpose);
    const std::string nowText = engine::formatTimestamp(now);
    long long user = 0;
    std::string created, expires;
    *s << "SELECT user_id, created_at, expires_at FROM account_tokens "
          "WHERE token_hash = :t AND purpose = :p AND used_at IS NULL AND expires_at > :now",
        soci::use(tokenHash), soci::use(what), soci::use(nowText), soci::into(user),
        soci::into(created), soci::into(expires);
    if (!s->got_data()) return std::nullopt;
    engine::AccountToken token;
    token.userId = user;
    token.purpose = purpose;
    token.createdAt = timestampFromDb(created, "account_tokens.created_at");
    token.expiresAt = timestampFromDb(expires, "account_tokens.expires_at");
    return token;
}

std::optional<std::int64_t> AccountTokenRepository::redeem(const std::string& tokenHash,
                                                           engine::TokenPurpose purpose,
                                                           engine::Timestamp now) {
    const std::string what = engine::toString(purpose);
    const std::string nowText = engine::formatTimestamp(now);
    auto user = db_.write([&](soci::session& sql) -> engine::Result<std::int64_t> {
        long long id = 0;
        sql << "SELECT user_id FROM account_tokens WHERE token_hash = :t AND purpose = :p "
               "AND used_at IS NULL AND expires_at > :now",
            soci::use(tokenHash), soci::use(what), soci::use(nowText), soci::into(id);
        if (!sql.got_data()) return makeError(ErrorCode::NotFound, "no usable token");
        // The condition again in the UPDATE: of two transactions that both
        // read the row unused, only the first to write it wins (PostgreSQL
        // re-checks the row after the first commits; SQLite serialises writers).
        soci::statement st = (sql.prepare << "UPDATE account_tokens SET used_at = :now "
                                             "WHERE token_hash = :t AND used_at IS NULL",
                              soci::use(nowText), soci::use(tokenHash));
        st.execute(true);
        if (st.get_affected_rows() != 1) return makeError(ErrorCode::Conflict, "used meanwhile");
        return std::int64_t(id);
    });
    if (!user) return std::nullopt;
    return user.value();
}

int AccountTokenRepository::revokeAll(std::int64_t userId, engine::TokenPurpose purpose,
                                      engine::Timestamp now) {
    const std::string what = engine::toString(purpose);
    const std::string nowText = engine::formatTimestamp(now);
    auto n = db_.write([&](soci::session& sql) -> engine::Result<int> {
        return retire(sql, userId, what, nowText);
    });
    return n.value();
}

int AccountTokenRepository::purgeExpired(engine::Timestamp now) {
    const std::string nowText = engine::formatTimestamp(now);
    auto n = db_.write([&](soci::session& sql) -> engine::Result<int> {
        soci::statement st = (sql.prepare << "DELETE FROM account_tokens WHERE expires_at <= :now "
                                             "OR used_at IS NOT NULL",
                              soci::use(nowText));
        st.execute(true);
        return int(st.get_affected_rows());
    });
    return n.value();
}

}  // namespace grantflow::store
