// The XLSX annex read back by openpyxl: every grant with its exact names and
// amounts, totals as formulas whose cached values are the model's sums, euro
// formats, frozen and filtered header, summary per country with a chart,
// document properties, and byte-identical regeneration.

#include "documents/annex_xlsx.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "documents/deliberation_data.hpp"
#include "documents/xlsx_workbook.hpp"
#include "tests/documents/sample_deliberation.hpp"
#include "tests/documents/xlsx_reader.hpp"

namespace grantflow::documents {
namespace {

using engine::Money;
using testing::cellAt;
using testing::cellText;
using testing::centsAt;
using testing::readXlsx;
using testing::sheetNamed;

constexpr const char* kEuro = "#,##0.00 \"€\"";

// The sample, plus what it lacks: SIRET numbers, co-funding and grants
// nobody assessed (one in three has no score).
DeliberationModel annexModel(std::size_t grants) {
    DeliberationModel m = testing::sampleDeliberation(grants);
    for (std::size_t i = 2; i < m.grants.size(); i += 3) m.grants[i].scoreHundredths.reset();
    for (std::size_t i = 0; i < m.grants.size(); i += 4) {
        m.grants[i].siret = "7820123400" + std::to_string(1000 + i % 9000);
    }
    for (std::size_t i = 1; i < m.grants.size(); i += 5) {
        m.grants[i].coFunding = Money::fromCents(1250050 + static_cast<std::int64_t>(i));
        m.grants[i].coFunder = "Institut Français";
    }
    return m;
}

class AnnexXlsxTest : public ::testing::Test {
protected:
    testing::TempFolder dir_;
};

TEST_F(AnnexXlsxTest, EveryGrantIsReadBackWithExactNamesAndAmounts) {
    const DeliberationModel m = annexModel(40);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto wb = readXlsx(file);

    auto sheets = wb->getArray("sheets");
    ASSERT_EQ(sheets->size(), 2u);
    EXPECT_EQ(sheets->getObject(0)->getValue<std::string>("name"), "Annexe");
    EXPECT_EQ(sheets->getObject(1)->getValue<std::string>("name"), "Synthèse");

    const auto annex = sheetNamed(wb, "Annexe");
    ASSERT_EQ(annex->getValue<int>("max_row"), 42);  // header, 40 grants, totals
    const std::vector<std::string> headers = {"Bénéficiaire",
                                              "N° RNA",
                                              "N° SIRET",
                                              "N° de tiers",
                                              "Pays",
                                              "Ville",
                                              "Projet",
                                              "Montant demandé",
                                              "Montant attribué",
                                              "Part du cofinanceur",
                                              "Cofinanceur",
                                              "Chapitre",
                                              "Nature",
                                              "Fonction",
                                              "Exercice",
                                              "Référence de la demande",
                                              "Note pondérée"};
    for (std::size_t c = 0; c < headers.size(); ++c)
        EXPECT_EQ(cellText(cellAt(annex, 1, c + 1)), headers[c]);

    for (std::size_t i = 0; i < m.grants.size(); ++i) {
        const GrantLine& g = m.grants[i];
        const std::size_t r = i + 2;
        SCOPED_TRACE("grant " + std::to_string(i));
        EXPECT_EQ(cellText(cellAt(annex, r, 1)), g.beneficiary);
        EXPECT_EQ(cellText(cellAt(annex, r, 2)), g.rna);
        EXPECT_EQ(cellText(cellAt(annex, r, 3)), g.siret);
        EXPECT_EQ(cellText(cellAt(annex, r, 4)), g.thirdPartyNumber);
        EXPECT_EQ(cellText(cellAt(annex, r, 5)), countryName(g.country, "fr"));
        EXPECT_EQ(cellText(cellAt(annex, r, 6)), g.city);
        EXPECT_EQ(cellText(cellAt(annex, r, 7)), g.project);
        EXPECT_EQ(centsAt(annex, r, 8), g.requested.cents());
        EXPECT_EQ(centsAt(annex, r, 9), g.granted.cents());
        EXPECT_EQ(centsAt(annex, r, 10), g.coFunding.cents());
        EXPECT_EQ(cellText(cellAt(annex, r, 11)), g.coFunder);
        EXPECT_EQ(cellText(cellAt(annex, r, 12)), "65");
        EXPECT_EQ(cellText(cellAt(annex, r, 13)), "6574");
        EXPECT_EQ(cellText(cellAt(annex, r, 14)), "048");
        EXPECT_EQ(cellAt(annex, r, 15).convert<int>(), 2026);
        EXPECT_EQ(cellText(cellAt(annex, r, 16)), g.applicationReference);
        if (g.scoreHundredths)
            EXPECT_DOUBLE_EQ(cellAt(annex, r, 17).convert<double>(),
                             static_cast<double>(*g.scoreHundredths) / 100.0);
        else
            EXPECT_EQ(cellText(cellAt(annex, r, 17)), "") << "not assessed: empty";
    }
    // The accents the sample carries really are there.
    EXPECT_EQ(cellText(cellAt(annex, 4, 1)), "Œuvre des Hôpitaux de Brazzaville");
    EXPECT_EQ(cellText(cellAt(annex, 3, 1)), "Comité d'entraide « Femmes et Enfants »");
}

TEST_F(AnnexXlsxTest, TotalsAreSumFormulasWhoseCachedValuesAreTheModelsTotals) {
    const DeliberationModel m = annexModel(40);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto annex = sheetNamed(readXlsx(file), "Annexe");

    EXPECT_EQ(cellText(cellAt(annex, 42, 1)), "Total");
    auto formulas = annex->getObject("formulas");
    EXPECT_EQ(formulas->getValue<std::string>("H42"), "=SUM(H2:H41)");
    EXPECT_EQ(formulas->getValue<std::string>("I42"), "=SUM(I2:I41)");
    EXPECT_EQ(formulas->getValue<std::string>("J42"), "=SUM(J2:J41)");
    Money coFunding;
    for (const auto& g : m.grants) coFunding += g.coFunding;
    EXPECT_EQ(centsAt(annex, 42, 8), m.totalRequested().cents());
    EXPECT_EQ(centsAt(annex, 42, 9), m.totalGranted().cents());
    EXPECT_EQ(centsAt(annex, 42, 10), coFunding.cents());
}

TEST_F(AnnexXlsxTest, AmountsCarryTheEuroFormatAndTheHeaderIsFrozenAndFiltered) {
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(annexModel(12), file);
    const auto annex = sheetNamed(readXlsx(file), "Annexe");

    auto formats = annex->getObject("number_formats");
    for (const char* col : {"H", "I", "J"}) {
        auto f = formats->getArray(col);
        ASSERT_TRUE(f) << col;
        ASSERT_EQ(f->size(), 1u) << col;
        EXPECT_EQ(f->getElement<std::string>(0), kEuro) << col;
    }
    EXPECT_EQ(formats->getArray("Q")->getElement<std::string>(0), "0.00") << "the score";
    EXPECT_EQ(annex->getValue<std::string>("freeze_panes"), "A2");
    EXPECT_EQ(annex->getValue<std::string>("autofilter"),
              "A1:Q13");  // header and grants, not the totals
}

TEST_F(AnnexXlsxTest, SummaryTotalsEachCountryWithFormulasAndDrawsAChart) {
    const DeliberationModel m = annexModel(40);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto summary = sheetNamed(readXlsx(file), "Synthèse");

    struct Totals {
        int grants = 0;
        Money requested, granted;
    };
    std::map<std::string, Totals> expected;
    for (const auto& g : m.grants) {
        auto& t = expected[countryName(g.country, "fr")];
        ++t.grants;
        t.requested += g.requested;
        t.granted += g.granted;
    }
    ASSERT_EQ(summary->getValue<std::size_t>("max_row"), expected.size() + 2);
    EXPECT_EQ(cellText(cellAt(summary, 1, 1)), "Pays");
    EXPECT_EQ(cellText(cellAt(summary, 1, 4)), "Montant attribué");
    auto formulas = summary->getObject("formulas");
    std::size_t r = 2;
    for (const auto& [country, t] : expected) {
        SCOPED_TRACE(country);
        EXPECT_EQ(cellText(cellAt(summary, r, 1)), country);
        EXPECT_EQ(cellAt(summary, r, 2).convert<int>(), t.grants);
        EXPECT_EQ(centsAt(summary, r, 3), t.requested.cents());
        EXPECT_EQ(centsAt(summary, r, 4), t.granted.cents());
        const std::string n = std::to_string(r);
        EXPECT_EQ(formulas->getValue<std::string>("B" + n),
                  "=COUNTIF(Annexe!$E$2:$E$41,A" + n + ")");
        EXPECT_EQ(formulas->getValue<std::string>("D" + n),
                  "=SUMIF(Annexe!$E$2:$E$41,A" + n + ",Annexe!$I$2:$I$41)");
        ++r;
    }
    EXPECT_EQ(cellText(cellAt(summary, r, 1)), "Total");
    EXPECT_EQ(cellAt(summary, r, 2).convert<int>(), 40);
    EXPECT_EQ(centsAt(summary, r, 4), m.totalGranted().cents());
    EXPECT_EQ(formulas->getValue<std::string>("D" + std::to_string(r)),
              "=SUM(D2:D" + std::to_string(r - 1) + ")");
    auto formats = summary->getObject("number_formats");
    EXPECT_EQ(formats->getArray("D")->getElement<std::string>(0), kEuro);

    auto charts = summary->getArray("charts");
    ASSERT_EQ(charts->size(), 1u);
    EXPECT_EQ(charts->getObject(0)->getValue<std::string>("type"), "BarChart/col");
    EXPECT_EQ(charts->getObject(0)->getValue<int>("series"), 1);
}

TEST_F(AnnexXlsxTest, DocumentPropertiesComeFromTheModel) {
    const DeliberationModel m = annexModel(3);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto wb = readXlsx(file);
    auto p = wb->getObject("properties");
    EXPECT_EQ(p->getValue<std::string>("title"), "2026 DGRI 12 — " + m.object);
    EXPECT_EQ(
        p->getValue<std::string>("subject"),
        "Annexe de la délibération 2026 DGRI 12 — Santé : VIH/sida, santé maternelle et infantile");
    EXPECT_EQ(p->getValue<std::string>("creator"), "Ville de Paris");
    EXPECT_EQ(p->getValue<std::string>("company"), "Ville de Paris");
    EXPECT_EQ(p->getValue<std::string>("created"), "2026-06-15T09:00:00");
    // Nothing else stamps "now": the zip entries all carry libxlsxwriter's
    // fixed date, whatever the day the file was written.
    auto dates = wb->getArray("zip_dates");
    ASSERT_EQ(dates->size(), 1u);
    EXPECT_EQ(dates->getElement<std::string>(0), "1980-01-01 00:00:00");
}

TEST_F(AnnexXlsxTest, RenderingTwiceGivesByteIdenticalFiles) {
    const DeliberationModel m = annexModel(200);
    const std::string first = renderAnnexXlsx(m);
    const std::string second = renderAnnexXlsx(m);
    ASSERT_GT(first.size(), 1000u);
    EXPECT_EQ(first.substr(0, 2), "PK");
    EXPECT_TRUE(first == second);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    EXPECT_TRUE(testing::readBytes(file) == first);
}

TEST_F(AnnexXlsxTest, AnnexesRenderedOnSeveralThreadsAtOnceAreAllIdentical) {
    const DeliberationModel m = annexModel(300);
    const std::string expected = renderAnnexXlsx(m);
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results) {
        threads.emplace_back([&m, &r] {
            for (int i = 0; i < 3; ++i) r = renderAnnexXlsx(m);
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& r : results) EXPECT_TRUE(r == expected);
}

TEST_F(AnnexXlsxTest, BytesDoNotDependOnTheMachinesTimeZone) {
    const DeliberationModel m = annexModel(5);
    const std::string utc = renderAnnexXlsx(m);
    const char* old = ::getenv("TZ");
    const std::string saved = old ? old : "";
    ::setenv("TZ", "Pacific/Auckland", 1);
    ::tzset();
    const std::string auckland = renderAnnexXlsx(m);
    if (old) {
        ::setenv("TZ", saved.c_str(), 1);
    } else {
        ::unsetenv("TZ");
    }
    ::tzset();
    EXPECT_TRUE(utc == auckland);
}

TEST_F(AnnexXlsxTest, ProgressRisesFromZeroToOneHundredAFewTimes) {
    std::vector<int> seen;
    renderAnnexXlsx(annexModel(300), [&](int p) { seen.push_back(p); });
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), 0);
    EXPECT_EQ(seen.back(), 100);
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1], seen[i]);
    EXPECT_LE(seen.size(), 30u);
}

