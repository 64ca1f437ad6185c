// Test-only plugin: registers one guard, then fails. The host must refuse it
// and leave nothing of it registered.
#include <stdexcept>

#include "engine/plugin_sdk.hpp"

namespace {

class Passes final : public grantflow::engine::Guard {
public:
    std::vector<grantflow::engine::Reason> check(
        const grantflow::engine::StepContext&) const override {
        return {};
    }
};

class ThrowingPlugin final : public grantflow::plugins::PluginBase {
public:
    std::string name() const override { return "throwing"; }
    void registerSteps(grantflow::engine::StepRegistry& registry) override {
        registry.addGuard(
            "throwing.registered_first",
            [](const grantflow::engine::FactoryContext&) { return std::make_shared<Passes>(); });
        throw std::runtime_error("cannot read its configuration");
    }
};

}  // namespace

POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
POCO_EXPORT_CLASS(ThrowingPlugin)
POCO_END_MANIFEST
