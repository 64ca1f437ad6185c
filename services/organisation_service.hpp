#pragma once
// Organisations as their readers may see them, and what their members and
// the City's staff change on them:
//
//   find, list          NotFound for one the caller may not see (Visibility),
//                       exactly as for one that does not exist; IBANs (the
//                       one in force and a pending one) masked for everyone
//                       but the organisation's own accounts, clerks and
//                       finance officers.
//   updateProfile       the organisation's own applicants: address, postcode,
//                       city, e-mail, phone, representative and title
//                       (rules below); audited.
//   requestIbanChange   its own applicants: the new IBAN is held, not used,
//                       until a finance officer (or an admin) confirms it;
//                       one pending at a time (Conflict). Confirming or
//                       rejecting is decideIbanChange. The organisation's
//                       accounts are e-mailed at the request and at the
//                       decision (IBANs masked in the mail); both IBANs are
//                       in the audit trail.
//   setThirdPartyNumber finance officers, clerks (the deliberation names it)
//                       and admins: the City's tiers number, a letter and 5
//                       to 9 digits ("D02175").
//   members, removeMember, joinRequests, decideJoinRequest
//                       Visibility::canSeeMembers / canManageMembers; the
//                       last member cannot be removed (Conflict).
//
// Profile rules (Invalid, one Reason per field, by its API name):
//   address 1–300, city 1–100, postcode ≤ 20 (letters, digits, spaces, '-'),
//   email an e-mail address or empty, phone ≤ 30 ("+", digits, spaces,
//   ".", "-", "(", ")") or empty, representative ≤ 200,
//   representative_title ≤ 100 (required with a representative); single lines.
//
// Thread-safe: no mutable state.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/organisation.hpp"
#include "engine/organisation_store.hpp"
#include "engine/payment_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"

namespace grantflow::services {

// The members of the profile to change; absent ones keep their value.
struct ProfileChange {
    std::optional<std::string> address, postcode, city, email, phone, representative,
        representativeTitle;
};

struct OrganisationReading {
    engine::Organisation organisation;  // its IBAN masked when ibanMasked
    bool ibanMasked = true;
    std::optional<engine::IbanChange> pendingIbanChange;  // its IBANs masked likewise
    // What its open recovery orders ask back: the organisation is flagged
    // until they are settled (docs/payments.md).
    engine::Money openRecoveries;
};

class OrganisationService {
public:
    OrganisationService(engine::OrganisationStore& organisations, engine::UserStore& users,
                        engine::PaymentStore& payments, const engine::Clock& clock);

    engine::Result<OrganisationReading> find(const engine::Actor& actor, std::int64_t id);
    // Staff only (Forbidden for applicants), ordered by id.
    engine::Result<std::vector<OrganisationReading>> list(const engine::Actor& actor);

    engine::Result<OrganisationReading> updateProfile(const engine::Actor& actor, std::int64_t id,
                                                      const ProfileChange& change);
    engine::Result<OrganisationReading> setThirdPartyNumber(const engine::Actor& actor,
                                                            std::int64_t id,
                                                            const std::string& number);

    engine::Result<engine::IbanChange> requestIbanChange(const engine::Actor& actor,
                                                         std::int64_t id, const std::string& iban);
    engine::Result<engine::IbanChange> decideIbanChange(const engine::Actor& actor,
                                                        std::int64_t changeId, bool confirm);
    // Finance officers and admins: every pending change, IBANs in full;
    // auditors read the same list with the IBANs masked.
    engine::Result<std::vector<engine::IbanChange>> pendingIbanChanges(const engine::Actor& actor);

    engine::Result<std::vector<engine::User>> members(const engine::Actor& actor, std::int64_t id);
    engine::Status removeMember(const engine::Actor& actor, std::int64_t id, std::int64_t userId);
    engine::Result<std::vector<engine::JoinRequest>> joinRequests(const engine::Actor& actor,
                                                                  std::int64_t id);
    engine::Result<engine::JoinRequest> decideJoinRequest(const engine::Actor& actor,
                                                          std::int64_t id, std::int64_t requestId,
                                                          bool approve);

private:
    OrganisationReading reading(const engine::Actor& actor, engine::Organisation org);
    std::vector<engine::OutboxMessage> mailToMembers(std::int64_t organizationId,
                                                     const std::string& subject,
                                                     const std::string& body);

    engine::OrganisationStore& organisations_;
    engine::UserStore& users_;
    engine::PaymentStore& payments_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
