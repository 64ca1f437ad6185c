#include "services/account_service.hpp"

#include "security/password.hpp"

namespace grantflow::services {

namespace {

// A hash to verify against when the e-mail is unknown, so that the answer
// takes as long as for a wrong password and does not reveal accounts.
const std::string& unknownAccountHash() {
    static const std::string hash = security::hashPassword("grantflow-no-such-account-Xy7!");
    return hash;
}

}  // namespace

AccountService::AccountService(engine::UserStore& users, engine::LoginAttemptStore& attempts,
                               SessionService& sessions, const engine::Clock& clock,
                               const AccountSettings& settings)
    : users_(users),
      attempts_(attempts),
      sessions_(sessions),
      clock_(clock),
      settings_(settings),
      throttle_(attempts, settings.login) {}

SignInOutcome AccountService::signIn(const std::string& rawEmail, const std::string& password,
                                     const std::string& address) {
    const std::string email = engine::normaliseEmail(rawEmail);
    const auto now = clock_.now();
    if (auto wait = throttle_.blocked(email, address, now)) return TooManyAttempts{*wait};

    auto user = users_.findByEmail(email);
    bool ok = false;
    if (user)
        ok = security::verifyPassword(user->passwordHash, password);
    else  // takes as long as a wrong password
        security::verifyPassword(unknownAccountHash(), password);
    // A deactivated account gets the wrong password's answer, after as long.
    ok = ok && user->active;
    throttle_.record(email, address, ok, now);
    if (!ok) return WrongCredentials{};
    if (security::needsRehash(user->passwordHash))
        (void)users_.setPasswordHash(user->id, security::hashPassword(password));

    OpenedSession session = sessions_.open(user->id);
    return SignedIn{sessions_.asAuthenticated(std::move(*user)), std::move(session)};
}

void AccountService::signOut(const std::string& tokenHash) { sessions_.close(tokenHash); }

int AccountService::purgeLoginAttempts() {
    return attempts_.purgeBefore(clock_.now() - settings_.loginAttemptsKept);
}

}  // namespace grantflow::services
