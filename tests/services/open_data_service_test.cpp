// The open-data file over a fake store: the exact CSV, the threshold asked
// of the store, and what is refused.
#include "services/open_data_service.hpp"

#include <gtest/gtest.h>

#include "engine/workflow_catalog.hpp"

using namespace grantflow;
using engine::ErrorCode;
using engine::Money;

namespace {

class FakeVotedGrants final : public engine::StatisticsStore {
public:
    std::vector<engine::StatisticsCell> cells(const engine::StatisticsFilter&) override {
        return {};
    }
    std::vector<engine::VotedGrant> votedGrants(int year, Money above) override {
        askedYear = year;
        askedAbove = above;
        return grants;
    }
    std::vector<engine::VotedGrant> grants;
    int askedYear = 0;
    Money askedAbove;
};

engine::Timestamp at(const char* text) { return *engine::parseTimestamp(text); }

}  // namespace

TEST(OpenDataService, WritesOneSchemaRowPerGrantQuotingWhatNeedsIt) {
    FakeVotedGrants store;
    engine::VotedGrant paid;
    paid.applicationId = 1;
    paid.programme = "HEALTH";
    paid.title = "Dépistage, traitement et suivi à Bamako";
    paid.organisationName = "Solidarité \"Sida\"";
    paid.siret = "73282932000074";
    paid.rna = "W751234567";
    paid.deliberationReference = "2031 DGRI 7";
    paid.votedAt = at("2031-03-10T16:30:00Z");
    paid.granted = Money::fromCents(5'000'005);
    paid.paidAt = at("2031-04-02T11:00:00Z");
    engine::VotedGrant unpaid = paid;
    unpaid.organisationName = "Secours";
    unpaid.siret = "";
    unpaid.title = std::string(300, 'x');
    unpaid.granted = Money::fromCents(4'000'000);
    unpaid.paidAt.reset();
    store.grants = {paid, unpaid};

    engine::WorkflowCatalog catalog;
    services::OpenDataService service(catalog, store, {"Ville de Paris", "21750001600019"});
    auto csv = service.subventionsCsv(2031);
    ASSERT_TRUE(csv) << csv.error().message;
    EXPECT_EQ(store.askedYear, 2031);
    EXPECT_EQ(store.askedAbove, Money::fromEuros(23'000));
    EXPECT_EQ(csv.value(),
              "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,"
              "idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,"
              "datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide\r\n"
              "Ville de Paris,21750001600019,2031-03-10,2031 DGRI 7,\"Solidarité \"\"Sida\"\"\","
              "73282932000074,W751234567,\"Dépistage, traitement et suivi à Bamako\",50000.05,"
              "aide en numéraire,unique,2031-04-02,,non,1.00,HEALTH\r\n"
              "Ville de Paris,21750001600019,2031-03-10,2031 DGRI 7,Secours,,W751234567," +
                  std::string(256, 'x') +
                  ",40000.00,aide en numéraire,unique,2031-03-10/2031-12-31,,non,1.00,HEALTH\r\n");
}

TEST(OpenDataService, NeedsTheCitysSiretAndAYearInRange) {
    FakeVotedGrants store;
    engine::WorkflowCatalog catalog;
    services::OpenDataService unconfigured(catalog, store, {"Ville de Paris", ""});
    auto refused = unconfigured.subventionsCsv(2031);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    services::OpenDataService service(catalog, store, {"Ville de Paris", "21750001600019"});
    auto year = service.subventionsCsv(1999);
    ASSERT_FALSE(year);
    EXPECT_EQ(year.error().code, ErrorCode::Invalid);
    EXPECT_EQ(year.error().reasons.at(0).field, "year");
    auto empty = service.subventionsCsv(2031);
    ASSERT_TRUE(empty);
    EXPECT_EQ(std::count(empty.value().begin(), empty.value().end(), '\n'), 1);
}
