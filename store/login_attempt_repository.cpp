#include "store/login_attempt_repository.hpp"

#include "engine/user_store.hpp"
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

int LoginAttemptRepository::countFailures(const char* column, const std::string& value,
                                          engine::Timestamp since) {
    auto s = db_.session();
    std::string sinceText = engine::formatTimestamp(since);
    int n = 0;
    // `column` is one of two constants, never input.
    *s << std::string("SELECT COUNT(*) FROM login_attempts WHERE ") + column +
              " = :v AND at >= :since AND success = 0",
        soci::use(value), soci::use(sinceText), soci::into(n);
    return n;
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
