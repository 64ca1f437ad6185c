#pragma once
// An association or NGO that applies for grants. Identifiers are French:
// RNA (register of associations, "W" + 9 digits) and SIRET (14 digits).

#include <cstdint>
#include <optional>
#include <string>

#include "engine/time.hpp"

namespace grantflow::engine {

struct Organisation {
    std::int64_t id = 0;
    std::string name;
    std::string rna;
    std::string siret;
    std::string address;
    std::string city;
    std::string country;  // ISO 3166 alpha-2
    std::string iban;
    std::optional<Timestamp> activeInParisSince;
    std::string thirdPartyNumber;  // the City's accounting "numéro de tiers"
};

}  // namespace grantflow::engine
