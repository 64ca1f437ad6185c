#pragma once
// Staff accounts, administered: the list (administrators and auditors), an
// invitation (the account is created without a usable password and mailed a
// single-use link to choose one), changes of name, role, programmes and
// whether the account is active, a new invitation link; and the invitation
// page's side: what a link is for, and choosing the password (once).
//
// Rules:
// - Staff roles are reviewer, clerk, finance, auditor and admin; applicants
//   belong to their organisation and are not administered here (NotFound).
// - Programmes are for reviewers only, each a programme of the catalog; a
//   reviewer who takes another role loses them.
// - An administrator cannot deactivate or demote themselves, and no change
//   may leave the installation without an active administrator (Conflict).
// - Deactivating an account revokes its sessions and its pending links at
//   once; the sign-in and the sessions refuse an inactive account anyway.
// - Every creation and change is in the audit trail (engine::StaffStore).
//
// A new account's password hash is kNoPassword: not a hash any password
// verifies, so the account cannot sign in until its invitation is accepted.
//
// Thread-safe: no mutable state.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/session_store.hpp"
#include "engine/staff_store.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"
#include "engine/workflow_catalog.hpp"
#include "services/account_links.hpp"
#include "services/password_gate.hpp"

namespace grantflow::services {

struct StaffInvitation {
    std::string email;
    std::string name;
    std::string role;  // as written by the caller ("clerk")
    std::vector<std::string> programmes;
};

struct StaffUpdate {
    std::optional<std::string> name;
    std::optional<std::string> role;
    std::optional<std::vector<std::string>> programmes;
    std::optional<bool> active;
};

struct InvitedStaff {
    engine::User user;
    bool invitationSent = false;  // false: the relay refused; send a new link later
};

// What an invitation link is for, for its page.
struct InvitationInfo {
    std::string email;
    std::string name;
    engine::Role role = engine::Role::Clerk;
};

class StaffService {
public:
    // Not a password hash (libsodium's start with "$"): no password verifies it.
    static constexpr const char* kNoPassword = "!invited";
    static constexpr std::size_t kMaxProgrammes = 50;

    StaffService(engine::UserStore& users, engine::StaffStore& staff,
                 engine::SessionStore& sessions, AccountLinks& links, PasswordGate& passwords,
                 const engine::WorkflowCatalog& catalog, const engine::Clock& clock);

    // Staff accounts (no applicants), ordered by id. Admins and auditors.
    engine::Result<std::vector<engine::User>> list(const engine::Actor& actor);
    // A staff account by e-mail (the command line's way to name one). Admins.
    engine::Result<engine::User> findByEmail(const engine::Actor& actor, const std::string& email);
    // Admins. Invalid (a reason per field), Conflict (e-mail taken),
    // Unavailable when this server cannot mail links (nothing is created).
    engine::Result<InvitedStaff> invite(const engine::Actor& actor,
                                        const StaffInvitation& invitation);
    // Admins. Invalid, NotFound, Conflict (self, last administrator).
    engine::Result<engine::User> change(const engine::Actor& actor, std::int64_t userId,
                                        const StaffUpdate& update);
    // Admins: a new invitation link for an active staff account (the
    // earlier ones stop working). NotFound, Conflict (inactive), Unavailable.
    engine::Status resendInvitation(const engine::Actor& actor, std::int64_t userId);

    // Anyone holding the link. NotFound for a link that is not usable, or
    // whose account is inactive.
    engine::Result<InvitationInfo> invitation(const std::string& token);
    // Sets the password (registration's strength rules; Invalid with the
    // reason on `password`, the link still usable), uses the link, confirms
    // the address and records `invitation_accepted` in the audit trail.
    // Staff and colleagues invited by a member accept the same way.
    engine::Result<engine::User> acceptInvitation(const std::string& token,
                                                  const std::string& password);

private:
    engine::Result<engine::User> staffAccount(std::int64_t userId);
    void revokeAccess(std::int64_t userId);

    engine::UserStore& users_;
    engine::StaffStore& staff_;
    engine::SessionStore& sessions_;
    AccountLinks& links_;
    PasswordGate& passwords_;
    const engine::WorkflowCatalog& catalog_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