TEST_F(AnnexXlsxTest, AnEmptyDeliberationGivesAnAnnexWithZeroTotals) {
    DeliberationModel m = annexModel(0);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto wb = readXlsx(file);
    const auto annex = sheetNamed(wb, "Annexe");
    EXPECT_EQ(annex->getValue<int>("max_row"), 2);
    EXPECT_EQ(cellText(cellAt(annex, 2, 1)), "Total");
    EXPECT_EQ(centsAt(annex, 2, 9), 0);
    EXPECT_EQ(sheetNamed(wb, "Synthèse")->getArray("charts")->size(), 0u);
}

TEST_F(AnnexXlsxTest, AwkwardTextSurvivesControlCharactersSpacesAndOverlongCells) {
    DeliberationModel m = annexModel(3);
    m.grants[0].beneficiary = "  Association <A & B> \"Ünïcode\" ";
    m.grants[1].beneficiary = std::string("Tab\there, bell\x07, newline\nend");
    m.grants[2].project =
        std::string(40000, 'e') + "é";  // above Excel's 32,767 characters per cell
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto annex = sheetNamed(readXlsx(file, /*valuesOnly=*/true), "Annexe");
    EXPECT_EQ(cellText(cellAt(annex, 2, 1)), m.grants[0].beneficiary);
    // Tab and newline are legal XML; other control characters cannot be in
    // XML at all and are written in OOXML's escape, which Excel decodes
    // (openpyxl leaves it as it is). The file stays readable.
    EXPECT_EQ(cellText(cellAt(annex, 3, 1)), "Tab\there, bell_x0007_, newline\nend");
    const std::string project = cellText(cellAt(annex, 4, 7));
    EXPECT_EQ(project.size(), 32767u);
    EXPECT_EQ(project, std::string(32767, 'e'));
}

