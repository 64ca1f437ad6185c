#pragma once
// Checks of the French and banking identifiers an organisation registers
// with. Each returns nullopt when the value is valid, else why not.
//   RNA   "W" followed by 9 digits (répertoire national des associations)
//   SIRET 14 digits whose Luhn sum is a multiple of 10 (La Poste's
//         establishments, SIREN 356000000, follow their own rule and are
//         accepted when their digit sum is a multiple of 5)
//   IBAN  ISO 13616: country, check digits, BBAN; mod 97 of the rearranged
//         number equals 1. Spaces are ignored; letters may be lower case.

#include <optional>
#include <string>

namespace grantflow::engine {

std::optional<std::string> rnaProblem(const std::string& rna);
std::optional<std::string> siretProblem(const std::string& siret);
std::optional<std::string> ibanProblem(const std::string& iban);

// "FR76 3000 6000 0112 3456 7890 189" -> "FR7630006000011234567890189"
std::string normaliseIban(const std::string& iban);
// "FR76 **** **** **** **** ***0 189": the country, check digits and last
// four characters only, for everyone but the owner and clerks.
std::string maskIban(const std::string& iban);

}  // namespace grantflow::engine
