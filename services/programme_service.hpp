#pragma once
// Programmes as the catalog defines them, with a year's envelope and budget
// use, and the budget overview (each caller sees the programmes Visibility
// lets it see). Thread-safe.

#include <vector>

#include "engine/budget.hpp"
#include "engine/programme_store.hpp"
#include "engine/role.hpp"
#include "engine/workflow_catalog.hpp"

namespace grantflow::services {

struct ProgrammeOverview {
    const engine::WorkflowDefinition* definition = nullptr;  // the latest version
    engine::BudgetUse budget;
};

class ProgrammeService {
public:
    ProgrammeService(const engine::WorkflowCatalog& catalog, engine::ProgrammeStore& programmes);

    // Every programme of the catalog (public to every signed-in caller).
    std::vector<ProgrammeOverview> programmes(int year);
    // The budget of the programmes `actor` may see.
    std::vector<engine::BudgetUse> budget(const engine::Actor& actor, int year);
    engine::BudgetUse budgetUse(const std::string& programme, int year);

private:
    const engine::WorkflowCatalog& catalog_;
    engine::ProgrammeStore& programmes_;
};

}  // namespace grantflow::services
