#include "documents/statistics_xlsx.hpp"

#include <array>

#include "documents/xlsx_workbook.hpp"

namespace grantflow::documents {

namespace {

constexpr std::array<xlsx::Column, 7> kColumns = {{
    {"Clé", 14},
    {"Libellé", 44},
    {"Demandes", 11},
    {"Montant demandé", 18},
    {"Montant attribué", 18},
    {"Montant versé", 18},
    {"Objectif annuel", 18},
}};

void writeRow(lxw_worksheet* ws, const xlsx::Workbook& wb, lxw_row_t row,
              const StatisticsSheetRow& r, bool total) {
    xlsx::writeText(ws, row, 0, r.key, total ? wb.totalLabel() : wb.text());
    xlsx::writeText(ws, row, 1, r.label, total ? wb.totalLabel() : wb.text());
    xlsx::writeNumber(ws, row, 2, static_cast<double>(r.applications),
                      total ? wb.totalInteger() : wb.integer());
    xlsx::writeEuros(ws, row, 3, r.requested, total ? wb.totalEuro() : wb.euro());
    xlsx::writeEuros(ws, row, 4, r.granted, total ? wb.totalEuro() : wb.euro());
    xlsx::writeEuros(ws, row, 5, r.paid, total ? wb.totalEuro() : wb.euro());
    if (r.target) xlsx::writeEuros(ws, row, 6, *r.target, total ? wb.totalEuro() : wb.euro());
}

void writeSheets(const std::vector<StatisticsSheet>& sheets, const std::string& title,
                 const std::filesystem::path& out, engine::Timestamp createdAt) {
    xlsx::Workbook wb(out, /*constantMemory=*/false);
    xlsx::Properties p;
    p.title = title;
    p.subject = "Demandes, montants demandés, attribués et versés";
    p.category = "Statistiques";
    p.created = createdAt;
    wb.setProperties(p);
    for (const auto& sheet : sheets) {
        lxw_worksheet* ws = wb.addSheet(statisticsSheetName(sheet.grouping));
        xlsx::writeHeader(ws, wb, kColumns, 30);
        for (std::size_t i = 0; i < sheet.rows.size(); ++i)
            writeRow(ws, wb, static_cast<lxw_row_t>(i + 1), sheet.rows[i], false);
        writeRow(ws, wb, static_cast<lxw_row_t>(sheet.rows.size() + 1), sheet.total, true);
    }
    wb.close();
}

}  // namespace

std::string statisticsSheetName(const std::string& grouping) {
    if (grouping == "programme") return "Par programme";
    if (grouping == "region") return "Par région";
    if (grouping == "country") return "Par pays";
    if (grouping == "year") return "Par année";
    if (grouping == "state") return "Par état";
    return grouping;
}

std::string renderStatisticsWorkbook(const std::vector<StatisticsSheet>& sheets,
                                     const std::string& title, engine::Timestamp createdAt) {
    return xlsx::renderToBytes(
        [&](const std::filesystem::path& p) { writeSheets(sheets, title, p, createdAt); });
}

}  // namespace grantflow::documents
