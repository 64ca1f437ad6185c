#include "plugins/institut_francais/cofunding.hpp"

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::institut_francais {

namespace {

class Cofunding final : public engine::Action {
public:
    explicit Cofunding(std::int64_t percent) : percent_(percent) {}

    void apply(const engine::StepContext& ctx, engine::TransitionChange& change) const override {
        const engine::Application& app = ctx.application;
        const engine::Money base = engine::pendingGranted(app, change);
        // Before any decision the share is an estimate on the requested
        // amount; recording that amount as granted would decide the grant.
        if (change.amountGranted || app.amountGranted) change.amountGranted = base;
        change.partnerShare = base.percent(percent_ * 100);  // percent -> basis points
    }

private:
    const std::int64_t percent_;
};

}  // namespace

std::shared_ptr<const engine::Action> makeCofunding(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"partner_share_percent"});
    return std::make_shared<Cofunding>(
        support::integerIn(ctx.params, "partner_share_percent", 50, 1, 100));
}

}  // namespace grantflow::plugins::institut_francais
