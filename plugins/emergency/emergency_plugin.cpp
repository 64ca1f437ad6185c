// The emergency plugin: steps for the EMERGENCY programme, one-off grants of
// €20,000 to €100,000 to Parisian associations facing a crisis in the field,
// reviewed within days.

#include "engine/plugin_sdk.hpp"
#include "plugins/emergency/amount_bounds.hpp"
#include "plugins/emergency/crisis.hpp"
#include "plugins/emergency/review_deadline.hpp"

namespace grantflow::plugins::emergency {

class EmergencyPlugin final : public PluginBase {
public:
    std::string name() const override { return "emergency"; }

    void registerSteps(engine::StepRegistry& registry) override {
        registry.addGuard(kAmountBoundsName, makeAmountBounds);
        registry.addGuard(kCrisisName, makeCrisis);
        registry.addAction(kReviewDeadlineName, makeReviewDeadline);
    }
};

}  // namespace grantflow::plugins::emergency

POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
POCO_EXPORT_CLASS(grantflow::plugins::emergency::EmergencyPlugin)
POCO_END_MANIFEST
