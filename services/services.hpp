#pragma once
// Every service of grantflow, built once over the engine's ports by whoever
// wires the program (app/: `grantflow serve` and the command line) and
// shared by all threads. The HTTP server's handlers reach the business
// rules only through these (server::ServerContext::services).

#include <memory>

#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "services/application_service.hpp"
#include "services/ports.hpp"

namespace grantflow::services {

class Services {
public:
    Services(Ports ports, const engine::WorkflowCatalog& catalog, engine::WorkflowEngine& engine,
             const engine::Clock& clock);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    ApplicationService& applications() { return applications_; }

    const engine::WorkflowCatalog& catalog() const { return catalog_; }
    const engine::Clock& clock() const { return clock_; }

private:
    Ports ports_;
    const engine::WorkflowCatalog& catalog_;
    engine::WorkflowEngine& engine_;
    const engine::Clock& clock_;
    ApplicationService applications_;
};

}  // namespace grantflow::services
