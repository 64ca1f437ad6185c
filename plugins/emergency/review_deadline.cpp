#include "plugins/emergency/review_deadline.hpp"

#include <chrono>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::emergency {

namespace {

class ReviewDeadline final : public engine::Action {
public:
    explicit ReviewDeadline(std::chrono::days days) : days_(days) {}

    void apply(const engine::StepContext& ctx, engine::TransitionChange& change) const override {
        change.deadlineAt = ctx.now + days_;
    }

private:
    const std::chrono::days days_;
};

}  // namespace

std::shared_ptr<const engine::Action> makeReviewDeadline(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"days"});
    return std::make_shared<ReviewDeadline>(
        std::chrono::days(support::integerIn(ctx.params, "days", 5, 1, 90)));
}

}  // namespace grantflow::plugins::emergency
