#include "services/programme_service.hpp"

#include "services/visibility.hpp"

namespace grantflow::services {

ProgrammeService::ProgrammeService(const engine::WorkflowCatalog& catalog,
                                   engine::ProgrammeStore& programmes, const engine::Clock& clock)
    : catalog_(catalog), programmes_(programmes), clock_(clock) {}

std::vector<ProgrammeOverview> ProgrammeService::programmes(int year) {
    std::vector<ProgrammeOverview> out;
    for (const auto& code : catalog_.programmes())
        out.push_back({catalog_.latest(code), programmes_.budgetUse(code, year)});
    return out;
}

std::vector<engine::BudgetUse> ProgrammeService::budget(const engine::Actor& actor, int year) {
    std::vector<engine::BudgetUse> out;
    for (auto& use : programmes_.budgetForYear(year))
        if (Visibility::canSeeProgramme(actor, use.programme)) out.push_back(std::move(use));
    return out;
}

engine::BudgetUse ProgrammeService::budgetUse(const std::string& programme, int year) {
    return programmes_.budgetUse(programme, year);
}

namespace {

using engine::ErrorCode;
using engine::makeError;

// "1000.00 EUR (100000 cents)": the figures of a refusal, readable and exact.
std::string figure(engine::Money m) {
    return m.toString() + " (" + std::to_string(m.cents()) + " cents)";
}

engine::Error belowUse(const engine::BudgetUse& use, engine::Money asked) {
    std::string what = use.programme + " " + std::to_string(use.year);
    return makeError(
        ErrorCode::Conflict,
        "the envelope of " + what + " cannot be set to " + figure(asked) + ": " +
            figure(use.used()) + " is already in use (reserved " + figure(use.reserved) +
            ", committed " + figure(use.committed) + ", paid " + figure(use.paid) + ")",
        {{"amount_cents",
          "asked " + figure(asked) + ", below the " + figure(use.used()) + " in use", ""},
         {"reserved_cents", "reserved " + figure(use.reserved), ""},
         {"committed_cents", "committed " + figure(use.committed), ""},
         {"paid_cents", "paid " + figure(use.paid), ""}});
}

}  // namespace

engine::Result<engine::BudgetUse> ProgrammeService::setEnvelope(const engine::Actor& actor,
                                                                const std::string& programme,
                                                                int year, engine::Money amount) {
    if (actor.role != engine::Role::Admin && actor.role != engine::Role::Finance)
        return makeError(ErrorCode::Forbidden,
                         "only an administrator or a finance officer may set an envelope");
    std::vector<engine::Reason> invalid;
    if (year < kFirstYear || year > kLastYear)
        invalid.push_back(
            {"year",
             "must be between " + std::to_string(kFirstYear) + " and " + std::to_string(kLastYear),
             ""});
    if (amount < engine::Money()) invalid.push_back({"amount_cents", "must be zero or more", ""});
    if (!invalid.empty())
        return makeError(ErrorCode::Invalid, "the envelope cannot be set", std::move(invalid));

    auto change = programmes_.changeEnvelope(programme, year, amount, actor, clock_.now());
    if (!change) return change.error();
    if (!change.value().applied) return belowUse(change.value().use, amount);
    return change.value().use;
}

}  // namespace grantflow::services
