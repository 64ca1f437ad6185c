#pragma once
// Graphviz (dot) text of a workflow's state machine, for `grantflow workflow
// dot` and for documentation: states as nodes (the initial one bold, final
// ones double circles, deadlines noted), transitions as labelled edges with
// the roles that may fire them and their guards.

#include <string>

#include "engine/workflow_definition.hpp"

namespace grantflow::app {

std::string workflowToDot(const engine::WorkflowDefinition& definition);

}  // namespace grantflow::app
