#pragma once
// The storage port of organisations that apply for grants, with what hangs
// on them: IBAN changes waiting for a finance officer, requests to join an
// organisation, and its members (the accounts attached to it).
//
// Validation of identifiers, IBANs and texts, and who may do what, is the
// caller's job (services::OrganisationService, RegistrationService);
// storage keeps what it is given. Every change that matters (profile, IBAN,
// tiers number, members) appends its audit entry in the same transaction;
// the e-mails it causes are queued in the outbox in that transaction too.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/organisation.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/transition_change.hpp"
#include "engine/user_store.hpp"

namespace grantflow::engine {

enum class IbanChangeState { Pending, Confirmed, Rejected };
inline const char* toString(IbanChangeState state) {
    switch (state) {
        case IbanChangeState::Pending: return "pending";
        case IbanChangeState::Confirmed: return "confirmed";
        case IbanChangeState::Rejected: return "rejected";
    }
    return "pending";
}

// A new IBAN asked for by an organisation; the organisation's IBAN is
// replaced only when a finance officer confirms it.
struct IbanChange {
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::string organisationName;
    std::string oldIban;
    std::string newIban;
    IbanChangeState state = IbanChangeState::Pending;
    std::int64_t requestedBy = 0;
    Timestamp requestedAt{};
    std::optional<std::int64_t> decidedBy;
    std::optional<Timestamp> decidedAt;
};

enum class JoinRequestState { Pending, Approved, Refused };
inline const char* toString(JoinRequestState state) {
    switch (state) {
        case JoinRequestState::Pending: return "pending";
        case JoinRequestState::Approved: return "approved";
        case JoinRequestState::Refused: return "refused";
    }
    return "pending";
}

// An account registered with the identifier of a known organisation: it is
// attached to the organisation only once approved.
struct JoinRequest {
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::int64_t userId = 0;
    std::string name;   // the account's
    std::string email;  // the account's
    JoinRequestState state = JoinRequestState::Pending;
    Timestamp createdAt{};
    std::optional<std::int64_t> decidedBy;
    std::optional<Timestamp> decidedAt;
};

class OrganisationStore {
public:
    virtual ~OrganisationStore() = default;

    // Returns the organisation with its new id. Invalid when the name is empty.
    virtual Result<Organisation> create(const Organisation& organisation) = 0;
    virtual std::optional<Organisation> find(std::int64_t id) = 0;
    // Ordered by id.
    virtual std::vector<Organisation> list() = 0;
    // The first organisation (by id) with this RNA, this SIRET, or this
    // country and national registration number; empty values match nothing.
    virtual std::optional<Organisation> findByIdentifier(const Organisation& identifiers) = 0;

    // Replaces the profile; audit entry `organisation_profile_changed` with
    // the fields that changed, old and new. NotFound for no such organisation.
    virtual Result<Organisation> updateProfile(std::int64_t id, const OrganisationProfile& profile,
                                               const Actor& actor, Timestamp now) = 0;
    // Audit entry `third_party_number_set`, old and new. NotFound.
    virtual Result<Organisation> setThirdPartyNumber(std::int64_t id, const std::string& number,
                                                     const Actor& actor, Timestamp now) = 0;

    // Records a pending change from the IBAN in force to `newIban` (the
    // organisation's IBAN is untouched); audit entry `iban_change_requested`
    // with both IBANs; `notifications` queued. NotFound for no such
    // organisation; Conflict when one is pending already.
    virtual Result<IbanChange> requestIbanChange(
        std::int64_t organizationId, const std::string& newIban, const Actor& actor, Timestamp now,
        const std::vector<OutboxMessage>& notifications) = 0;
    // Confirms (the organisation's IBAN becomes the new one) or rejects a
    // pending change; audit entry `iban_change_confirmed` or
    // `iban_change_rejected` with both IBANs; `notifications` queued.
    // NotFound for no such change; Conflict when it is no longer pending.
    virtual Result<IbanChange> decideIbanChange(
        std::int64_t changeId, bool confirm, const Actor& actor, Timestamp now,
        const std::vector<OutboxMessage>& notifications) = 0;
    virtual std::optional<IbanChange> findIbanChange(std::int64_t changeId) = 0;
    // The pending change of an organisation, if any.
    virtual std::optional<IbanChange> pendingIbanChange(std::int64_t organizationId) = 0;
    // Every pending change, oldest first.
    virtual std::vector<IbanChange> pendingIbanChanges() = 0;

    // The account (not attached to any organisation) and its request to
    // join `organizationId`, in one transaction. Conflict when the e-mail
    // is taken; NotFound for no such organisation.
    virtual Result<JoinRequest> requestToJoin(std::int64_t organizationId, const NewUser& user,
                                              Timestamp now) = 0;
    virtual std::optional<JoinRequest> findJoinRequest(std::int64_t id) = 0;
    // Pending requests of an organisation, oldest first.
    virtual std::vector<JoinRequest> pendingJoinRequests(std::int64_t organizationId) = 0;
    // Approving attaches the account to the organisation; audit entry
    // `join_request_approved` or `join_request_refused`. NotFound; Conflict
    // when the request is no longer pending.
    virtual Result<JoinRequest> decideJoinRequest(std::int64_t id, bool approve, const Actor& actor,
                                                  Timestamp now) = 0;
    // Detaches the account from the organisation; audit entry
    // `member_removed`. NotFound when it is not a member; Conflict when it
    // is the last one.
    virtual Status removeMember(std::int64_t organizationId, std::int64_t userId,
                                const Actor& actor, Timestamp now) = 0;
};

}  // namespace grantflow::engine
