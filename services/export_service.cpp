#include "services/export_service.hpp"

#include <map>

#include "documents/exports.hpp"

namespace grantflow::services {

ExportService::ExportService(ApplicationService& applications, AssessmentService& assessments,
                             ProgrammeService& programmes, engine::WorkflowReader& store,
                             const engine::WorkflowCatalog& catalog, const engine::Clock& clock)
    : applications_(applications),
      assessments_(assessments),
      programmes_(programmes),
      store_(store),
      catalog_(catalog),
      clock_(clock) {}

std::string ExportService::applicationsXlsx(const engine::Actor& actor,
                                            engine::ApplicationFilter filter) {
    filter.limit = engine::ApplicationQuery::kMaxLimit;
    filter.before.reset();
    std::vector<documents::ApplicationExportRow> rows;
    std::map<std::int64_t, std::string> organisations;
    for (;;) {
        auto page = applications_.list(actor, filter);
        const auto assessed = assessments_.summaries(page.items);
        for (const auto& app : page.items) {
            auto org = organisations.find(app.organizationId);
            if (org == organisations.end()) {
                auto found = store_.findOrganisation(app.organizationId);
                org = organisations.emplace(app.organizationId, found ? found->name : "").first;
            }
            const auto* def = applications_.definitionOf(app);
            const auto* state = def ? def->state(app.state) : nullptr;
            documents::ApplicationExportRow row;
            row.reference = app.reference;
            row.programme = app.programme;
            row.organisation = org->second;
            row.country = def ? app.actionCountry(*def) : "";
            row.title = app.title;
            row.state = app.state;
            row.stateLabel = state && state->label != state->name ? state->label : "";
            row.requested = app.amountRequested;
            row.granted = app.amountGranted.value_or(engine::Money());
            if (!def || app.state != def->initialState().name) row.submittedAt = app.createdAt;
            row.updatedAt = app.stateEnteredAt;
            if (auto it = assessed.find(app.id); it != assessed.end()) {
                if (it->second.mean) row.scoreHundredths = it->second.mean->hundredths;
                row.proposed = it->second.proposedAmount;
            }
            rows.push_back(std::move(row));
        }
        if (!page.nextCursor) break;
        filter.before = page.nextCursor;
    }
    return documents::renderApplicationsExport(rows, clock_.now());
}

std::string ExportService::budgetXlsx(const engine::Actor& actor, int year) {
    std::vector<documents::BudgetExportRow> rows;
    for (const auto& use : programmes_.budget(actor, year)) {
        const auto* def = catalog_.latest(use.programme);
        rows.push_back({use.programme, def ? def->title : "", use.envelope, use.reserved,
                        use.committed, use.paid});
    }
    return documents::renderBudgetExport(rows, year, clock_.now());
}

}  // namespace grantflow::services
