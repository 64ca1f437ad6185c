#include "plugins/emergency/amount_bounds.hpp"

#include <string>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::emergency {

namespace {

using engine::Money;

constexpr std::int64_t kDefaultMinCents = 2000000;   // €20,000
constexpr std::int64_t kDefaultMaxCents = 10000000;  // €100,000

class AmountBounds final : public engine::Guard {
public:
    AmountBounds(Money min, Money max) : min_(min), max_(max) {}

    std::vector<engine::Reason> check(const engine::StepContext& ctx) const override {
        const engine::Application& app = ctx.application;
        const bool granted = app.amountGranted.has_value();
        const Money amount = app.amountGranted.value_or(app.amountRequested);
        if (amount >= min_ && amount <= max_) return {};
        const std::string field = granted ? "amount_granted_cents" : "amount_requested_cents";
        const std::string what = granted ? " granted is " : " requested is ";
        const std::string side = amount < min_ ? "below the minimum" : "above the maximum";
        return {{field,
                 "Emergency aid is a one-off grant from " + min_.toString() + " to " +
                     max_.toString() + "; " + amount.toString() + what + side,
                 kAmountBoundsName}};
    }

private:
    const Money min_;
    const Money max_;
};

}  // namespace

std::shared_ptr<const engine::Guard> makeAmountBounds(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"min_cents", "max_cents"});
    auto min = engine::params::integer(ctx.params, "min_cents", kDefaultMinCents);
    auto max = engine::params::integer(ctx.params, "max_cents", kDefaultMaxCents);
    if (min < 0) throw engine::ParamError("min_cents", "must not be negative");
    if (min > max)
        throw engine::ParamError("min_cents", "is greater than max_cents (" + std::to_string(min) +
                                                  " > " + std::to_string(max) + ")");
    return std::make_shared<AmountBounds>(Money::fromCents(min), Money::fromCents(max));
}

}  // namespace grantflow::plugins::emergency
