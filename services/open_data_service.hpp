#pragma once
// The grants the City publishes as open data, as décret n° 2017-779 asks
// of local authorities: every grant above €23,000 voted in a year, one
// row each in the SCDL "subventions" format (documents/subventions_csv).
// Public data: no sign-in, and nothing but the schema's columns (never an
// IBAN, an address or an e-mail).
//
// The City's name and SIRET (nomAttribuant, idAttribuant) are settings;
// without a SIRET nothing is published (Unavailable), since a file without
// it would not pass the schema. Thread-safe.

#include <string>

#include "engine/money.hpp"
#include "engine/result.hpp"
#include "engine/statistics_store.hpp"
#include "engine/workflow_catalog.hpp"

namespace grantflow::services {

struct OpenDataSettings {
    std::string attributorName = "Ville de Paris";
    std::string attributorSiret;  // 14 digits, checked by whoever sets it (engine/identifiers)
};

class OpenDataService {
public:
    static constexpr engine::Money kThreshold = engine::Money::fromCents(2'300'000);
    static constexpr int kFirstYear = 2000;
    static constexpr int kLastYear = 2200;

    OpenDataService(const engine::WorkflowCatalog& catalog, engine::StatisticsStore& store,
                    OpenDataSettings settings);

    // The CSV of the grants voted in `year` above kThreshold. Invalid for a
    // year outside kFirstYear..kLastYear; Unavailable without a SIRET.
    engine::Result<std::string> subventionsCsv(int year) const;

private:
    const engine::WorkflowCatalog& catalog_;
    engine::StatisticsStore& store_;
    OpenDataSettings settings_;
};

}  // namespace grantflow::services
