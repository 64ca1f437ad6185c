#include "services/services.hpp"

namespace grantflow::services {

Services::Services(Ports ports, const engine::WorkflowCatalog& catalog,
                   engine::WorkflowEngine& engine, const engine::Clock& clock)
    : ports_(ports),
      catalog_(catalog),
      engine_(engine),
      clock_(clock),
      applications_(engine, ports.workflows, ports.applicationQuery, catalog) {}

}  // namespace grantflow::services
