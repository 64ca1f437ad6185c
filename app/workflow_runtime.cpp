#include "app/workflow_runtime.hpp"

namespace grantflow::app {

WorkflowRuntime::WorkflowRuntime(const std::string& pluginDir) {
    engine::registerBuiltinSteps(registry_);
    host_.loadDirectory(pluginDir, registry_);
}

void WorkflowRuntime::loadWorkflows(const std::string& dir) {
    catalog_ = engine::WorkflowCatalog::loadDirectory(dir, registry_);
}

}  // namespace grantflow::app
