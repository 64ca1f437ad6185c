#include "plugins/oudin_santini/eligible_use.hpp"

#include <string>
#include <vector>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::oudin_santini {

namespace {

const std::vector<std::string> kExcludedUses{"agricultural", "industrial", "drainage"};

class EligibleUse final : public engine::Guard {
public:
    explicit EligibleUse(std::string field) : field_(std::move(field)) {}

    std::vector<engine::Reason> check(const engine::StepContext& ctx) const override {
        const std::string label = support::labelOf(ctx.definition, field_);
        const auto use = support::textValue(ctx.application, field_);
        if (!use)
            return {{field_,
                     label + " is missing: the Oudin-Santini law funds only access to drinking "
                             "water and sanitation, so the use must be declared",
                     kEligibleUseName}};
        if (support::contains(kExcludedUses, *use))
            return {{field_,
                     label + ": the " + *use +
                         " use cannot be funded under the Oudin-Santini law, which covers access "
                         "to drinking water and sanitation only (agricultural, industrial and "
                         "drainage uses are excluded)",
                     kEligibleUseName}};
        return {};
    }

private:
    const std::string field_;
};

}  // namespace

std::shared_ptr<const engine::Guard> makeEligibleUse(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"field"});
    return std::make_shared<EligibleUse>(
        support::fieldOfType(ctx, "field", "water_use", {engine::FieldType::Enum}));
}

}  // namespace grantflow::plugins::oudin_santini
