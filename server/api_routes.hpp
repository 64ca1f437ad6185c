#pragma once
// The API's routing table: every route of docs/http-api.md, registered by
// the handler files of server/handlers/. `router` must outlive the server
// (the OpenAPI handler describes it), and so must `ctx`.

#include "server/router.hpp"
#include "server/server_context.hpp"

namespace grantflow::server {

void addApiRoutes(Router& router, ServerContext& ctx);

// Each handler file registers its routes.
void addAccountRoutes(Router& router, ServerContext& ctx);
// Organisations: profiles, IBAN changes, tiers numbers, members, join requests.
void addOrganisationRoutes(Router& router, ServerContext& ctx);
// Password change and reset, e-mail verification, member invitations.
void addCredentialRoutes(Router& router, ServerContext& ctx);
void addProgrammeRoutes(Router& router, ServerContext& ctx);
// Calls for applications.
void addCallRoutes(Router& router, ServerContext& ctx);
// What falls due soon, for the dashboards.
void addDeadlineRoutes(Router& router, ServerContext& ctx);
void addApplicationRoutes(Router& router, ServerContext& ctx);
void addAttachmentRoutes(Router& router, ServerContext& ctx);
// A voted grant's convention and letter, and the convention's signature day.
void addGrantDocumentRoutes(Router& router, ServerContext& ctx);
void addPaymentRoutes(Router& router, ServerContext& ctx);
void addMessageRoutes(Router& router, ServerContext& ctx);
// The reviewers' assessments of an application (scores, proposed amount).
void addAssessmentRoutes(Router& router, ServerContext& ctx);
void addSystemRoutes(Router& router, ServerContext& ctx);
// Published workflow versions: list, diff of a candidate, publication.
void addWorkflowRoutes(Router& router, ServerContext& ctx);
// Staff accounts, invitations, the audit trail.
void addUserRoutes(Router& router, ServerContext& ctx);
// Council sessions, deliberations, documents, votes, jobs and exports.
void addCouncilRoutes(Router& router, ServerContext& ctx);
// Statistics (JSON, XLSX) and the open data on grants.
void addStatisticsRoutes(Router& router, ServerContext& ctx);

}  // namespace grantflow::server
