// Test-only plugin: claims to be built for the next SDK version, as a plugin
// compiled against a newer (or older) grantflow would. The host must refuse it.
#include "engine/plugin_sdk.hpp"

namespace {

class WrongSdkPlugin final : public grantflow::plugins::Plugin {
public:
    int sdkVersion() const override { return grantflow::plugins::kSdkVersion + 1; }
    std::string name() const override { return "wrong_sdk"; }
    void registerSteps(grantflow::engine::StepRegistry&) override {}
};

}  // namespace

POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
POCO_EXPORT_CLASS(WrongSdkPlugin)
POCO_END_MANIFEST
