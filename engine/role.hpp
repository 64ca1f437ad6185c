#pragma once
// The roles of grantflow's users, plus `system` for what the program fires by
// itself (deadlines). An Actor is who asks for an operation.
//
//   applicant  an association's (or partner's) member
//   reviewer   assesses the applications of the programmes assigned to them
//   clerk      Council sessions, deliberations, documents and votes
//   finance    envelopes, payments, IBAN confirmations, tiers numbers
//   auditor    reads everything (the audit trail too), changes nothing
//   admin      accounts, programmes, calls

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grantflow::engine {

enum class Role { Applicant, Reviewer, Clerk, Finance, Auditor, Admin, System };

inline const char* toString(Role r) {
    switch (r) {
        case Role::Applicant: return "applicant";
        case Role::Reviewer: return "reviewer";
        case Role::Clerk: return "clerk";
        case Role::Finance: return "finance";
        case Role::Auditor: return "auditor";
        case Role::Admin: return "admin";
        case Role::System: return "system";
    }
    return "unknown";
}

inline std::optional<Role> parseRole(const std::string& s) {
    for (Role r : {Role::Applicant, Role::Reviewer, Role::Clerk, Role::Finance, Role::Auditor,
                   Role::Admin, Role::System})
        if (s == toString(r)) return r;
    return std::nullopt;
}

struct Actor {
    std::int64_t userId = 0;
    Role role = Role::Applicant;
    std::optional<std::int64_t> organizationId;  // applicants only
    std::vector<std::string> programmes;         // reviewers: programmes assigned
    // Whether the account's e-mail address is confirmed (or need not be:
    // staff, the system, a server that sends no e-mail). The builtin guard
    // `email_verified` refuses what an unconfirmed account may not do.
    bool emailVerified = true;

    bool assignedTo(const std::string& programme) const {
        return std::find(programmes.begin(), programmes.end(), programme) != programmes.end();
    }
    static Actor system() { return Actor{0, Role::System, std::nullopt, {}}; }
};

}  // namespace grantflow::engine
