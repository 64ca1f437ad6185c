#pragma once
// What an account does with its credentials besides signing in: changing
// its password, resetting a forgotten one through a mailed link,
// confirming its e-mail address, and inviting a colleague of its
// organisation (who accepts by choosing a password).
//
//   change      the current password is required; a wrong one counts as a
//               failed sign-in (LoginThrottle), and while sign-ins are
//               blocked the change is refused unchecked. The new password
//               meets the registration's rules (security::passwordWeakness).
//               Every other session of the account stops working.
//   reset       requesting one answers the same whether the e-mail belongs
//               to an account or not, and hashes nothing either way; a link
//               (1 hour, once) goes to an existing account only. Requests
//               are limited per e-mail and per client address (kept with
//               the sign-in attempts under their own keys). Confirming with
//               the link sets the password, stops every session of the
//               account and confirms its e-mail address (the link proved it).
//   verify      where the server can mail links (AccountLinks::canSend) a
//               self-registered account confirms its address through a link
//               (2 days, once); until then it cannot sign in
//               (AccountService), and a session opened before the server
//               mailed links may draft but not submit (the builtin guard
//               `email_verified` on the programmes' submit transitions).
//               Where it cannot, every account counts as confirmed
//               (SessionService).
//   invite      an applicant invites a colleague into its own organisation:
//               an applicant account of that organisation with no usable
//               password, and an invitation link (7 days); accepting it is
//               choosing the password.
//
// Invitations (engine::StaffStore::createAccount, naming the member who
// invited), password changes, resets, accepted invitations and
// confirmations are in the audit trail (engine::UserStore::changePassword,
// markEmailVerified).
//
// Thread-safe: no mutable state.

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include "engine/login_attempt_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/staff_store.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"
#include "services/account_links.hpp"
#include "services/account_service.hpp"
#include "services/login_throttle.hpp"
#include "services/password_gate.hpp"
#include "services/session_service.hpp"

namespace grantflow::services {

// How often reset and verification links may be asked for.
struct LinkRequestPolicy {
    int maxPerEmail = 3;
    int maxPerAddress = 20;
    std::chrono::seconds window = std::chrono::hours(1);
};

// An outcome that may also be "too many attempts, wait".
using Throttled = std::variant<engine::Unit, engine::Error, TooManyAttempts>;

struct MemberInvitation {
    std::int64_t organizationId = 0;
    std::string email;
    std::string name;
};

class CredentialService {
public:
    CredentialService(engine::UserStore& users, engine::StaffStore& accounts,
                      engine::LoginAttemptStore& attempts, SessionService& sessions,
                      AccountLinks& links, PasswordGate& passwords, const engine::Clock& clock,
                      const LoginPolicy& login, const LinkRequestPolicy& requests = {});

    // From the session `sessionTokenHash`, which stays open. Invalid (reason
    // "current_password" or "new_password") for a wrong current password or
    // a weak new one.
    Throttled changePassword(const engine::User& user, const std::string& sessionTokenHash,
                             const std::string& currentPassword, const std::string& newPassword,
                             const std::string& address);

    // Success whether or not the e-mail is an account's (Unavailable where
    // no link can be sent; the reason is the server's, not the account's).
    Throttled requestPasswordReset(const std::string& email, const std::string& address);
    // NotFound for an unusable link, Invalid (reason "new_password") for a
    // weak password (the link stays usable).
    engine::Status resetPassword(const std::string& token, const std::string& newPassword);

    // Whether unconfirmed accounts are held back on this server.
    bool verificationOn() const { return sessions_.emailVerification(); }
    // (A new account's first link is mailed by RegistrationService.)
    // Mails a new link to the signed-in account: Conflict when it is
    // confirmed already, Unavailable where verification is off.
    Throttled resendVerification(const engine::User& user, const std::string& address);
    // NotFound for an unusable link.
    engine::Status confirmEmail(const std::string& token);

    // Forbidden unless `actor` is an applicant of the organisation; Invalid
    // with reasons "email", "name"; Conflict ("email") when the address has
    // an account; Unavailable where no link can be sent.
    engine::Result<engine::User> inviteMember(const engine::Actor& actor,
                                              const MemberInvitation& invitation);
    // (The invitation is accepted like a staff member's:
    // StaffService::acceptInvitation.)

private:
    std::optional<std::chrono::seconds> linkRequestsBlocked(const std::string& kind,
                                                            const std::string& email,
                                                            const std::string& address,
                                                            engine::Timestamp now);

    engine::UserStore& users_;
    engine::StaffStore& accounts_;  // a colleague's account, with its audit entry
    engine::LoginAttemptStore& attempts_;
    SessionService& sessions_;
    AccountLinks& links_;
    PasswordGate& passwords_;
    const engine::Clock& clock_;
    LoginThrottle signIns_;
    LinkRequestPolicy requests_;
};

}  // namespace grantflow::services
