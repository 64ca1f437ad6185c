#pragma once
// What a deliberation document says, as plain data: the council module
// (store + engine) fills it, the renderers (PDF, XLSX, templates) read it.
// Nothing here knows where the data came from or which file format it will
// become, so the renderers can be tested and benchmarked on hand-built
// models and the same model always gives the same bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

// One grant voted by the deliberation: one article, one annex row.
struct GrantLine {
    std::int64_t applicationId = 0;
    std::string applicationReference;  // "HEALTH-2026-0007"
    std::string beneficiary;           // organisation name, as registered
    std::string rna;                   // "W751234567" (may be empty)
    std::string siret;                 // 14 digits (may be empty)
    std::string thirdPartyNumber;      // the City's "numéro de tiers"; empty until finance sets it
    // The association's seat, from its profile: street, postcode, city and
    // country (ISO 3166 alpha-2; shown only when not France).
    std::string address;
    std::string postcode;
    std::string city;
    std::string seatCountry;
    std::string country;  // ISO 3166 alpha-2: where the action takes place
    std::string project;  // the application's title
    std::string summary;  // the project's summary (the programme's "summary" field), may be empty
    engine::Money requested;
    engine::Money granted;  // the City's share, what the article attributes
    // Co-funding (CULTURE_IF: the Institut Français share); zero when none.
    engine::Money coFunding;
    std::string coFunder;  // "Institut Français"; empty when none
    // The grant needs a convention the Mayor is authorised to sign (above
    // 23,000 EUR unless the programme says otherwise).
    bool conventionRequired = false;
    // For the convention and the letter: who represents the association
    // (the organisation's profile).
    std::string representative;       // "Mme Awa Traoré"
    std::string representativeTitle;  // "présidente"
    // The Council's decision on this grant (the letter): refused when the
    // deliberation was rejected or the grant struck from it, with the
    // Council's reason.
    bool refused = false;
    std::string refusalReason;
    // The mean of the reviewers' weighted scores, in hundredths on the
    // programme's scale (375: 3.75); empty when nobody assessed it.
    std::optional<std::int64_t> scoreHundredths;
};

// What a convention says of payment and reports, from the programme's
// definition (the documents never assume it).
struct GrantTerms {
    std::vector<int> instalments;     // percent of the grant, in order; empty: one payment
    std::string reportDue;            // ISO 8601 duration ("P12M"); empty: none
    bool reportAfterYearEnd = false;  // after the end of the budget year, not the payment
};

// "Imputation budgétaire": where the expense is charged.
struct BudgetImputation {
    std::string chapter;   // "65"
    std::string nature;    // "6574"
    std::string function;  // "048"
    int financialYear = 0;
};

// The Council's counts, as the adopted act states them.
struct VoteTally {
    int voters = 0;  // for + against + abstentions
    int inFavour = 0;
    int against = 0;
    int abstentions = 0;
    int notTakingPart = 0;
};

// When the adopted act was made enforceable (ISO 8601 dates).
struct PublicationDates {
    std::string postedOn;       // posted at the Hôtel de Ville
    std::string transmittedOn;  // sent to the prefecture's legality check
    std::string receivedOn;     // received there
};

// The audit trail's head as the vote left it: the vote's entry and its
// hash. Printed on the adopted act so that the published text binds the
// trail: a later rewrite of the history before the vote no longer matches.
struct AuditMark {
    std::int64_t seq = 0;
    std::string hash;  // hex
};

struct DeliberationModel {
    std::string reference;  // "2026 DGRI 12" or "2026 DGRI 29 DASES"
    int year = 0;
    std::string direction;                     // "DGRI"
    std::vector<std::string> jointDirections;  // "DASES"…
    int number = 0;
    std::string departmentHeader;  // "Délégation générale aux relations internationales"
    std::string programmeCode;     // "HEALTH"
    std::string programmeTitle;  // in `language`: "Santé : VIH/sida, santé maternelle et infantile"
    std::string object;          // the subject line after the reference
    std::string sessionTitle;    // "Conseil de Paris — séance des 7, 8 et 9 juillet 2026"
    std::string sessionDate;     // ISO 8601 date, "2026-07-07"
    std::string rapporteur;      // "Sur le rapport présenté par …"
    std::string commission;      // "… au nom de la 3e Commission"; empty: none named
    // The "Vu …" citations of the programme, in `language`, in order.
    std::vector<std::string> legalBases;
    std::string language = "fr";  // "fr" or "en"
    // The document's creation date: fixed by the deliberation (never "now"),
    // so that a regeneration is byte-identical.
    engine::Timestamp createdAt;
    BudgetImputation imputation;
    GrantTerms terms;
    std::vector<GrantLine> grants;
    // The adopted act rather than the draft: its grants are those the vote
    // kept, at the amounts voted.
    bool adopted = false;
    bool amended = false;           // the vote amended or struck articles
    std::string votedOn;            // ISO 8601 date of the vote; empty for a draft
    std::optional<VoteTally> vote;  // when the counts were recorded
    std::optional<PublicationDates> publication;
    std::optional<AuditMark> auditMark;  // the adopted act's; none on a draft

    engine::Money totalGranted() const {
        engine::Money total;
        for (const auto& g : grants) total += g.granted;
        return total;
    }
    engine::Money totalRequested() const {
        engine::Money total;
        for (const auto& g : grants) total += g.requested;
        return total;
    }
};

}  // namespace grantflow::documents
