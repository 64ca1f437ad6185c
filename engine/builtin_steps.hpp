#pragma once
// Registration of the engine's generic guards and actions (documented in
// docs/workflows.md). Internal to the engine: callers use
// registerBuiltinSteps() from step_registry.hpp.

#include "engine/guard.hpp"

namespace grantflow::engine::builtin {

void registerGuards(StepRegistry& registry);
void registerActions(StepRegistry& registry);

}  // namespace grantflow::engine::builtin
