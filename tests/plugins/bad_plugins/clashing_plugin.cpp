// Test-only plugin: registers a name the engine already has. The host must
// refuse it rather than let one step silently replace another.
#include "engine/plugin_sdk.hpp"

namespace {

class Passes final : public grantflow::engine::Guard {
public:
    std::vector<grantflow::engine::Reason> check(
        const grantflow::engine::StepContext&) const override {
        return {};
    }
};

class ClashingPlugin final : public grantflow::plugins::PluginBase {
public:
    std::string name() const override { return "clashing"; }
    void registerSteps(grantflow::engine::StepRegistry& registry) override {
        registry.addGuard("clashing.fine", [](const grantflow::engine::FactoryContext&) {
            return std::make_shared<Passes>();
        });
        registry.addGuard("required_fields", [](const grantflow::engine::FactoryContext&) {
            return std::make_shared<Passes>();
        });
    }
};

}  // namespace

POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
POCO_EXPORT_CLASS(ClashingPlugin)
POCO_END_MANIFEST
