#include "services/account_service.hpp"

namespace grantflow::services {

AccountService::AccountService(engine::UserStore& users, engine::LoginAttemptStore& attempts,
                               SessionService& sessions, PasswordGate& passwords,
                               const engine::Clock& clock, const AccountSettings& settings)
    : users_(users),
      attempts_(attempts),
      sessions_(sessions),
      passwords_(passwords),
      clock_(clock),
      settings_(settings),
      throttle_(attempts, settings.login) {}

SignInOutcome AccountService::signIn(const std::string& rawEmail, const std::string& password,
                                     const std::string& address) {
    const std::string email = engine::normaliseEmail(rawEmail);
    const auto now = clock_.now();
    auto attempt = throttle_.admit(email, address, now);
    if (!attempt) return TooManyAttempts{throttle_.retryAfter()};

    auto user = users_.findByEmail(email);
    // An unknown account is checked against a hash too, so that it takes as
    // long as a wrong password.
    auto matches = passwords_.verify(user ? user->passwordHash : passwords_.decoyHash(), password);
    if (!matches) return matches.error();  // the admitted attempt stays a failure
    // A deactivated account gets the wrong password's answer, after as long.
    const bool ok = user && matches.value() && user->active;
    if (!ok) return WrongCredentials{};
    // Where addresses are confirmed by mail, an account signs in once its own
    // is: with the wrong password's answer, or registering and then signing
    // in would tell whether the address had an account (RegistrationService).
    if (sessions_.emailVerification() && !user->emailVerifiedAt) return WrongCredentials{};
    throttle_.succeeded(*attempt);
    if (passwords_.needsRehash(user->passwordHash))
        if (auto rehashed = passwords_.hash(password))
            (void)users_.setPasswordHash(user->id, rehashed.value());

    OpenedSession session = sessions_.open(user->id);
    return SignedIn{sessions_.asAuthenticated(std::move(*user)), std::move(session)};
}

void AccountService::signOut(const std::string& tokenHash) { sessions_.close(tokenHash); }

int AccountService::purgeLoginAttempts() {
    return attempts_.purgeBefore(clock_.now() - settings_.loginAttemptsKept);
}

}  // namespace grantflow::services
