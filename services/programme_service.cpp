#include "services/programme_service.hpp"

#include "services/visibility.hpp"

namespace grantflow::services {

ProgrammeService::ProgrammeService(const engine::WorkflowCatalog& catalog,
                                   engine::ProgrammeStore& programmes)
    : catalog_(catalog), programmes_(programmes) {}

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

}  // namespace grantflow::services
