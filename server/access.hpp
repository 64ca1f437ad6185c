#pragma once
// Who may see what, object by object. Route roles (the routing table) say
// which roles may call a route at all; these rules say which objects each
// caller may see through it:
//   applicants  their own organisation's applications (and so their
//               attachments, messages and history);
//   reviewers   applications of the programmes assigned to them;
//   clerks, admins  every application.
// An object the caller may not see is answered 404, exactly like one that
// does not exist, so ids cannot be probed.
//
// IBANs are shown in full to the owner organisation's accounts and to
// clerks (who pay the grants), masked to everyone else.

#include <cstdint>

#include "engine/application.hpp"
#include "engine/role.hpp"

namespace grantflow::server {

inline bool canSee(const engine::Actor& actor, const engine::Application& app) {
    switch (actor.role) {
        case engine::Role::Applicant:
            return actor.organizationId == app.organizationId;
        case engine::Role::Reviewer:
            return actor.assignedTo(app.programme);
        case engine::Role::Clerk:
        case engine::Role::Admin:
            return true;
        case engine::Role::System:
            return false;
    }
    return false;
}

// An applicant of the application's own organisation.
inline bool owns(const engine::Actor& actor, const engine::Application& app) {
    return actor.role == engine::Role::Applicant && actor.organizationId == app.organizationId;
}

inline bool maySeeOrganisation(const engine::Actor& actor, std::int64_t organizationId) {
    return actor.role != engine::Role::Applicant || actor.organizationId == organizationId;
}

inline bool maySeeIban(const engine::Actor& actor, std::int64_t organizationId) {
    return actor.role == engine::Role::Clerk ||
           (actor.role == engine::Role::Applicant && actor.organizationId == organizationId);
}

}  // namespace grantflow::server
