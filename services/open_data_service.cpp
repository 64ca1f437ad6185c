#include "services/open_data_service.hpp"

#include "documents/subventions_csv.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

OpenDataService::OpenDataService(const engine::WorkflowCatalog& catalog,
                                 engine::StatisticsStore& store, OpenDataSettings settings)
    : catalog_(catalog), store_(store), settings_(std::move(settings)) {}

engine::Result<std::string> OpenDataService::subventionsCsv(int year) const {
    if (year < kFirstYear || year > kLastYear)
        return makeError(
            ErrorCode::Invalid, "no open data for this year",
            {{"year",
              "must be between " + std::to_string(kFirstYear) + " and " + std::to_string(kLastYear),
              ""}});
    if (settings_.attributorSiret.empty())
        return makeError(ErrorCode::Unavailable,
                         "the City's SIRET is not configured (open_data.siret): nothing can be "
                         "published");
    std::vector<documents::Subvention> rows;
    for (const auto& grant : store_.votedGrants(year, kThreshold)) {
        documents::Subvention s;
        s.attributorName = settings_.attributorName;
        s.attributorSiret = settings_.attributorSiret;
        s.votedAt = grant.votedAt;
        s.decisionReference = grant.deliberationReference;
        s.beneficiaryName = grant.organisationName;
        s.beneficiarySiret = grant.siret;
        s.beneficiaryRna = grant.rna;
        s.object = grant.title;
        s.amount = grant.granted;
        s.paidAt = grant.paidAt;
        s.aidScheme = grant.programme;
        rows.push_back(std::move(s));
    }
    return documents::renderSubventionsCsv(rows);
}

}  // namespace grantflow::services
