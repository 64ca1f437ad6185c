#pragma once
// One instance of every store adapter over one Database: what app/ hands
// the services as their ports (services/ports.hpp). Each adapter is
// stateless besides the Database reference, so one set serves every thread.

#include "store/account_token_repository.hpp"
#include "store/application_search.hpp"
#include "store/assessment_repository.hpp"
#include "store/attachment_repository.hpp"
#include "store/audit_trail_reader.hpp"
#include "store/call_repository.hpp"
#include "store/council_repository.hpp"
#include "store/database.hpp"
#include "store/deadline_repository.hpp"
#include "store/deliberation_document_repository.hpp"
#include "store/grant_document_repository.hpp"
#include "store/login_attempt_repository.hpp"
#include "store/message_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/session_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/staff_repository.hpp"
#include "store/statistics_repository.hpp"
#include "store/user_repository.hpp"
#include "store/workflow_version_repository.hpp"

namespace grantflow::store {

struct Adapters {
    explicit Adapters(Database& database)
        : db(database),
          workflows(database),
          applicationSearch(database),
          attachments(database),
          messages(database),
          programmes(database),
          council(database),
          documents(database),
          grantDocuments(database),
          users(database),
          sessions(database),
          loginAttempts(database),
          organisations(database),
          accountTokens(database),
          statistics(database),
          calls(database),
          workflowVersions(database),
          staff(database),
          auditTrail(database),
          payments(database),
          deadlines(database),
          assessments(database) {}

    Database& db;
    SociWorkflowStore workflows;
    ApplicationSearch applicationSearch;
    AttachmentRepository attachments;
    MessageRepository messages;
    ProgrammeRepository programmes;
    CouncilRepository council;
    DeliberationDocumentRepository documents;
    GrantDocumentRepository grantDocuments;
    UserRepository users;
    SessionRepository sessions;
    LoginAttemptRepository loginAttempts;
    OrganisationRepository organisations;
    AccountTokenRepository accountTokens;
    StatisticsRepository statistics;
    CallRepository calls;
    WorkflowVersionRepository workflowVersions;
    StaffRepository staff;
    AuditTrailReader auditTrail;
    PaymentRepository payments;
    DeadlineRepository deadlines;
    AssessmentRepository assessments;
};

}  // namespace grantflow::store
