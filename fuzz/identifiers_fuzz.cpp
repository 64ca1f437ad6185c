// Fuzz target: the identifiers an organisation registers with
// (engine/identifiers.hpp), each checked against a reference written here
// from the standard, plus the IBAN's helpers:
//   - rnaProblem, siretProblem and ibanProblem agree with the references;
//   - an IBAN is judged the same before and after normaliseIban, which is
//     idempotent;
//   - a valid IBAN with one character changed is refused (mod 97 catches
//     every single substitution);
//   - maskIban never shows more than the country, the check digits and the
//     last four characters.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/identifiers.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace grantflow::engine;

namespace {

bool referenceRna(const std::string& s) {
    if (s.size() != 10 || s[0] != 'W') return false;
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool referenceSiret(const std::string& s) {
    if (s.size() != 14) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    int luhn = 0;
    for (int i = 13, position = 0; i >= 0; --i, ++position) {
        int d = s[static_cast<std::size_t>(i)] - '0';
        if (position % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        luhn += d;
    }
    if (luhn % 10 == 0) return true;
    int digits = 0;
    for (char c : s) digits += c - '0';
    return s.compare(0, 9, "356000000") == 0 && digits % 5 == 0;
}

// ISO 13616 on the normalised text, computing mod 97 digit by digit of the
// decimal expansion (letters are two digits, A = 10).
bool referenceIban(const std::string& iban) {
    if (iban.size() < 15 || iban.size() > 34) return false;
    for (std::size_t i = 0; i < iban.size(); ++i) {
        const char c = iban[i];
        const bool upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
        if (i < 2 ? !upper : i < 4 ? !digit : !(upper || digit)) return false;
    }
    if (iban.compare(0, 2, "FR") == 0 && iban.size() != 27) return false;
    std::string decimal;
    for (char c : iban.substr(4) + iban.substr(0, 4))
        decimal += c >= 'A' ? std::to_string(c - 'A' + 10) : std::string(1, c);
    int remainder = 0;
    for (char d : decimal) remainder = (remainder * 10 + (d - '0')) % 97;
    return remainder == 1;
}

void checkMask(const std::string& input) {
    const std::string iban = normaliseIban(input);
    const std::string masked = maskIban(input);
    if (iban.size() < 8) {
        FUZZ_CHECK(masked == "****", "a short IBAN is masked whole");
        return;
    }
    std::string shown;
    for (char c : masked)
        if (c != ' ') shown += c;
    FUZZ_CHECK(shown.size() == iban.size(), "the mask keeps the IBAN's length");
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const bool visible = i < 4 || i >= shown.size() - 4;
        FUZZ_CHECK(visible ? shown[i] == iban[i] : shown[i] == '*',
                   "the mask shows a hidden character or hides a visible one");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);

    FUZZ_CHECK(!rnaProblem(text) == referenceRna(text), "rnaProblem disagrees: " + text);
    FUZZ_CHECK(!siretProblem(text) == referenceSiret(text), "siretProblem disagrees: " + text);

    const std::string normal = normaliseIban(text);
    FUZZ_CHECK(normaliseIban(normal) == normal, "normaliseIban is not idempotent");
    const bool valid = !ibanProblem(text);
    FUZZ_CHECK(valid == !ibanProblem(normal), "normalising changes the verdict");
    FUZZ_CHECK(valid == referenceIban(normal), "ibanProblem disagrees: " + normal);
    checkMask(text);

    if (valid && size > 0) {
        // Change one character of the BBAN or check digits to another of its class.
        std::string changed = normal;
        const std::size_t at = 2 + data[0] % (changed.size() - 2);
        const char c = changed[at];
        changed[at] =
            c >= '0' && c <= '9' ? char('0' + (c - '0' + 1) % 10) : char('A' + (c - 'A' + 1) % 26);
        FUZZ_CHECK(ibanProblem(changed).has_value(), "a one-character change went unnoticed");
    }
    return 0;
}
