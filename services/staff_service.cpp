#include "services/staff_service.hpp"

#include <algorithm>

#include "security/password.hpp"
#include "services/text_rules.hpp"

namespace grantflow::services {

namespace {

using engine::ErrorCode;
using engine::makeError;
using engine::Reason;
using engine::Role;

std::optional<Role> staffRole(const std::string& text) {
    auto role = engine::parseRole(text);
    if (!role || *role == Role::Applicant || *role == Role::System) return std::nullopt;
    return role;
}

constexpr const char* kStaffRoles = "must be one of reviewer, clerk, finance, auditor, admin";

engine::Error forbidden(const char* what) {
    return makeError(ErrorCode::Forbidden, std::string("only an administrator may ") + what);
}

}  // namespace

StaffService::StaffService(engine::UserStore& users, engine::StaffStore& staff,
                           engine::SessionStore& sessions, AccountLinks& links,
                           PasswordGate& passwords, const engine::WorkflowCatalog& catalog,
                           const engine::Clock& clock)
    : users_(users),
      staff_(staff),
      sessions_(sessions),
      links_(links),
      passwords_(passwords),
      catalog_(catalog),
      clock_(clock) {}

engine::Result<std::vector<engine::User>> StaffService::list(const engine::Actor& actor) {
    if (actor.role != Role::Admin && actor.role != Role::Auditor)
        return makeError(ErrorCode::Forbidden,
                         "only an administrator or an auditor may list the staff accounts");
    std::vector<engine::User> out;
    for (auto& u : users_.list())
        if (u.role != Role::Applicant) out.push_back(std::move(u));
    return out;
}

engine::Result<engine::User> StaffService::findByEmail(const engine::Actor& actor,
                                                       const std::string& email) {
    if (actor.role != Role::Admin) return forbidden("change a staff account");
    auto user = users_.findByEmail(email);
    if (!user || user->role == Role::Applicant)
        return makeError(ErrorCode::NotFound, "no staff account has the e-mail " + email,
                         {{"email", "is not a staff account's", ""}});
    return *user;
}

engine::Result<engine::User> StaffService::staffAccount(std::int64_t userId) {
    auto user = users_.findById(userId);
    if (!user || user->role == Role::Applicant)
        return makeError(ErrorCode::NotFound, "no such staff account");
    return *user;
}

engine::Result<InvitedStaff> StaffService::invite(const engine::Actor& actor,
                                                  const StaffInvitation& invitation) {
    if (actor.role != Role::Admin) return forbidden("invite a staff member");
    std::vector<Reason> reasons;
    const std::string email = engine::normaliseEmail(invitation.email);
    if (!looksLikeEmail(email)) reasons.push_back({"email", "is not an e-mail address", ""});
    checkText(reasons, "name", invitation.name, 200);
    auto role = staffRole(invitation.role);
    if (!role) reasons.push_back({"role", kStaffRoles, ""});
    if (role && *role != Role::Reviewer && !invitation.programmes.empty())
        reasons.push_back({"programmes", "are for reviewers only", ""});
    if (invitation.programmes.size() > kMaxProgrammes)
        reasons.push_back({"programmes", "at most 50", ""});
    for (const auto& p : invitation.programmes)
        if (!catalog_.latest(p))
            reasons.push_back({"programmes", "unknown programme `" + p + "`", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the invitation has invalid values",
                         std::move(reasons));
    if (!links_.canSend())
        return makeError(ErrorCode::Unavailable,
                         "this server cannot mail invitations (it needs an SMTP relay and its "
                         "public_url): no account was created");

    engine::NewUser user;
    user.email = email;
    user.name = invitation.name;
    user.role = *role;
    user.programmes = invitation.programmes;
    user.passwordHash = kNoPassword;
    auto created = staff_.createAccount(user, actor, clock_.now());
    if (!created) {
        if (created.error().code == ErrorCode::Conflict)
            return makeError(ErrorCode::Conflict, "an account with this e-mail exists already",
                             {{"email", "is taken", ""}});
        return created.error();
    }
    bool sent = static_cast<bool>(links_.send(created.value(), engine::TokenPurpose::Invitation));
    return InvitedStaff{std::move(created).value(), sent};
}

engine::Result<engine::User> StaffService::change(const engine::Actor& actor, std::int64_t userId,
                                                  const StaffUpdate& update) {
    if (actor.role != Role::Admin) return forbidden("change a staff account");
    auto current = staffAccount(userId);
    if (!current) return current.error();
    const engine::User& before = current.value();

    std::vector<Reason> reasons;
    engine::StaffChange change;
    if (update.name) {
        checkText(reasons, "name", *update.name, 200);
        change.name = update.name;
    }
    if (update.role) {
        change.role = staffRole(*update.role);
        if (!change.role) reasons.push_back({"role", kStaffRoles, ""});
    }
    const Role newRole = change.role.value_or(before.role);
    if (update.programmes) {
        if (newRole != Role::Reviewer && !update.programmes->empty())
            reasons.push_back({"programmes", "are for reviewers only", ""});
        if (update.programmes->size() > kMaxProgrammes)
            reasons.push_back({"programmes", "at most 50", ""});
        for (const auto& p : *update.programmes)
            if (!catalog_.latest(p))
                reasons.push_back({"programmes", "unknown programme `" + p + "`", ""});
        change.programmes = update.programmes;
    } else if (newRole != Role::Reviewer && !before.programmes.empty()) {
        change.programmes = std::vector<std::string>{};  // a reviewer no more
    }
    change.active = update.active;
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the change has invalid values", std::move(reasons));

    if (actor.userId == userId) {
        if (update.active == false)
            return makeError(ErrorCode::Conflict, "an administrator cannot deactivate themselves",
                             {{"active", "cannot be false for your own account", ""}});
        if (change.role && *change.role != Role::Admin)
            return makeError(ErrorCode::Conflict, "an administrator cannot demote themselves",
                             {{"role", "cannot change for your own account", ""}});
    }
    auto changed = staff_.changeStaff(userId, change, actor, clock_.now());
    if (!changed) return changed;
    if (before.active && !changed.value().active) revokeAccess(userId);
    return changed;
}

void StaffService::revokeAccess(std::int64_t userId) {
    sessions_.revokeAllForUser(userId, clock_.now());
    for (auto purpose : {engine::TokenPurpose::Invitation, engine::TokenPurpose::PasswordReset,
                         engine::TokenPurpose::EmailVerification})
        links_.revokeAll(userId, purpose);
}

engine::Status StaffService::resendInvitation(const engine::Actor& actor, std::int64_t userId) {
    if (actor.role != Role::Admin) return forbidden("send an invitation");
    auto user = staffAccount(userId);
    if (!user) return user.error();
    if (!user.value().active)
        return makeError(ErrorCode::Conflict,
                         "the account is deactivated: activate it before inviting again");
    return links_.send(user.value(), engine::TokenPurpose::Invitation);
}

engine::Result<InvitationInfo> StaffService::invitation(const std::string& token) {
    auto userId = links_.check(token, engine::TokenPurpose::Invitation);
    if (!userId) return userId.error();
    auto user = users_.findById(userId.value());
    if (!user || !user->active)
        return makeError(ErrorCode::NotFound, "this link is not valid (any more)");
    return InvitationInfo{user->email, user->name, user->role};
}

engine::Result<engine::User> StaffService::acceptInvitation(const std::string& token,
                                                            const std::string& password) {
    auto info = invitation(token);
    if (!info) return info.error();
    // Checked before the link is used, so a refused password leaves it usable.
    if (auto weak = security::passwordWeakness(password, info.value().email))
        return makeError(ErrorCode::Invalid, "the password is too weak", {{"password", *weak, ""}});
    auto hash = passwords_.hash(password);
    if (!hash) return hash.error();
    auto userId = links_.redeem(token, engine::TokenPurpose::Invitation);
    if (!userId) return userId.error();
    const auto now = clock_.now();
    if (auto set = users_.changePassword(userId.value(), hash.value(), "invitation_accepted", now);
        !set)
        return set.error();
    // The link reached the address: it is confirmed (a colleague invited by
    // a member may then submit where the server verifies addresses).
    (void)users_.markEmailVerified(userId.value(), now);
    auto user = users_.findById(userId.value());
    if (!user) return makeError(ErrorCode::NotFound, "no such account");
    return *user;
}

}  // namespace grantflow::services