TEST_F(AnnexXlsxTest, AnUnwritablePathThrows) {
    EXPECT_THROW(writeAnnexXlsx(annexModel(2), dir_.path() / "missing-folder" / "annex.xlsx"),
                 std::runtime_error);
}

TEST_F(AnnexXlsxTest, ALargeAnnexIsStreamedInConstantMemory) {
    // Constant-memory mode writes strings inline, so no shared-strings part.
    const DeliberationModel m = annexModel(2000);
    const auto file = dir_.path() / "annex.xlsx";
    writeAnnexXlsx(m, file);
    const auto wb = readXlsx(file, /*valuesOnly=*/true);
    auto parts = wb->getArray("parts");
    for (std::size_t i = 0; i < parts->size(); ++i) {
        EXPECT_NE(parts->getElement<std::string>(static_cast<unsigned>(i)), "xl/sharedStrings.xml");
    }
    const auto annex = sheetNamed(wb, "Annexe");
    ASSERT_EQ(annex->getValue<int>("max_row"), 2002);
    EXPECT_EQ(cellText(cellAt(annex, 2001, 16)), m.grants.back().applicationReference);
    EXPECT_EQ(centsAt(annex, 2002, 9), m.totalGranted().cents());
}

TEST(XlsxColumns, NamesAndRangesFollowExcelsLetters) {
    EXPECT_EQ(xlsx::columnName(0), "A");
    EXPECT_EQ(xlsx::columnName(25), "Z");
    EXPECT_EQ(xlsx::columnName(26), "AA");
    EXPECT_EQ(xlsx::columnName(701), "ZZ");
    EXPECT_EQ(xlsx::columnName(702), "AAA");
    EXPECT_EQ(xlsx::columnRange(7, 1, 40), "H2:H41");
    EXPECT_EQ(xlsx::columnRange(4, 1, 40, true), "$E$2:$E$41");
}

TEST(XlsxCells, OverlongTextIsCutAtExcelsLimitNeverInsideACharacter) {
    const std::string fits = std::string(32766, 'a') + "é";  // 32,767 characters, 32,768 bytes
    EXPECT_EQ(xlsx::fitInCell(fits), fits);
    EXPECT_EQ(xlsx::fitInCell(fits + "b"), fits);
    EXPECT_EQ(xlsx::fitInCell(std::string(32767, 'a') + "é"), std::string(32767, 'a'));
    EXPECT_EQ(xlsx::fitInCell("Évry"), "Évry");
}

}  // namespace
}  // namespace grantflow::documents
