#pragma once
// The clerks' XLSX exports: the applications a caller may see (with the
// list's filters) and the budget of a year per programme (the programmes
// the caller may see). Rows come from the same services as the API's lists,
// so an export never shows what the list would not; the applications
// export adds the mean weighted score and the latest proposed amount (the
// routes serve staff only). Thread-safe.

#include <string>

#include "engine/application_query.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_store.hpp"
#include "services/application_service.hpp"
#include "services/assessment_service.hpp"
#include "services/programme_service.hpp"

namespace grantflow::services {

class ExportService {
public:
    ExportService(ApplicationService& applications, AssessmentService& assessments,
                  ProgrammeService& programmes, engine::WorkflowReader& store,
                  const engine::WorkflowCatalog& catalog, const engine::Clock& clock);

    // Every page of the list `actor` would get with `filter` (paging members ignored).
    std::string applicationsXlsx(const engine::Actor& actor, engine::ApplicationFilter filter);
    std::string budgetXlsx(const engine::Actor& actor, int year);

private:
    ApplicationService& applications_;
    AssessmentService& assessments_;
    ProgrammeService& programmes_;
    engine::WorkflowReader& store_;
    const engine::WorkflowCatalog& catalog_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
