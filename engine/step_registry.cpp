#include "engine/step_registry.hpp"

#include <stdexcept>

namespace grantflow::engine {

void Registry::addGuard(const std::string& name, GuardFactory factory) {
    if (!guards_.emplace(name, std::move(factory)).second)
        throw std::invalid_argument("guard `" + name + "` is registered twice");
}

void Registry::addAction(const std::string& name, ActionFactory factory) {
    if (!actions_.emplace(name, std::move(factory)).second)
        throw std::invalid_argument("action `" + name + "` is registered twice");
}

const GuardFactory* Registry::guard(const std::string& name) const {
    auto it = guards_.find(name);
    return it == guards_.end() ? nullptr : &it->second;
}

const ActionFactory* Registry::action(const std::string& name) const {
    auto it = actions_.find(name);
    return it == actions_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::guardNames() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : guards_) out.push_back(name);
    return out;
}

std::vector<std::string> Registry::actionNames() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : actions_) out.push_back(name);
    return out;
}

}  // namespace grantflow::engine
