#pragma once
// Who may see what: the one visibility policy of grantflow. The routing
// table says which roles may call a route at all; these rules say which
// objects each caller may see through it, and every service asks them
// (single objects, lists, budgets, Council objects, organisations):
//
//   applicants       their own organisation's applications (and so their
//                    attachments, messages and history), their organisation;
//                    no programme-wide data (budgets, Council objects);
//   reviewers        the applications, budgets and Council objects of the
//                    programmes assigned to them;
//   clerks, finance officers, auditors, admins
//                    everything (what each may change is the routing
//                    table's and the services' business: auditors nothing).
//
// An object the caller may not see is answered NotFound, exactly like one
// that does not exist, so ids cannot be probed.
//
// An organisation's members (accounts, join requests) are managed by its
// own applicants, by clerks and by admins; finance officers and auditors
// may read them too.
//
// IBANs are shown in full to the owner organisation's accounts, to clerks
// and to finance officers (who pay the grants), masked to everyone else
// (auditors included).
//
// Pure functions of the actor and the object: thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/role.hpp"

namespace grantflow::services {

// What a list of applications is narrowed to for one actor.
struct ApplicationScope {
    std::optional<std::int64_t> organizationId;          // applicants: their own
    std::optional<std::vector<std::string>> programmes;  // reviewers: their programmes
    bool nothing = false;                                // the system actor sees no list
};

class Visibility {
public:
    static bool canSeeApplication(const engine::Actor& actor, const engine::Application& app);
    // Programme-wide data: budgets, Council sessions' deliberations, jobs, exports.
    static bool canSeeProgramme(const engine::Actor& actor, const std::string& programme);
    static bool canSeeOrganisation(const engine::Actor& actor, std::int64_t organizationId);
    static bool canSeeIban(const engine::Actor& actor, std::int64_t organizationId);
    // One of the organisation's own applicants.
    static bool isMemberOf(const engine::Actor& actor, std::int64_t organizationId);
    static bool canSeeMembers(const engine::Actor& actor, std::int64_t organizationId);
    static bool canManageMembers(const engine::Actor& actor, std::int64_t organizationId);
    // An applicant of the application's own organisation: may edit it,
    // attach files to it.
    static bool owns(const engine::Actor& actor, const engine::Application& app);
    static ApplicationScope applicationScope(const engine::Actor& actor);
};

}  // namespace grantflow::services
