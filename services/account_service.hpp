#pragma once
// Signing in and out. A sign-in is refused without checking the password
// while the LoginThrottle blocks the e-mail or the client address
// (TooManyAttempts, with how long to wait); otherwise the password is
// verified (against a fixed hash when the e-mail is unknown, so that the
// answer takes as long as for a wrong password and does not reveal which
// accounts exist), the attempt recorded, a hash made with weaker settings
// replaced, and a session opened (SessionService). Where the server
// confirms addresses by mail, an account whose address is unconfirmed gets
// the wrong password's answer (and the attempt counts as failed): it signs
// in once it has followed its link (CredentialService).
//
// Thread-safe: no mutable state.

#include <chrono>
#include <string>
#include <variant>

#include "engine/login_attempt_store.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"
#include "services/login_throttle.hpp"
#include "services/password_gate.hpp"
#include "services/session_service.hpp"

namespace grantflow::services {

// The settings of accounts and sessions (`grantflow serve` fills them from
// its configuration).
struct AccountSettings {
    LoginPolicy login;
    // Registrations per e-mail and per client address within the window.
    LoginPolicy registrations{
        .maxFailuresPerEmail = 3, .maxFailuresPerAddress = 10, .window = std::chrono::hours(1)};
    PasswordGateSettings passwordHashing;
    std::chrono::seconds sessionLifetime = std::chrono::hours(12);
    // A session unused this long stops working (SessionService).
    std::chrono::seconds sessionIdleTimeout = std::chrono::hours(2);
    // Sign-in attempts older than this are deleted by purgeLoginAttempts().
    std::chrono::seconds loginAttemptsKept = std::chrono::hours(24);
};

struct SignedIn {
    engine::User user;
    OpenedSession session;
};
struct WrongCredentials {};
// engine::Error: Unavailable when password checks are saturated (PasswordGate).
using SignInOutcome = std::variant<SignedIn, WrongCredentials, TooManyAttempts, engine::Error>;

class AccountService {
public:
    AccountService(engine::UserStore& users, engine::LoginAttemptStore& attempts,
                   SessionService& sessions, PasswordGate& passwords, const engine::Clock& clock,
                   const AccountSettings& settings);

    // `address` is the client's, as the rate limit counts it.
    SignInOutcome signIn(const std::string& email, const std::string& password,
                         const std::string& address);
    // The session with this token hash stops working.
    void signOut(const std::string& tokenHash);
    // Deletes the sign-in attempts older than settings.loginAttemptsKept;
    // returns how many.
    int purgeLoginAttempts();

private:
    engine::UserStore& users_;
    engine::LoginAttemptStore& attempts_;
    SessionService& sessions_;
    PasswordGate& passwords_;
    const engine::Clock& clock_;
    AccountSettings settings_;
    LoginThrottle throttle_;
};

}  // namespace grantflow::services
