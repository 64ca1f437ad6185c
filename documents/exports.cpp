#include "documents/exports.hpp"

#include <array>
#include <span>
#include <utility>

#include "documents/xlsx_workbook.hpp"

namespace grantflow::documents {
namespace {

using xlsx::check;
using xlsx::Column;

// The header row, printed on every page of an A4 landscape sheet.
void writeHeader(lxw_worksheet* ws, const xlsx::Workbook& wb, std::span<const Column> columns) {
    xlsx::writeHeader(ws, wb, columns, 30);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    check(worksheet_repeat_rows(ws, 0, 0), "worksheet_repeat_rows");
}

constexpr std::array<Column, 12> kApplicationColumns = {{
    {"Référence", 18},
    {"Programme", 12},
    {"Organisation", 40},
    {"Pays", 8},
    {"Intitulé", 50},
    {"État", 22},
    {"Montant demandé", 17},
    {"Montant attribué", 17},
    {"Date de dépôt", 13},
    {"Dernière mise à jour", 13},
    {"Note pondérée", 12},
    {"Montant proposé", 17},
}};

constexpr std::array<Column, 7> kBudgetColumns = {{
    {"Programme", 14},
    {"Intitulé", 44},
    {"Enveloppe", 18},
    {"Réservé", 18},
    {"Engagé", 18},
    {"Payé", 18},
    {"Disponible", 18},
}};

xlsx::Properties exportProperties(std::string title, std::string subject,
                                  engine::Timestamp createdAt) {
    xlsx::Properties p;
    p.title = std::move(title);
    p.subject = std::move(subject);
    p.category = "Export";
    p.created = createdAt;
    return p;
}

}  // namespace

std::string stateLabelFr(const std::string& state) {
    static constexpr std::array<std::pair<const char*, const char*>, 13> kLabels = {{
        {"draft", "Brouillon"},
        {"submitted", "Déposée"},
        {"changes_requested", "Modifications demandées"},
        {"under_review", "En instruction"},
        {"approved", "Approuvée"},
        {"proposed", "Proposée au Conseil"},
        {"voted", "Votée"},
        {"agreement_signed", "Convention signée"},
        {"paid", "Versée"},
        {"report_received", "Compte rendu reçu"},
        {"rejected", "Rejetée"},
        {"withdrawn", "Retirée"},
        {"closed", "Clôturée"},
    }};
    for (const auto& [name, label] : kLabels) {
        if (state == name) return label;
    }
    return state;
}

void writeApplicationsExport(const std::vector<ApplicationExportRow>& rows,
                             const std::filesystem::path& out, engine::Timestamp createdAt,
                             const Progress& progress) {
    xlsx::Workbook wb(out, /*constantMemory=*/true);
    wb.setProperties(
        exportProperties("Demandes de subvention", "Export des demandes de subvention", createdAt));
    lxw_worksheet* ws = wb.addSheet(kApplicationsExportSheet);
    writeHeader(ws, wb, kApplicationColumns);

    xlsx::ProgressSteps steps(progress, rows.size());
    steps.at(0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ApplicationExportRow& r = rows[i];
        const auto row = static_cast<lxw_row_t>(i + 1);
        xlsx::writeText(ws, row, 0, r.reference, wb.text());
        xlsx::writeText(ws, row, 1, r.programme, wb.text());
        xlsx::writeText(ws, row, 2, r.organisation, wb.text());
        xlsx::writeText(ws, row, 3, r.country, wb.text());
        xlsx::writeText(ws, row, 4, r.title, wb.text());
        xlsx::writeText(ws, row, 5, r.stateLabel.empty() ? stateLabelFr(r.state) : r.stateLabel,
                        wb.text());
        xlsx::writeEuros(ws, row, 6, r.requested, wb.euro());
        xlsx::writeEuros(ws, row, 7, r.granted, wb.euro());
        if (r.submittedAt) xlsx::writeDate(ws, row, 8, *r.submittedAt, wb.date());
        xlsx::writeDate(ws, row, 9, r.updatedAt, wb.date());
        if (r.scoreHundredths)
            xlsx::writeNumber(ws, row, 10, static_cast<double>(*r.scoreHundredths) / 100.0,
                              wb.decimal());
        if (r.proposed) xlsx::writeEuros(ws, row, 11, *r.proposed, wb.euro());
        steps.at(i + 1);
    }
    check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()),
                               kApplicationColumns.size() - 1),
          "worksheet_autofilter");
    wb.close();
    if (progress) progress(100);
}

std::string renderApplicationsExport(const std::vector<ApplicationExportRow>& rows,
                                     engine::Timestamp createdAt) {
    return xlsx::renderToBytes(
        [&](const std::filesystem::path& p) { writeApplicationsExport(rows, p, createdAt); });
}

void writeBudgetExport(const std::vector<BudgetExportRow>& rows, int year,
                       const std::filesystem::path& out, engine::Timestamp createdAt) {
    xlsx::Workbook wb(out, /*constantMemory=*/true);
    const std::string title = "Budget " + std::to_string(year);
    wb.setProperties(exportProperties(
        title, "Enveloppes et consommation par programme, exercice " + std::to_string(year),
        createdAt));
    lxw_worksheet* ws = wb.addSheet(kBudgetExportSheet);
    writeHeader(ws, wb, kBudgetColumns);

    std::array<engine::Money, 5> totals{};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const BudgetExportRow& r = rows[i];
        const auto row = static_cast<lxw_row_t>(i + 1);
        const std::string n = std::to_string(row + 1);
        xlsx::writeText(ws, row, 0, r.programme, wb.text());
        xlsx::writeText(ws, row, 1, r.programmeTitle, wb.text());
        const std::array<engine::Money, 4> amounts = {r.envelope, r.reserved, r.committed, r.paid};
        for (std::size_t k = 0; k < amounts.size(); ++k) {
            xlsx::writeEuros(ws, row, static_cast<lxw_col_t>(2 + k), amounts[k], wb.euro());
            totals[k] += amounts[k];
        }
        xlsx::writeFormula(ws, row, 6, "C" + n + "-D" + n + "-E" + n + "-F" + n,
                           xlsx::euros(r.available()), wb.euro());
        totals[4] += r.available();
    }
    const auto last = static_cast<lxw_row_t>(rows.size());
    check(worksheet_autofilter(ws, 0, 0, last, kBudgetColumns.size() - 1), "worksheet_autofilter");

    const lxw_row_t totalRow = last + 1;
    xlsx::writeText(ws, totalRow, 0, "Total", wb.totalLabel());
    for (std::size_t k = 0; k < totals.size(); ++k) {
        const auto col = static_cast<lxw_col_t>(2 + k);
        if (rows.empty()) {
            xlsx::writeEuros(ws, totalRow, col, totals[k], wb.totalEuro());
        } else {
            xlsx::writeFormula(ws, totalRow, col, "SUM(" + xlsx::columnRange(col, 1, last) + ")",
                               xlsx::euros(totals[k]), wb.totalEuro());
        }
    }
    wb.close();
}

std::string renderBudgetExport(const std::vector<BudgetExportRow>& rows, int year,
                               engine::Timestamp createdAt) {
    return xlsx::renderToBytes(
        [&](const std::filesystem::path& p) { writeBudgetExport(rows, year, p, createdAt); });
}

}  // namespace grantflow::documents
