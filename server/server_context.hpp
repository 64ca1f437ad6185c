#pragma once
// What the API handlers work with, handed in by whoever wires the server
// (app/serve_command.cpp, or a test). Like ClickHouse's IServer: the
// library depends on this, never on the executable. Everything referenced
// must outlive the HTTP server and be safe to use from many threads.

#include <functional>
#include <string>
#include <vector>

#include "logging/log.hpp"
#include "server/metrics.hpp"
#include "server/server_config.hpp"
#include "services/services.hpp"
#include "services/workflow_version_service.hpp"

namespace grantflow::server {

struct ServerContext {
    // The business rules: every handler calls these, never the store.
    services::Services& services;
    Metrics& metrics;
    logging::LogSink& log;
    const ServerConfig& config;
    std::string version;
    // More samples for GET /metrics (e.g. the outbox's), may be empty.
    std::function<std::vector<MetricSample>()> extraMetrics;
    // Published workflow versions (the administration's workflow pages);
    // the routes answer 500 without it.
    services::WorkflowVersionService* workflowVersions = nullptr;
};

}  // namespace grantflow::server
