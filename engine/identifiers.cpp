#include "engine/identifiers.hpp"

#include <cctype>

namespace grantflow::engine {

namespace {

bool allDigits(const std::string& s) {
    for (unsigned char c : s)
        if (!std::isdigit(c)) return false;
    return !s.empty();
}

}  // namespace

std::optional<std::string> rnaProblem(const std::string& rna) {
    if (rna.size() != 10 || rna[0] != 'W' || !allDigits(rna.substr(1)))
        return "must be W followed by 9 digits (e.g. W751234567)";
    return std::nullopt;
}

std::optional<std::string> siretProblem(const std::string& siret) {
    if (siret.size() != 14 || !allDigits(siret)) return "must be 14 digits";
    int sum = 0;
    for (std::size_t i = 0; i < 14; ++i) {
        int d = siret[i] - '0';
        if (i % 2 == 0) {  // from the right, every second digit is doubled
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    if (sum % 10 == 0) return std::nullopt;
    if (siret.rfind("356000000", 0) == 0) {
        int plain = 0;
        for (char c : siret) plain += c - '0';
        if (plain % 5 == 0) return std::nullopt;
    }
    return "is not a valid SIRET number (check digit)";
}

std::string normaliseIban(const std::string& iban) {
    std::string out;
    for (unsigned char c : iban)
        if (!std::isspace(c)) out += char(std::toupper(c));
    return out;
}

std::optional<std::string> ibanProblem(const std::string& input) {
    std::string iban = normaliseIban(input);
    if (iban.size() < 15 || iban.size() > 34) return "must have 15 to 34 characters";
    for (std::size_t i = 0; i < iban.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(iban[i]);
        bool ok = i < 2 ? std::isupper(c) : (i < 4 ? std::isdigit(c) : std::isalnum(c));
        if (!ok)
            return "must start with a country code and two check digits, then letters and digits";
    }
    if (iban.rfind("FR", 0) == 0 && iban.size() != 27) return "a French IBAN has 27 characters";
    std::string rearranged = iban.substr(4) + iban.substr(0, 4);
    int remainder = 0;
    for (unsigned char c : rearranged) {
        int value = std::isdigit(c) ? c - '0' : c - 'A' + 10;
        remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
    }
    if (remainder != 1) return "is not a valid IBAN (check digits)";
    return std::nullopt;
}

std::string maskIban(const std::string& input) {
    std::string iban = normaliseIban(input);
    if (iban.size() < 8) return "****";
    std::string masked =
        iban.substr(0, 4) + std::string(iban.size() - 8, '*') + iban.substr(iban.size() - 4);
    std::string grouped;
    for (std::size_t i = 0; i < masked.size(); ++i) {
        if (i && i % 4 == 0) grouped += ' ';
        grouped += masked[i];
    }
    return grouped;
}

}  // namespace grantflow::engine
