#pragma once
// Every service of grantflow, built once over the engine's ports by whoever
// wires the program (app/: `grantflow serve` and the command line) and
// shared by all threads. The HTTP server's handlers reach the business
// rules only through these (server::ServerContext::services).

#include <string>

#include "engine/attachment_store.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "services/account_links.hpp"
#include "services/account_service.hpp"
#include "services/application_service.hpp"
#include "services/assessment_service.hpp"
#include "services/attachment_service.hpp"
#include "services/audit_service.hpp"
#include "services/call_service.hpp"
#include "services/council_service.hpp"
#include "services/credential_service.hpp"
#include "services/deadline_service.hpp"
#include "services/deliberation_documents.hpp"
#include "services/direction_table.hpp"
#include "services/export_service.hpp"
#include "services/grant_documents.hpp"
#include "services/message_service.hpp"
#include "services/open_data_service.hpp"
#include "services/organisation_service.hpp"
#include "services/payment_service.hpp"
#include "services/ports.hpp"
#include "services/programme_service.hpp"
#include "services/region_table.hpp"
#include "services/registration_service.hpp"
#include "services/report_service.hpp"
#include "services/session_service.hpp"
#include "services/staff_service.hpp"
#include "services/statistics_service.hpp"
#include "services/system_service.hpp"

namespace grantflow::services {

struct ServiceSettings {
    std::string templatesFolder;              // the Mustache texts of documents
    engine::AttachmentQuota attachmentQuota;  // per application
    AccountSettings accounts;                 // sign-in limits, session lifetime
    std::string publicUrl;                    // base of the web pages e-mailed links open
    RegionTable regions;                      // countries grouped for the statistics
    DirectionTable directions;                // the directions' names in the deliberations
    OpenDataSettings openData;                // the City's name and SIRET
};

class Services {
public:
    // Throws documents::TemplateError when the templates folder is unusable.
    Services(Ports ports, const engine::WorkflowCatalog& catalog, engine::WorkflowEngine& engine,
             const engine::Clock& clock, const ServiceSettings& settings);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    CallService& calls() { return calls_; }
    ApplicationService& applications() { return applications_; }
    AssessmentService& assessments() { return assessments_; }
    AttachmentService& attachments() { return attachments_; }
    MessageService& messages() { return messages_; }
    ProgrammeService& programmes() { return programmes_; }
    CouncilService& council() { return council_; }
    DeliberationDocuments& documents() { return documents_; }
    GrantDocuments& grantDocuments() { return grantDocuments_; }
    ExportService& exports() { return exports_; }
    SystemService& system() { return system_; }
    RegistrationService& registration() { return registration_; }
    SessionService& sessions() { return sessions_; }
    AccountService& accounts() { return accounts_; }
    OrganisationService& organisations() { return organisations_; }
    AccountLinks& links() { return links_; }
    StatisticsService& statistics() { return statistics_; }
    OpenDataService& openData() { return openData_; }
    StaffService& staff() { return staff_; }
    AuditService& audit() { return audit_; }
    CredentialService& credentials() { return credentials_; }
    PaymentService& payments() { return payments_; }
    ReportService& reports() { return reports_; }
    DeadlineService& deadlines() { return deadlines_; }

    const engine::WorkflowCatalog& catalog() const { return catalog_; }
    const engine::Clock& clock() const { return clock_; }

private:
    const engine::WorkflowCatalog& catalog_;
    const engine::Clock& clock_;
    CallService calls_;  // before applications_, which uses it
    ApplicationService applications_;
    AssessmentService assessments_;
    AttachmentService attachments_;
    MessageService messages_;
    ProgrammeService programmes_;
    CouncilService council_;
    GrantDocuments grantDocuments_;  // before documents_, which uses it
    DeliberationDocuments documents_;
    ExportService exports_;
    SystemService system_;
    PasswordGate passwords_;  // before the services that hash passwords
    AccountLinks links_;      // before sessions_: whether e-mail is verified depends on it
    SessionService sessions_;
    RegistrationService registration_;
    AccountService accounts_;
    OrganisationService organisations_;
    StatisticsService statistics_;
    OpenDataService openData_;
    StaffService staff_;
    AuditService audit_;
    CredentialService credentials_;
    PaymentService payments_;
    ReportService reports_;
    DeadlineService deadlines_;
};

}  // namespace grantflow::services
