#include "services/services.hpp"

namespace grantflow::services {

Services::Services(Ports ports, const engine::WorkflowCatalog& catalog,
                   engine::WorkflowEngine& engine, const engine::Clock& clock,
                   const ServiceSettings& settings)
    : catalog_(catalog),
      clock_(clock),
      calls_(catalog, ports.calls, clock),
      applications_(engine, ports.workflows, ports.applicationQuery, catalog, calls_,
                    ports.council),
      assessments_(applications_, ports.assessments, clock),
      attachments_(applications_, ports.attachments, ports.blobs, clock, settings.attachmentQuota),
      messages_(applications_, ports.messages, clock),
      programmes_(catalog, ports.programmes, clock),
      council_(catalog, engine, ports.workflows, ports.council, clock),
      grantDocuments_(catalog, applications_, ports.workflows, ports.council, ports.grantDocuments,
                      ports.blobs, settings.templatesFolder, clock),
      documents_(catalog, council_, ports.council, ports.documents, ports.blobs, grantDocuments_,
                 ports.assessments, settings.templatesFolder, clock, settings.directions),
      exports_(applications_, assessments_, programmes_, ports.workflows, catalog, clock),
      system_(ports.database),
      passwords_(settings.accounts.passwordHashing),
      links_(ports.accountTokens, ports.mail, clock, settings.publicUrl),
      sessions_(ports.sessions, clock, settings.accounts.sessionLifetime,
                settings.accounts.sessionIdleTimeout, links_.canSend()),
      registration_(ports.users, ports.organisations, ports.loginAttempts, passwords_, links_,
                    clock, settings.accounts.registrations),
      accounts_(ports.users, ports.loginAttempts, sessions_, passwords_, clock, settings.accounts),
      organisations_(ports.organisations, ports.users, ports.payments, clock),
      statistics_(catalog, ports.statistics, settings.regions),
      openData_(catalog, ports.statistics, settings.openData),
      staff_(ports.users, ports.staff, ports.sessions, links_, passwords_, catalog, clock),
      audit_(ports.auditTrail),
      credentials_(ports.users, ports.staff, ports.loginAttempts, sessions_, links_, passwords_,
                   clock, settings.accounts.login),
      payments_(catalog, engine, applications_, ports.workflows, ports.payments,
                ports.grantDocuments, clock),
      reports_(applications_, attachments_),
      deadlines_(catalog, engine, ports.deadlines, ports.calls, clock) {}

}  // namespace grantflow::services
