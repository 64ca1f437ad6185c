#include "plugins/institut_francais/active_in_paris.hpp"

#include <chrono>
#include <string>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::institut_francais {

namespace {

// The organisation's registration field, as the API names it.
constexpr const char* kField = "active_in_paris_since";

class ActiveInParis final : public engine::Guard {
public:
    explicit ActiveInParis(int minYears) : minYears_(minYears) {}

    std::vector<engine::Reason> check(const engine::StepContext& ctx) const override {
        const auto& since = ctx.organisation.activeInParisSince;
        if (!since)
            return {{kField,
                     "The organisation has not declared since when it has been active in Paris; "
                     "this programme funds Parisian artists and troupes active in Paris for at "
                     "least " +
                         years() + ", so the date must be given in its profile",
                     kActiveInParisName}};
        const auto required = std::chrono::days(365) * minYears_;
        if (ctx.now - *since < required)
            return {{kField,
                     "The organisation has been active in Paris since " +
                         support::formatDate(*since) + ", which is less than " + years() +
                         " before " + support::formatDate(ctx.now) +
                         "; this programme funds Parisian artists and troupes active in Paris "
                         "for at least " +
                         years(),
                     kActiveInParisName}};
        return {};
    }

private:
    std::string years() const {
        return std::to_string(minYears_) + (minYears_ == 1 ? " year" : " years");
    }

    const int minYears_;
};

}  // namespace

std::shared_ptr<const engine::Guard> makeActiveInParis(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"min_years"});
    return std::make_shared<ActiveInParis>(
        static_cast<int>(support::integerIn(ctx.params, "min_years", 1, 1, 100)));
}

}  // namespace grantflow::plugins::institut_francais
