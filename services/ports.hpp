#pragma once
// The engine ports the services work over, handed in by whoever wires the
// program (app/: the store's adapters, store::Adapters; a test: fakes or the
// real store). Everything referenced must outlive the services and be safe
// to use from many threads.

#include "engine/account_token_store.hpp"
#include "engine/application_query.hpp"
#include "engine/assessment_store.hpp"
#include "engine/attachment_store.hpp"
#include "engine/audit_trail.hpp"
#include "engine/blob_store.hpp"
#include "engine/call_store.hpp"
#include "engine/council_store.hpp"
#include "engine/database_status.hpp"
#include "engine/deadline_store.hpp"
#include "engine/document_store.hpp"
#include "engine/grant_document_store.hpp"
#include "engine/login_attempt_store.hpp"
#include "engine/mail_sender.hpp"
#include "engine/message_store.hpp"
#include "engine/organisation_store.hpp"
#include "engine/payment_store.hpp"
#include "engine/programme_store.hpp"
#include "engine/session_store.hpp"
#include "engine/staff_store.hpp"
#include "engine/statistics_store.hpp"
#include "engine/user_store.hpp"
#include "engine/workflow_store.hpp"

namespace grantflow::services {

struct Ports {
    engine::WorkflowStore& workflows;
    engine::ApplicationQuery& applicationQuery;
    engine::AttachmentStore& attachments;
    engine::BlobStore& blobs;
    engine::MessageStore& messages;
    engine::ProgrammeStore& programmes;
    engine::CouncilStore& council;
    engine::DocumentStore& documents;
    engine::GrantDocumentStore& grantDocuments;
    engine::DatabaseStatus& database;
    engine::UserStore& users;
    engine::SessionStore& sessions;
    engine::LoginAttemptStore& loginAttempts;
    engine::OrganisationStore& organisations;
    engine::AccountTokenStore& accountTokens;
    engine::MailSender& mail;  // account links, sent at once (not a store port)
    engine::StatisticsStore& statistics;
    engine::CallStore& calls;
    engine::StaffStore& staff;
    engine::AuditTrail& auditTrail;
    engine::PaymentStore& payments;
    engine::DeadlineStore& deadlines;
    engine::AssessmentStore& assessments;
};

}  // namespace grantflow::services
