#include "plugins/institut_francais/rotation.hpp"

#include <string>
#include <vector>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::institut_francais {

namespace {

const std::vector<std::string> kDefaultFundedStates{"voted", "agreement_signed", "paid",
                                                    "report_received", "closed"};

class Rotation final : public engine::Guard {
public:
    Rotation(std::string disciplineField, std::string justificationField,
             std::vector<std::string> fundedStates, std::size_t minChars)
        : disciplineField_(std::move(disciplineField)),
          justificationField_(std::move(justificationField)),
          fundedStates_(std::move(fundedStates)),
          minChars_(minChars) {}

    std::vector<engine::Reason> check(const engine::StepContext& ctx) const override {
        const engine::Application& app = ctx.application;
        const int previous = app.year - 1;
        const auto discipline = support::textValue(app, disciplineField_);

        bool sameOrganisation = false;
        bool sameDiscipline = false;
        for (const auto& funded :
             ctx.store.applicationsInStates(app.programme, previous, fundedStates_)) {
            if (funded.id == app.id) continue;
            sameOrganisation = sameOrganisation || funded.organizationId == app.organizationId;
            sameDiscipline =
                sameDiscipline ||
                (discipline && support::textValue(funded, disciplineField_) == discipline);
        }
        if (!sameOrganisation && !sameDiscipline) return {};

        const auto justification = support::textValue(app, justificationField_);
        const std::size_t length = justification ? support::utf8Length(*justification) : 0;
        if (length >= minChars_) return {};

        const std::string year = std::to_string(previous);
        std::string trigger;
        if (sameOrganisation && sameDiscipline)
            trigger = "This organisation and the discipline `" + *discipline +
                      "` were both funded in the previous cycle (" + year + ")";
        else if (sameOrganisation)
            trigger = "This organisation was funded in the previous cycle (" + year + ")";
        else
            trigger = "The discipline `" + *discipline + "` was funded in the previous cycle (" +
                      year + ")";
        const std::string label = support::labelOf(ctx.definition, justificationField_);
        std::string missing = length == 0 ? label + " must explain why"
                                          : label + " is too short (" + std::to_string(length) +
                                                " characters) to explain why";
        return {{justificationField_,
                 trigger + " and the programme rotates recipients and disciplines: " + missing +
                     " it should be funded again (at least " + std::to_string(minChars_) +
                     " characters)",
                 kRotationName}};
    }

private:
    const std::string disciplineField_;
    const std::string justificationField_;
    const std::vector<std::string> fundedStates_;
    const std::size_t minChars_;
};

std::vector<std::string> fundedStates(const engine::FactoryContext& ctx) {
    auto states = engine::params::texts(ctx.params, "funded_states", kDefaultFundedStates);
    if (states.empty()) throw engine::ParamError("funded_states", "must name at least one state");
    for (std::size_t i = 0; i < states.size(); ++i)
        if (!ctx.definition.state(states[i]))
            throw engine::ParamError(
                "funded_states[" + std::to_string(i) + "]",
                "names state `" + states[i] + "`, which the definition does not declare");
    return states;
}

}  // namespace

std::shared_ptr<const engine::Guard> makeRotation(const engine::FactoryContext& ctx) {
    using engine::FieldType;
    support::onlyKeys(ctx.params, {"discipline_field", "justification_field", "funded_states",
                                   "min_justification_chars"});
    auto discipline = support::fieldOfType(ctx, "discipline_field", "discipline",
                                           {FieldType::Enum, FieldType::Text});
    auto justification = support::fieldOfType(ctx, "justification_field", "rotation_justification",
                                              {FieldType::LongText, FieldType::Text});
    auto minChars = support::integerIn(ctx.params, "min_justification_chars", 20, 1, 4000);
    return std::make_shared<Rotation>(std::move(discipline), std::move(justification),
                                      fundedStates(ctx), static_cast<std::size_t>(minChars));
}

}  // namespace grantflow::plugins::institut_francais
