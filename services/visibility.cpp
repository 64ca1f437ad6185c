#include "services/visibility.hpp"

namespace grantflow::services {

using engine::Role;

bool Visibility::canSeeProgramme(const engine::Actor& actor, const std::string& programme) {
    switch (actor.role) {
        case Role::Clerk:
        case Role::Finance:
        case Role::Auditor:
        case Role::Admin: return true;
        case Role::Reviewer: return actor.assignedTo(programme);
        case Role::Applicant:
        case Role::System: return false;
    }
    return false;
}

bool Visibility::canSeeApplication(const engine::Actor& actor, const engine::Application& app) {
    if (actor.role == Role::Applicant) return owns(actor, app);
    return canSeeProgramme(actor, app.programme);
}

bool Visibility::owns(const engine::Actor& actor, const engine::Application& app) {
    return actor.role == Role::Applicant && actor.organizationId == app.organizationId;
}

bool Visibility::canSeeOrganisation(const engine::Actor& actor, std::int64_t organizationId) {
    switch (actor.role) {
        case Role::Applicant: return actor.organizationId == organizationId;
        case Role::Reviewer:
        case Role::Clerk:
        case Role::Finance:
        case Role::Auditor:
        case Role::Admin: return true;
        case Role::System: return false;
    }
    return false;
}

bool Visibility::canSeeIban(const engine::Actor& actor, std::int64_t organizationId) {
    return actor.role == Role::Clerk || actor.role == Role::Finance ||
           (actor.role == Role::Applicant && actor.organizationId == organizationId);
}

bool Visibility::isMemberOf(const engine::Actor& actor, std::int64_t organizationId) {
    return actor.role == Role::Applicant && actor.organizationId == organizationId;
}

bool Visibility::canSeeMembers(const engine::Actor& actor, std::int64_t organizationId) {
    return canManageMembers(actor, organizationId) || actor.role == Role::Finance ||
           actor.role == Role::Auditor;
}

bool Visibility::canManageMembers(const engine::Actor& actor, std::int64_t organizationId) {
    return isMemberOf(actor, organizationId) || actor.role == Role::Clerk ||
           actor.role == Role::Admin;
}

ApplicationScope Visibility::applicationScope(const engine::Actor& actor) {
    ApplicationScope scope;
    switch (actor.role) {
        case Role::Applicant: scope.organizationId = actor.organizationId.value_or(0); break;
        case Role::Reviewer: scope.programmes = actor.programmes; break;
        case Role::Clerk:
        case Role::Finance:
        case Role::Auditor:
        case Role::Admin: break;
        case Role::System: scope.nothing = true; break;
    }
    return scope;
}

}  // namespace grantflow::services
