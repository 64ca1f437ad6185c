// The oudin_santini plugin: guards for the WATER programme, which the City
// funds under the Oudin-Santini law (1% of the water and sanitation service
// budgets may go to international water and sanitation actions).

#include "engine/plugin_sdk.hpp"
#include "plugins/oudin_santini/eligible_use.hpp"
#include "plugins/oudin_santini/legal_cap.hpp"

namespace grantflow::plugins::oudin_santini {

class OudinSantiniPlugin final : public PluginBase {
public:
    std::string name() const override { return "oudin_santini"; }

    void registerSteps(engine::StepRegistry& registry) override {
        registry.addGuard(kLegalCapName, makeLegalCap);
        registry.addGuard(kEligibleUseName, makeEligibleUse);
    }
};

}  // namespace grantflow::plugins::oudin_santini

POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
POCO_EXPORT_CLASS(grantflow::plugins::oudin_santini::OudinSantiniPlugin)
POCO_END_MANIFEST
