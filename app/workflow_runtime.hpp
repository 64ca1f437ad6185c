#pragma once
// The loaded workflow machinery: plugins, the step registry and the catalog of
// definitions, in the order their lifetimes require (plugins outlive the
// registry's factories, which outlive the definitions built from them).

#include <memory>
#include <string>

#include "engine/plugin_host.hpp"
#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"

namespace grantflow::app {

class WorkflowRuntime {
public:
    // Registers the built-in steps and loads every plugin of `pluginDir`. Throws
    // engine::PluginError.
    explicit WorkflowRuntime(const std::string& pluginDir);

    // Loads every definition of a folder. Throws engine::DefinitionError.
    void loadWorkflows(const std::string& dir);

    const engine::Registry& registry() const { return registry_; }
    const engine::WorkflowCatalog& catalog() const { return catalog_; }
    // For what adds published versions (services::WorkflowVersionService).
    engine::WorkflowCatalog& catalog() { return catalog_; }
    const engine::PluginHost& plugins() const { return host_; }

private:
    engine::PluginHost host_;
    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
};

}  // namespace grantflow::app
