#pragma once
// The open-data file of the grants a local authority awards, in the
// national format: the SCDL "subventions" schema (OpenDataFrance, version
// 2.1.0), which décret n° 2017-779 asks for grants above €23,000.
//
// CSV as the schema's table dialect has it: UTF-8 without a byte order
// mark, comma separator, fields quoted with " when they hold a comma, a
// quote or a line break (quotes doubled), CRLF line ends, one header row
// with the 16 columns in the schema's order. Dates are YYYY-MM-DD,
// amounts use a decimal point ("47800.20"), booleans are "oui"/"non",
// optional values left empty. Nothing outside the schema is written.
// Pure functions: thread-safe.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

inline constexpr std::array<const char*, 16> kSubventionsColumns = {
    "nomAttribuant",   "idAttribuant",   "dateConvention",        "referenceDecision",
    "nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire",       "objet",
    "montant",         "nature",         "conditionsVersement",   "datesPeriodeVersement",
    "idRAE",           "notificationUE", "pourcentageSubvention", "dispositifAide"};

// One grant. The convention follows the Council's vote, so its date is
// the vote's; the grant is paid once ("unique"), in cash ("aide en
// numéraire"), to one beneficiary (pourcentageSubvention 1.00), under no
// aid notified to the European Commission ("non").
struct Subvention {
    std::string attributorName;   // nomAttribuant
    std::string attributorSiret;  // idAttribuant
    engine::Timestamp votedAt{};  // dateConvention
    std::string decisionReference;
    std::string beneficiaryName;
    std::string beneficiarySiret;  // may be empty
    std::string beneficiaryRna;    // may be empty
    std::string object;            // cut to 256 characters
    engine::Money amount;
    // The payment's date when paid; else the period from the vote to the
    // end of its year.
    std::optional<engine::Timestamp> paidAt;
    std::string aidScheme;  // dispositifAide: the programme
};

std::string renderSubventionsCsv(const std::vector<Subvention>& rows);

// "2300000" cents -> "23000.00"
std::string decimalEuros(engine::Money amount);

}  // namespace grantflow::documents
