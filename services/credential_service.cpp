#include "services/credential_service.hpp"

#include "security/password.hpp"
#include "services/text_rules.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;
using engine::TokenPurpose;

namespace {

// The password hash of an invited account until it accepts: no argon2id
// string, so no password verifies against it.
const char* const kNoPasswordYet = "!invited";

LoginPolicy asThrottlePolicy(const LinkRequestPolicy& p) {
    return LoginPolicy{p.maxPerEmail, p.maxPerAddress, p.window};
}

}  // namespace

CredentialService::CredentialService(engine::UserStore& users, engine::StaffStore& accounts,
                                     engine::LoginAttemptStore& attempts, SessionService& sessions,
                                     AccountLinks& links, PasswordGate& passwords,
                                     const engine::Clock& clock, const LoginPolicy& login,
                                     const LinkRequestPolicy& requests)
    : users_(users),
      accounts_(accounts),
      attempts_(attempts),
      sessions_(sessions),
      links_(links),
      passwords_(passwords),
      clock_(clock),
      signIns_(attempts, login),
      requests_(requests) {}

Throttled CredentialService::changePassword(const engine::User& user,
                                            const std::string& sessionTokenHash,
                                            const std::string& currentPassword,
                                            const std::string& newPassword,
                                            const std::string& address) {
    const auto now = clock_.now();
    auto attempt = signIns_.admit(user.email, address, now);
    if (!attempt) return TooManyAttempts{signIns_.retryAfter()};
    auto stored = users_.findById(user.id);
    if (!stored) return makeError(ErrorCode::NotFound, "no such account");
    auto matches = passwords_.verify(stored->passwordHash, currentPassword);
    if (!matches) return matches.error();
    if (!matches.value())  // the admitted attempt stays a failure
        return makeError(ErrorCode::Invalid, "the current password is wrong",
                         {{"current_password", "is wrong", ""}});
    signIns_.succeeded(*attempt);
    if (auto weak = security::passwordWeakness(newPassword, stored->email))
        return makeError(ErrorCode::Invalid, "the new password is too weak",
                         {{"new_password", *weak, ""}});
    if (newPassword == currentPassword)
        return makeError(ErrorCode::Invalid, "the new password is the current one",
                         {{"new_password", "must differ from the current password", ""}});
    auto hash = passwords_.hash(newPassword);
    if (!hash) return hash.error();
    if (auto changed = users_.changePassword(user.id, hash.value(), "password_changed", now);
        !changed)
        return changed.error();
    sessions_.closeOthers(user.id, sessionTokenHash);
    // A reset link mailed earlier would undo the change.
    links_.revokeAll(user.id, TokenPurpose::PasswordReset);
    return engine::Unit{};
}

std::optional<std::chrono::seconds> CredentialService::linkRequestsBlocked(
    const std::string& kind, const std::string& email, const std::string& address,
    engine::Timestamp now) {
    // Counted beside the sign-in attempts under keys of their own, so that
    // asking for links never blocks signing in (and the reverse).
    LoginThrottle throttle(attempts_, asThrottlePolicy(requests_));
    const std::string emailKey = kind + ":" + email;
    const std::string addressKey = kind + ":" + address;
    if (!throttle.admit(emailKey, addressKey, now)) return throttle.retryAfter();
    return std::nullopt;
}

Throttled CredentialService::requestPasswordReset(const std::string& rawEmail,
                                                  const std::string& address) {
    const std::string email = engine::normaliseEmail(rawEmail);
    if (!looksLikeEmail(email))
        return makeError(ErrorCode::Invalid, "this is not an e-mail address",
                         {{"email", "is not an e-mail address", ""}});
    if (!links_.canSend())
        return makeError(ErrorCode::Unavailable,
                         "this server sends no e-mail: ask an administrator to reset the password");
    const auto now = clock_.now();
    if (auto wait = linkRequestsBlocked("password_reset", email, address, now))
        return TooManyAttempts{*wait};
    // Nothing is hashed on either path, and the answer is the same: only
    // the owner of the address learns whether it is an account's.
    if (auto user = users_.findByEmail(email))
        (void)links_.send(*user, TokenPurpose::PasswordReset);
    return engine::Unit{};
}

