#include "services/services.hpp"

namespace grantflow::services {

Services::Services(Ports ports, const engine::WorkflowCatalog& catalog,
                   engine::WorkflowEngine& engine, const engine::Clock& clock,
                   const AccountSettings& accounts)
    : ports_(ports),
      catalog_(catalog),
      engine_(engine),
      clock_(clock),
      applications_(engine, ports.workflows, ports.applicationQuery, catalog),
      registration_(ports.users, clock),
      sessions_(ports.sessions, ports.users, clock, accounts.sessionLifetime),
      accounts_(ports.users, ports.loginAttempts, sessions_, clock, accounts),
      organisations_(ports.organisations) {}

}  // namespace grantflow::services
