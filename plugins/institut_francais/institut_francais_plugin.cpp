// The institut_francais plugin: steps for the CULTURE_IF programme, in which
// the City and the Institut Français jointly fund Parisian artists and
// troupes abroad, with a rotation of recipients and disciplines.

#include "engine/plugin_sdk.hpp"
#include "plugins/institut_francais/active_in_paris.hpp"
#include "plugins/institut_francais/cofunding.hpp"
#include "plugins/institut_francais/rotation.hpp"

namespace grantflow::plugins::institut_francais {

class InstitutFrancaisPlugin final : public PluginBase {
public:
    std::string name() const override { return "institut_francais"; }

    void registerSteps(engine::StepRegistry& registry) override {
        registry.addGuard(kActiveInParisName, makeActiveInParis);
        registry.addGuard(kRotationName, makeRotation);
        registry.addAction(kCofundingName, makeCofunding);
    }
};

}  // namespace grantflow::plugins::institut_francais

POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
POCO_EXPORT_CLASS(grantflow::plugins::institut_francais::InstitutFrancaisPlugin)
POCO_END_MANIFEST
