#pragma once
// The engine's registry of guards and actions, keyed by name. Built-in steps
// are registered by registerBuiltinSteps(); plugins add theirs through the
// StepRegistry interface. Filled at start-up on one thread, read-only after.

#include <map>
#include <string>

#include "engine/guard.hpp"

namespace grantflow::engine {

class Registry final : public StepRegistry {
public:
    void addGuard(const std::string& name, GuardFactory factory) override;
    void addAction(const std::string& name, ActionFactory factory) override;

    const GuardFactory* guard(const std::string& name) const;
    const ActionFactory* action(const std::string& name) const;
    std::vector<std::string> guardNames() const;
    std::vector<std::string> actionNames() const;

private:
    std::map<std::string, GuardFactory> guards_;
    std::map<std::string, ActionFactory> actions_;
};

// The generic guards and actions every programme may use (see
// docs/workflows.md for their parameters).
void registerBuiltinSteps(StepRegistry& registry);

}  // namespace grantflow::engine
