#include "plugins/emergency/crisis.hpp"

#include <string>
#include <vector>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::emergency {

namespace {

const std::vector<std::string> kCrisisTypes{"epidemic", "natural_disaster", "conflict_refugees"};

class Crisis final : public engine::Guard {
public:
    Crisis(std::string crisisField, std::string countryField)
        : crisisField_(std::move(crisisField)), countryField_(std::move(countryField)) {}

    std::vector<engine::Reason> check(const engine::StepContext& ctx) const override {
        std::vector<engine::Reason> reasons;
        const auto crisis = support::textValue(ctx.application, crisisField_);
        const std::string crisisLabel = support::labelOf(ctx.definition, crisisField_);
        if (!crisis)
            reasons.push_back({crisisField_,
                               crisisLabel + " is missing: emergency aid goes to victims of an "
                                             "epidemic, a natural disaster, or refugees and "
                                             "displaced people of a conflict",
                               kCrisisName});
        else if (!support::contains(kCrisisTypes, *crisis))
            reasons.push_back({crisisField_,
                               crisisLabel + " `" + *crisis +
                                   "` is not a crisis emergency aid covers (" +
                                   support::joined(kCrisisTypes) + ")",
                               kCrisisName});
        if (!support::textValue(ctx.application, countryField_))
            reasons.push_back({countryField_,
                               support::labelOf(ctx.definition, countryField_) +
                                   " is missing: say where the crisis is",
                               kCrisisName});
        return reasons;
    }

private:
    const std::string crisisField_;
    const std::string countryField_;
};

}  // namespace

std::shared_ptr<const engine::Guard> makeCrisis(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"crisis_field", "country_field"});
    auto crisis = support::enumFieldWithin(ctx, "crisis_field", "crisis_type", kCrisisTypes);
    auto country = support::fieldOfType(ctx, "country_field", "country",
                                        {engine::FieldType::Country, engine::FieldType::Text});
    return std::make_shared<Crisis>(std::move(crisis), std::move(country));
}

}  // namespace grantflow::plugins::emergency
