#pragma once
// Programmes as the catalog defines them, with a year's envelope and budget
// use, and the budget overview (each caller sees the programmes Visibility
// lets it see), and the setting of an envelope (administrators, finance). Thread-safe.

#include <vector>

#include "engine/budget.hpp"
#include "engine/programme_store.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"

namespace grantflow::services {

struct ProgrammeOverview {
    const engine::WorkflowDefinition* definition = nullptr;  // the latest version
    engine::BudgetUse budget;
};

class ProgrammeService {
public:
    ProgrammeService(const engine::WorkflowCatalog& catalog, engine::ProgrammeStore& programmes,
                     const engine::Clock& clock);

    // Every programme of the catalog (public to every signed-in caller).
    std::vector<ProgrammeOverview> programmes(int year);
    // The budget of the programmes `actor` may see.
    std::vector<engine::BudgetUse> budget(const engine::Actor& actor, int year);
    engine::BudgetUse budgetUse(const std::string& programme, int year);

    // Sets the envelope of (programme, year) and records it in the audit
    // trail, in one transaction. Admins and finance officers only (Forbidden); NotFound for an
    // unknown programme; Invalid (a reason per field) for a negative amount
    // or a year outside kFirstYear..kLastYear; Conflict, with the figures,
    // for an amount below what is reserved, committed and paid. Returns the
    // budget use after the change.
    static constexpr int kFirstYear = 2000;
    static constexpr int kLastYear = 2200;
    engine::Result<engine::BudgetUse> setEnvelope(const engine::Actor& actor,
                                                  const std::string& programme, int year,
                                                  engine::Money amount);

private:
    const engine::WorkflowCatalog& catalog_;
    engine::ProgrammeStore& programmes_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