engine::Status CredentialService::resetPassword(const std::string& token,
                                                const std::string& newPassword) {
    auto userId = links_.check(token, TokenPurpose::PasswordReset);
    if (!userId) return userId.error();
    auto user = users_.findById(userId.value());
    if (!user) return makeError(ErrorCode::NotFound, "no such account");
    // Checked and hashed before the link is used: a weak password, or a
    // server too busy to hash (503), leaves the link usable for a retry.
    if (auto weak = security::passwordWeakness(newPassword, user->email))
        return makeError(ErrorCode::Invalid, "the password is too weak",
                         {{"new_password", *weak, ""}});
    auto hash = passwords_.hash(newPassword);
    if (!hash) return hash.error();
    if (auto redeemed = links_.redeem(token, TokenPurpose::PasswordReset); !redeemed)
        return redeemed.error();
    const auto now = clock_.now();
    if (auto changed = users_.changePassword(user->id, hash.value(), "password_reset", now);
        !changed)
        return changed;
    sessions_.closeAll(user->id);
    // The link reached the address: that confirms it as well.
    (void)users_.markEmailVerified(user->id, now);
    return engine::Unit{};
}

Throttled CredentialService::resendVerification(const engine::User& user,
                                                const std::string& address) {
    if (!verificationOn())
        return makeError(ErrorCode::Unavailable,
                         "this server sends no e-mail: addresses need no confirmation");
    auto stored = users_.findById(user.id);
    if (!stored) return makeError(ErrorCode::NotFound, "no such account");
    if (stored->emailVerifiedAt)
        return makeError(ErrorCode::Conflict, "this e-mail address is confirmed already");
    if (auto wait = linkRequestsBlocked("email_verification", stored->email, address, clock_.now()))
        return TooManyAttempts{*wait};
    if (auto sent = links_.send(*stored, TokenPurpose::EmailVerification); !sent)
        return sent.error();
    return engine::Unit{};
}

engine::Status CredentialService::confirmEmail(const std::string& token) {
    auto userId = links_.redeem(token, TokenPurpose::EmailVerification);
    if (!userId) return userId.error();
    return users_.markEmailVerified(userId.value(), clock_.now());
}

engine::Result<engine::User> CredentialService::inviteMember(const engine::Actor& actor,
                                                             const MemberInvitation& invitation) {
    if (actor.role != engine::Role::Applicant || actor.organizationId != invitation.organizationId)
        return makeError(ErrorCode::Forbidden,
                         "only a member of the organisation may invite colleagues into it");
    const std::string email = engine::normaliseEmail(invitation.email);
    std::vector<engine::Reason> reasons;
    if (!looksLikeEmail(email)) reasons.push_back({"email", "is not an e-mail address", ""});
    checkText(reasons, "name", invitation.name, 200);
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the invitation has invalid values",
                         std::move(reasons));
    if (!links_.canSend())
        return makeError(ErrorCode::Unavailable,
                         "this server sends no e-mail, so it cannot send invitations");
    engine::NewUser member;
    member.email = email;
    member.name = invitation.name;
    member.passwordHash = kNoPasswordYet;
    member.role = engine::Role::Applicant;
    member.organizationId = invitation.organizationId;
    member.emailVerified = false;  // accepting the invitation confirms it
    auto created = accounts_.createAccount(member, actor, clock_.now());
    if (!created) {
        if (created.error().code == ErrorCode::Conflict)
            return makeError(ErrorCode::Conflict, "an account with this e-mail exists already",
                             {{"email", "is taken", ""}});
        return created.error();
    }
    if (auto sent = links_.send(created.value(), TokenPurpose::Invitation); !sent)
        return sent.error();
    return created;
}

}  // namespace grantflow::services
