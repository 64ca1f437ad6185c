#pragma once
// An organisation that applies for grants, of one of four kinds, each with
// its own identifiers (the rules are services::RegistrationService's):
//
//   association      RNA ("W" + 9 digits) required, SIRET when it has one
//   company          a company or cooperative: SIRET (14 digits) required
//   public_body      SIRET required
//   foreign_partner  a partner city or NGO abroad: no French identifiers,
//                    its country and national registration number instead
//
// `iban` is the IBAN in force: a change asked for by the organisation is
// held apart (engine::IbanChange) until a finance officer confirms it, so
// whatever reads `iban` (views, documents, exports) reads the confirmed one.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/time.hpp"

namespace grantflow::engine {

enum class OrganisationKind { Association, Company, PublicBody, ForeignPartner };

inline const char* toString(OrganisationKind k) {
    switch (k) {
        case OrganisationKind::Association: return "association";
        case OrganisationKind::Company: return "company";
        case OrganisationKind::PublicBody: return "public_body";
        case OrganisationKind::ForeignPartner: return "foreign_partner";
    }
    return "association";
}

inline std::optional<OrganisationKind> parseOrganisationKind(const std::string& s) {
    for (OrganisationKind k : {OrganisationKind::Association, OrganisationKind::Company,
                               OrganisationKind::PublicBody, OrganisationKind::ForeignPartner})
        if (s == toString(k)) return k;
    return std::nullopt;
}

// What an organisation's members edit themselves, as a convention quotes it:
// "représentée par Mme X, Présidente".
struct OrganisationProfile {
    std::string address;  // street
    std::string postcode;
    std::string city;
    std::string email;
    std::string phone;
    std::string representative;
    std::string representativeTitle;
};

struct Organisation {
    std::int64_t id = 0;
    OrganisationKind kind = OrganisationKind::Association;
    std::string name;
    std::string rna;
    std::string siret;
    std::string registrationNumber;  // foreign partners: the national number
    std::string address;             // street
    std::string postcode;
    std::string city;
    std::string country;  // ISO 3166 alpha-2
    std::string email;
    std::string phone;
    std::string representative;
    std::string representativeTitle;
    std::string iban;  // the confirmed one
    std::optional<Timestamp> activeInParisSince;
    std::string thirdPartyNumber;  // the City's accounting "numéro de tiers"

    OrganisationProfile profile() const {
        return {address, postcode, city, email, phone, representative, representativeTitle};
    }
};

}  // namespace grantflow::engine
