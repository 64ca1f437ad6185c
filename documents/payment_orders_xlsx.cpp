#include "documents/payment_orders_xlsx.hpp"

#include <array>

#include "documents/xlsx_workbook.hpp"

namespace grantflow::documents {

namespace {

constexpr std::array<xlsx::Column, 12> kColumns = {{
    {"Référence", 22},
    {"Bénéficiaire", 36},
    {"N° de tiers", 12},
    {"IBAN", 34},
    {"Versement", 10},
    {"Part", 8},
    {"Montant", 16},
    {"État", 20},
    {"Date de versement", 16},
    {"Référence du mandat", 22},
    {"Imputation", 20},
    {"Ligne", 14},
}};

void writeSheet(const std::vector<PaymentOrderLine>& lines, const std::string& title,
                const std::filesystem::path& out, engine::Timestamp createdAt) {
    xlsx::Workbook wb(out, /*constantMemory=*/true);
    xlsx::Properties p;
    p.title = title;
    p.subject = "Versements des subventions votées, dus ou effectués";
    p.category = "Mandats de paiement";
    p.created = createdAt;
    wb.setProperties(p);
    lxw_worksheet* ws = wb.addSheet("Mandats");
    xlsx::writeHeader(ws, wb, kColumns, 30);
    engine::Money total;
    lxw_row_t row = 1;
    for (const auto& l : lines) {
        xlsx::writeText(ws, row, 0, l.reference, wb.text());
        xlsx::writeText(ws, row, 1, l.beneficiary, wb.text());
        xlsx::writeText(ws, row, 2, l.tiersNumber, wb.text());
        xlsx::writeText(ws, row, 3, l.iban, wb.text());
        xlsx::writeNumber(ws, row, 4, l.instalment, wb.integer());
        xlsx::writeText(ws, row, 5, std::to_string(l.percent) + " %", wb.text());
        xlsx::writeEuros(ws, row, 6, l.amount, wb.euro());
        xlsx::writeText(ws, row, 7, l.state, wb.text());
        xlsx::writeText(ws, row, 8, l.paidOn, wb.text());
        xlsx::writeText(ws, row, 9, l.paymentReference, wb.text());
        xlsx::writeText(ws, row, 10, l.imputation, wb.text());
        xlsx::writeText(ws, row, 11, l.line, wb.text());
        total += l.amount;
        ++row;
    }
    xlsx::writeText(ws, row, 0, "Total", wb.totalLabel());
    xlsx::writeEuros(ws, row, 6, total, wb.totalEuro());
    wb.close();
}

}  // namespace

std::string renderPaymentOrders(const std::vector<PaymentOrderLine>& lines,
                                const std::string& title, engine::Timestamp createdAt) {
    return xlsx::renderToBytes(
        [&](const std::filesystem::path& p) { writeSheet(lines, title, p, createdAt); });
}

}  // namespace grantflow::documents
