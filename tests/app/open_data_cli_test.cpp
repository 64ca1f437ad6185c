// `grantflow open-data subventions` as an operator runs it, on each backend:
// the file holds the grants voted in the year above 23,000 € and passes the
// SCDL schema check; bad arguments are named.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/app/cli_fixture.hpp"
#include "tests/integration/scdl_check.hpp"
#include "tests/store/statistics_test_data.hpp"

using grantflow::testing::CliTest;
using grantflow::testing::contains;

namespace {

class OpenDataCli : public CliTest {
protected:
    void SetUp() override {
        CliTest::SetUp();
        if (HasFatalFailure()) return;
        out_ = std::filesystem::temp_directory_path() /
               ("grantflow-open-data-" + std::to_string(::getpid()) + "-" + GetParam() + ".csv");
    }
    void TearDown() override {
        std::filesystem::remove(out_);
        CliTest::TearDown();
    }

    std::string written() const {
        std::ifstream in(out_, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    std::filesystem::path out_;
};

}  // namespace

TEST_P(OpenDataCli, WritesTheVotedGrantsAboveTheThresholdInTheSchema) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto history = grantflow::testing::writeStatisticsHistory(db());
    auto result = run({"open-data", "subventions", "--year", "2031", "--out", out_.string(),
                       "--siret", "21750001600019"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "subventions 2031: 2 grants")) << result.out;

    const std::string csv = written();
    auto check = grantflow::testing::checkScdlSubventions(csv);
    EXPECT_TRUE(check.problems.empty()) << ::testing::PrintToString(check.problems) << csv;
    ASSERT_EQ(check.rows.size(), 2u) << csv;
    EXPECT_EQ(check.rows[0].at("objet"), "Dépistage du VIH à Bamako");
    EXPECT_EQ(check.rows[0].at("montant"), "50000.00");
    EXPECT_EQ(check.rows[0].at("datesPeriodeVersement"), "2031-04-02");
    EXPECT_EQ(check.rows[0].at("idBeneficiaire"), "73282932000074");
    EXPECT_EQ(check.rows[1].at("nomBeneficiaire"), "Secours \"Haïti\" Île-de-France");
    EXPECT_EQ(check.rows[1].at("idBeneficiaire"), "");
    EXPECT_EQ(check.rows[1].at("rnaBeneficiaire"), "W759876543");
    EXPECT_EQ(check.rows[1].at("datesPeriodeVersement"), "2031-03-10/2031-12-31");
    EXPECT_FALSE(contains(csv, "FR76")) << "an IBAN is published";
    (void)history;

    // The same file as the server's: the name may be set too.
    auto named = run({"open-data", "subventions", "--year", "2030", "--out", out_.string(),
                      "--siret", "21750001600019", "--name", "Ville de Lyon"});
    ASSERT_EQ(named.exitCode, 0) << named.err;
    EXPECT_TRUE(contains(named.out, "subventions 2030: 0 grants")) << named.out;
}

TEST_P(OpenDataCli, BadArgumentsAreNamedAndFail) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto noSiret = run({"open-data", "subventions", "--year", "2031", "--out", out_.string()});
    EXPECT_EQ(noSiret.exitCode, 2);
    EXPECT_TRUE(contains(noSiret.err, "--siret")) << noSiret.err;
    auto badSiret = run({"open-data", "subventions", "--year", "2031", "--out", out_.string(),
                         "--siret", "21750001600018"});
    EXPECT_EQ(badSiret.exitCode, 2);
    EXPECT_TRUE(contains(badSiret.err, "--siret")) << badSiret.err;
    auto badYear = run({"open-data", "subventions", "--year", "1999", "--out", out_.string(),
                        "--siret", "21750001600019"});
    EXPECT_EQ(badYear.exitCode, 2);
    EXPECT_TRUE(contains(badYear.err, "--year must be a year from 2000 to 2200")) << badYear.err;
    auto noOut = run({"open-data", "subventions", "--year", "2031", "--siret", "21750001600019"});
    EXPECT_EQ(noOut.exitCode, 2);
    EXPECT_TRUE(contains(noOut.err, "out")) << noOut.err;
    auto verb = run({"open-data", "grants", "--year", "2031"});
    EXPECT_EQ(verb.exitCode, 2);
    EXPECT_TRUE(contains(verb.err, "open-data")) << verb.err;
    EXPECT_FALSE(std::filesystem::exists(out_));
}

GRANTFLOW_INSTANTIATE_BACKENDS(OpenDataCli);
