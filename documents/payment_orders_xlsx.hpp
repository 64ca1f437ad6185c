#pragma once
// The payment orders workbook for the City's finance system
// (libxlsxwriter): one sheet "Mandats", one row per instalment of each
// voted grant, due or paid, with a frozen header row — Référence,
// Bénéficiaire, N° de tiers, IBAN, Versement, Part, Montant, État, Date de
// versement, Référence du mandat, Imputation, Ligne — and a totals row.
// The IBAN is written as given (the service masks it for staff who may not
// see it). `createdAt` fixes the document's creation date (reproducible
// bytes). Throws std::runtime_error when the file cannot be written.
// Thread-safe.

#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

struct PaymentOrderLine {
    std::string reference;  // the application's
    std::string beneficiary;
    std::string tiersNumber;
    std::string iban;
    int instalment = 1;
    int percent = 100;
    engine::Money amount;
    std::string state;   // "à verser", "versé", "partiellement versé"
    std::string paidOn;  // YYYY-MM-DD of the last payment of it, or empty
    std::string paymentReference;
    std::string imputation;  // "65-6574-048 / 2026"
    std::string line;        // the envelope's sub-line (WATER: water, sanitation), or empty
};

std::string renderPaymentOrders(const std::vector<PaymentOrderLine>& lines,
                                const std::string& title, engine::Timestamp createdAt = {});

}  // namespace grantflow::documents
