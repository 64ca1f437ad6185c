#pragma once
// What the API handlers work with, handed in by whoever wires the server
// (app/serve_command.cpp, or a test). Like ClickHouse's IServer: the
// library depends on this, never on the executable. Everything referenced
// must outlive the HTTP server and be safe to use from many threads (the
// Database, the engine and the store are; the catalog is read-only).

#include <functional>
#include <string>
#include <vector>

#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "engine/workflow_store.hpp"
#include "logging/log.hpp"
#include "server/metrics.hpp"
#include "server/server_config.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace grantflow::server {

class DeliberationDocuments;

struct ServerContext {
    store::Database& db;
    engine::WorkflowStore& store;
    engine::WorkflowEngine& engine;
    const engine::WorkflowCatalog& catalog;
    const engine::Clock& clock;
    store::BlobStore& blobs;
    Metrics& metrics;
    logging::LogSink& log;
    const ServerConfig& config;
    std::string version;
    // More samples for GET /metrics (e.g. the outbox's), may be empty.
    std::function<std::vector<MetricSample>()> extraMetrics;
    // Renders and stores deliberation documents and runs their jobs
    // (server/deliberation_documents.hpp); the council document routes need it.
    DeliberationDocuments* documents = nullptr;
};

}  // namespace grantflow::server
