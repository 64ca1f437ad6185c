// The sums behind the statistics and the voted grants behind the open data,
// read from the store on each backend.
#include "store/statistics_repository.hpp"

#include <gtest/gtest.h>

#include "tests/store/backend_fixture.hpp"
#include "tests/store/statistics_test_data.hpp"

using namespace grantflow;
using grantflow::testing::BackendTest;

namespace {

class StatisticsRepositoryTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        history_ = grantflow::testing::writeStatisticsHistory(db());
    }

    static engine::StatisticsFilter byCountryField() {
        engine::StatisticsFilter f;
        f.countryFields = {{"HEALTH", "country"}, {"EMERGENCY", "country"}};
        return f;
    }

    grantflow::testing::StatisticsHistory history_;
};

std::string describe(const engine::StatisticsCell& c) {
    return c.programme + " " + std::to_string(c.year) + " " + c.state + " [" + c.country + "] " +
           std::to_string(c.applications) + " " + std::to_string(c.requested.cents()) + " " +
           std::to_string(c.granted.cents()) + " " + std::to_string(c.paid.cents());
}

std::vector<std::string> describe(const std::vector<engine::StatisticsCell>& cells) {
    std::vector<std::string> out;
    for (const auto& c : cells) out.push_back(describe(c));
    return out;
}

}  // namespace

TEST_P(StatisticsRepositoryTest, SumsEachGroupWithTheLedgersGrantsAndPayments) {
    store::StatisticsRepository repo(db());
    EXPECT_EQ(describe(repo.cells(byCountryField())),
              (std::vector<std::string>{
                  "EMERGENCY 2030 submitted [TN] 1 2500000 0 0",
                  "EMERGENCY 2031 voted [HT] 2 6300000 6300000 0",
                  "HEALTH 2031 draft [] 1 9900000 0 0",
                  "HEALTH 2031 paid [ML] 1 6000000 5000000 5000000",
                  "HEALTH 2031 submitted [SN] 1 1500000 0 0",
                  "HEALTH 2031 withdrawn [SN] 1 3000000 0 0",
              }));
}

TEST_P(StatisticsRepositoryTest, FiltersByYearProgrammeAndVisibleProgrammes) {
    store::StatisticsRepository repo(db());
    auto f = byCountryField();
    f.year = 2030;
    EXPECT_EQ(describe(repo.cells(f)),
              std::vector<std::string>{"EMERGENCY 2030 submitted [TN] 1 2500000 0 0"});
    f = byCountryField();
    f.programme = "EMERGENCY";
    EXPECT_EQ(repo.cells(f).size(), 2u);
    f = byCountryField();
    f.programmes = std::vector<std::string>{"HEALTH"};
    EXPECT_EQ(repo.cells(f).size(), 4u);
    f.programmes = std::vector<std::string>{};
    EXPECT_TRUE(repo.cells(f).empty());
}

TEST_P(StatisticsRepositoryTest, AProgrammeWithoutACountryFieldHasNoCountry) {
    store::StatisticsRepository repo(db());
    engine::StatisticsFilter f;
    f.countryFields = {{"EMERGENCY", "country"}};
    f.programme = "HEALTH";
    for (const auto& cell : repo.cells(f)) EXPECT_EQ(cell.country, "") << describe(cell);
    f.countryFields = {{"HEALTH", "not a field"}};
    EXPECT_THROW(repo.cells(f), std::invalid_argument);
}

TEST_P(StatisticsRepositoryTest, VotedGrantsAreThoseOfTheYearAboveTheThreshold) {
    store::StatisticsRepository repo(db());
    auto grants = repo.votedGrants(2031, engine::Money::fromCents(2'300'000));
    ASSERT_EQ(grants.size(), 2u);
    EXPECT_EQ(grants[0].applicationId, history_.bigPaid);
    EXPECT_EQ(grants[0].programme, "HEALTH");
    EXPECT_EQ(grants[0].title, "Dépistage du VIH à Bamako");
    EXPECT_EQ(grants[0].organisationName, "Solidarité Sida, Paris");
    EXPECT_EQ(grants[0].siret, "73282932000074");
    EXPECT_EQ(grants[0].rna, "W751234567");
    EXPECT_EQ(grants[0].deliberationReference, "2031 DGRI 7");
    EXPECT_EQ(engine::formatTimestamp(grants[0].votedAt), "2031-03-10T16:30:00Z");
    EXPECT_EQ(grants[0].granted.cents(), 5'000'000);
    ASSERT_TRUE(grants[0].paidAt);
    EXPECT_EQ(engine::formatTimestamp(*grants[0].paidAt), "2031-04-02T11:00:00Z");
    EXPECT_EQ(grants[1].applicationId, history_.bigUnpaid);
    EXPECT_EQ(grants[1].siret, "");
    EXPECT_FALSE(grants[1].paidAt);
    EXPECT_TRUE(repo.votedGrants(2030, engine::Money::fromCents(2'300'000)).empty());
    EXPECT_TRUE(repo.votedGrants(2032, engine::Money::fromCents(2'300'000)).empty());
    EXPECT_EQ(repo.votedGrants(2031, engine::Money::fromCents(2'299'999)).size(), 3u);
}

GRANTFLOW_INSTANTIATE_BACKENDS(StatisticsRepositoryTest);
