#include "documents/subventions_csv.hpp"

#include <cstdlib>

namespace grantflow::documents {

namespace {

constexpr std::size_t kMaxObjectCharacters = 256;

// `text` cut to `max` characters (code points), never inside a UTF-8 sequence.
std::string cutCharacters(const std::string& text, std::size_t max) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80 && characters++ == max) return text.substr(0, i);
    }
    return text;
}

std::string quoted(const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string day(engine::Timestamp t) { return engine::formatTimestamp(t).substr(0, 10); }

std::string paymentPeriod(const Subvention& s) {
    if (s.paidAt) return day(*s.paidAt);
    return day(s.votedAt) + "/" + std::to_string(engine::yearOf(s.votedAt)) + "-12-31";
}

}  // namespace

std::string decimalEuros(engine::Money amount) {
    const long long cents = amount.cents();
    const long long whole = std::llabs(cents) / 100, rest = std::llabs(cents) % 100;
    return std::string(cents < 0 ? "-" : "") + std::to_string(whole) + "." +
           (rest < 10 ? "0" : "") + std::to_string(rest);
}

std::string renderSubventionsCsv(const std::vector<Subvention>& rows) {
    std::string out;
    for (std::size_t i = 0; i < kSubventionsColumns.size(); ++i)
        out += std::string(i ? "," : "") + kSubventionsColumns[i];
    out += "\r\n";
    for (const auto& s : rows) {
        const std::array<std::string, 16> fields = {
            s.attributorName,
            s.attributorSiret,
            day(s.votedAt),
            s.decisionReference,
            s.beneficiaryName,
            s.beneficiarySiret,
            s.beneficiaryRna,
            cutCharacters(s.object, kMaxObjectCharacters),
            decimalEuros(s.amount),
            "aide en numéraire",
            "unique",
            paymentPeriod(s),
            "",
            "non",
            "1.00",
            s.aidScheme,
        };
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) out += ',';  // (appended, not concatenated: GCC -O3 warns -Wrestrict)
            out += quoted(fields[i]);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace grantflow::documents
