#pragma once
// Every service of grantflow, built once over the engine's ports by whoever
// wires the program (app/: `grantflow serve` and the command line) and
// shared by all threads. The HTTP server's handlers reach the business
// rules only through these (server::ServerContext::services).

#include <memory>

#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "services/account_service.hpp"
#include "services/application_service.hpp"
#include "services/organisation_service.hpp"
#include "services/ports.hpp"
#include "services/registration_service.hpp"
#include "services/session_service.hpp"

namespace grantflow::services {

class Services {
public:
    Services(Ports ports, const engine::WorkflowCatalog& catalog, engine::WorkflowEngine& engine,
             const engine::Clock& clock, const AccountSettings& accounts = {});
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    ApplicationService& applications() { return applications_; }
    RegistrationService& registration() { return registration_; }
    SessionService& sessions() { return sessions_; }
    AccountService& accounts() { return accounts_; }
    OrganisationService& organisations() { return organisations_; }

    const engine::WorkflowCatalog& catalog() const { return catalog_; }
    const engine::Clock& clock() const { return clock_; }

private:
    Ports ports_;
    const engine::WorkflowCatalog& catalog_;
    engine::WorkflowEngine& engine_;
    const engine::Clock& clock_;
    ApplicationService applications_;
    RegistrationService registration_;
    SessionService sessions_;
    AccountService accounts_;
    OrganisationService organisations_;
};

}  // namespace grantflow::services
