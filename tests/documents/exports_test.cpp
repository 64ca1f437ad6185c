// The clerks' exports read back by openpyxl: rows, French labels, euro and
// date formats, frozen and filtered header, budget totals as formulas with
// their values, and a 10,000-row export streamed in constant memory.

#include "documents/exports.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "tests/documents/xlsx_reader.hpp"

namespace grantflow::documents {
namespace {

using engine::Money;
using testing::cellAt;
using testing::cellText;
using testing::centsAt;
using testing::readXlsx;
using testing::sheetNamed;
using namespace std::chrono;

constexpr const char* kEuro = "#,##0.00 \"€\"";

std::vector<ApplicationExportRow> applications(std::size_t n) {
    const std::vector<std::string> states = {"draft", "under_review", "approved", "voted",
                                             "rejected"};
    std::vector<ApplicationExportRow> rows;
    rows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        ApplicationExportRow r;
        r.reference = "WATER-2026-" + std::to_string(100000 + i).substr(1);
        r.programme = "WATER";
        r.organisation = i % 2 ? "Eau Vive Côte d'Ivoire " + std::to_string(i)
                               : "Hydraulique sans frontières « Sahel »";
        r.country = i % 3 ? "CI" : "ML";
        r.title = "Accès à l'eau potable, forage n° " + std::to_string(i);
        r.state = states[i % states.size()];
        r.requested = Money::fromCents(2000000 + static_cast<std::int64_t>(i) * 101);
        r.granted = r.state == "voted" ? r.requested : Money();
        if (r.state != "draft")
            r.submittedAt = sys_days{2026y / March / 2} + hours(static_cast<int>(i % 48));
        r.updatedAt = sys_days{2026y / April / 10} + 14h;
        // Assessed once under review.
        if (r.state != "draft" && r.state != "submitted") {
            r.scoreHundredths = 200 + static_cast<std::int64_t>(i * 13 % 300);
            r.proposed = r.requested - Money::fromEuros(1000);
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<BudgetExportRow> budget() {
    return {
        {"HEALTH", "Santé : VIH/sida, santé maternelle et infantile", Money::fromEuros(2000000),
         Money::fromCents(35000050), Money::fromEuros(900000), Money::fromEuros(400000)},
        {"WATER", "Eau et assainissement (loi Oudin-Santini)", Money::fromEuros(1000000),
         Money::fromEuros(120000), Money::fromCents(48000025), Money::fromEuros(100000)},
        {"EMERGENCY", "Aide d'urgence", Money::fromEuros(500000), Money(), Money::fromEuros(260000),
         Money::fromEuros(260000)},
    };
}

class ExportsTest : public ::testing::Test {
protected:
    testing::TempFolder dir_;
};

TEST_F(ExportsTest, ApplicationsExportListsEveryRowWithFrenchLabelsAndFormats) {
    const auto rows = applications(25);
    const auto file = dir_.path() / "applications.xlsx";
    writeApplicationsExport(rows, file);
    const auto wb = readXlsx(file);
    const auto sheet = sheetNamed(wb, "Demandes");
    ASSERT_EQ(sheet->getValue<int>("max_row"), 26);
    EXPECT_EQ(cellText(cellAt(sheet, 1, 5)), "Intitulé");
    EXPECT_EQ(cellText(cellAt(sheet, 1, 6)), "État");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const std::size_t n = i + 2;
        SCOPED_TRACE(r.reference);
        EXPECT_EQ(cellText(cellAt(sheet, n, 1)), r.reference);
        EXPECT_EQ(cellText(cellAt(sheet, n, 2)), "WATER");
        EXPECT_EQ(cellText(cellAt(sheet, n, 3)), r.organisation);
        EXPECT_EQ(cellText(cellAt(sheet, n, 4)), r.country);
        EXPECT_EQ(cellText(cellAt(sheet, n, 5)), r.title);
        EXPECT_EQ(cellText(cellAt(sheet, n, 6)), stateLabelFr(r.state));
        EXPECT_EQ(centsAt(sheet, n, 7), r.requested.cents());
        EXPECT_EQ(centsAt(sheet, n, 8), r.granted.cents());
        if (r.submittedAt) {
            std::string iso =
                engine::formatTimestamp(*r.submittedAt);  // "…Z"; openpyxl has no zone
            iso.pop_back();
            EXPECT_EQ(cellText(cellAt(sheet, n, 9)), iso);
        } else {
            EXPECT_TRUE(cellAt(sheet, n, 9).isEmpty());
        }
        EXPECT_EQ(cellText(cellAt(sheet, n, 10)), "2026-04-10T14:00:00");
        if (r.scoreHundredths) {
            EXPECT_DOUBLE_EQ(cellAt(sheet, n, 11).convert<double>(),
                             static_cast<double>(*r.scoreHundredths) / 100.0);
            EXPECT_EQ(centsAt(sheet, n, 12), r.proposed->cents());
        } else {
            EXPECT_TRUE(cellAt(sheet, n, 11).isEmpty());
            EXPECT_TRUE(cellAt(sheet, n, 12).isEmpty());
        }
    }
    EXPECT_EQ(cellText(cellAt(sheet, 1, 11)), "Note pondérée");
    EXPECT_EQ(cellText(cellAt(sheet, 1, 12)), "Montant proposé");
    EXPECT_EQ(cellText(cellAt(sheet, 3, 6)), "En instruction");
    auto formats = sheet->getObject("number_formats");
    EXPECT_EQ(formats->getArray("G")->getElement<std::string>(0), kEuro);
    EXPECT_EQ(formats->getArray("H")->getElement<std::string>(0), kEuro);
    EXPECT_EQ(formats->getArray("J")->getElement<std::string>(0), "dd/mm/yyyy");
    EXPECT_EQ(sheet->getValue<std::string>("freeze_panes"), "A2");
    EXPECT_EQ(formats->getArray("K")->getElement<std::string>(0), "0.00");
    EXPECT_EQ(formats->getArray("L")->getElement<std::string>(0), kEuro);
    EXPECT_EQ(sheet->getValue<std::string>("autofilter"), "A1:L26");
}

TEST_F(ExportsTest, TenThousandRowExportIsStreamedInConstantMemory) {
    const auto rows = applications(10000);
    const auto file = dir_.path() / "applications.xlsx";
    const auto start = steady_clock::now();
    writeApplicationsExport(rows, file);
    const auto took = duration_cast<milliseconds>(steady_clock::now() - start);
    RecordProperty("write_ms", static_cast<int>(took.count()));

    const auto wb = readXlsx(file, /*valuesOnly=*/true);
    // Constant-memory mode writes strings inline: no shared-strings table.
    auto parts = wb->getArray("parts");
    for (std::size_t i = 0; i < parts->size(); ++i) {
        EXPECT_NE(parts->getElement<std::string>(static_cast<unsigned>(i)), "xl/sharedStrings.xml");
    }
    const auto sheet = sheetNamed(wb, "Demandes");
    ASSERT_EQ(sheet->getValue<int>("max_row"), 10001);
    EXPECT_EQ(cellText(cellAt(sheet, 10001, 1)), rows.back().reference);
    EXPECT_EQ(centsAt(sheet, 10001, 7), rows.back().requested.cents());
    EXPECT_EQ(sheet->getValue<std::string>("autofilter"), "A1:L10001");
}

TEST_F(ExportsTest, BudgetExportHasAvailableAmountsAndTotalsAsFormulasWithValues) {
    const auto rows = budget();
    const auto file = dir_.path() / "budget.xlsx";
    writeBudgetExport(rows, 2026, file);
    const auto wb = readXlsx(file);
    EXPECT_EQ(wb->getObject("properties")->getValue<std::string>("title"), "Budget 2026");
    const auto sheet = sheetNamed(wb, "Budget");
    ASSERT_EQ(sheet->getValue<int>("max_row"), 5);
    EXPECT_EQ(cellText(cellAt(sheet, 1, 4)), "Réservé");
    EXPECT_EQ(cellText(cellAt(sheet, 1, 5)), "Engagé");
    EXPECT_EQ(cellText(cellAt(sheet, 1, 6)), "Payé");
    auto formulas = sheet->getObject("formulas");
    Money totals[5];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const std::size_t n = i + 2;
        EXPECT_EQ(cellText(cellAt(sheet, n, 1)), r.programme);
        EXPECT_EQ(cellText(cellAt(sheet, n, 2)), r.programmeTitle);
        const Money amounts[5] = {r.envelope, r.reserved, r.committed, r.paid, r.available()};
        for (std::size_t k = 0; k < 5; ++k) {
            EXPECT_EQ(centsAt(sheet, n, 3 + k), amounts[k].cents());
            totals[k] += amounts[k];
        }
        const std::string s = std::to_string(n);
        EXPECT_EQ(formulas->getValue<std::string>("G" + s),
                  "=C" + s + "-D" + s + "-E" + s + "-F" + s);
    }
    EXPECT_EQ(cellText(cellAt(sheet, 5, 1)), "Total");
    for (std::size_t k = 0; k < 5; ++k) EXPECT_EQ(centsAt(sheet, 5, 3 + k), totals[k].cents());
    EXPECT_EQ(formulas->getValue<std::string>("C5"), "=SUM(C2:C4)");
    EXPECT_EQ(formulas->getValue<std::string>("G5"), "=SUM(G2:G4)");
    auto formats = sheet->getObject("number_formats");
    for (const char* col : {"C", "D", "E", "F", "G"}) {
        auto f = formats->getArray(col);
        ASSERT_EQ(f->size(), 1u) << col;
        EXPECT_EQ(f->getElement<std::string>(0), kEuro) << col;
    }
    EXPECT_EQ(sheet->getValue<std::string>("freeze_panes"), "A2");
    EXPECT_EQ(sheet->getValue<std::string>("autofilter"), "A1:G4");
}

TEST_F(ExportsTest, ExportsWithAFixedCreationDateAreByteIdentical) {
    const engine::Timestamp at = sys_days{2026y / May / 4} + 8h;
    EXPECT_TRUE(renderApplicationsExport(applications(50), at) ==
                renderApplicationsExport(applications(50), at));
    EXPECT_TRUE(renderBudgetExport(budget(), 2026, at) == renderBudgetExport(budget(), 2026, at));
}

TEST_F(ExportsTest, EmptyExportsAreValidWorkbooks) {
    const auto file = dir_.path() / "empty.xlsx";
    writeBudgetExport({}, 2026, file);
    const auto sheet = sheetNamed(readXlsx(file), "Budget");
    EXPECT_EQ(sheet->getValue<int>("max_row"), 2);
    EXPECT_EQ(centsAt(sheet, 2, 3), 0);
    const auto apps = dir_.path() / "apps.xlsx";
    writeApplicationsExport({}, apps);
    EXPECT_EQ(sheetNamed(readXlsx(apps), "Demandes")->getValue<int>("max_row"), 1);
}

TEST(StateLabels, CanonicalStatesReadInFrenchOthersAsTheyAre) {
    EXPECT_EQ(stateLabelFr("under_review"), "En instruction");
    EXPECT_EQ(stateLabelFr("voted"), "Votée");
    EXPECT_EQ(stateLabelFr("closed"), "Clôturée");
    EXPECT_EQ(stateLabelFr("site_visit"), "site_visit");
}

}  // namespace
}  // namespace grantflow::documents
