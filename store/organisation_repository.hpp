#pragma once
// engine::OrganisationStore over SOCI: organisations, their pending IBAN
// changes (iban_changes), requests to join them (join_requests) and their
// members (users.organization_id). Identifiers are validated by the caller.
// Each change appends its audit entry (store/audit_chain.hpp) and queues its
// e-mails in the same transaction. Thread-safe: each call leases its own
// session.

#include <soci/soci.h>

#include "engine/organisation_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class OrganisationRepository final : public engine::OrganisationStore {
public:
    explicit OrganisationRepository(Database& db) : db_(db) {}

    engine::Result<engine::Organisation> create(const engine::Organisation& organisation) override;
    std::optional<engine::Organisation> find(std::int64_t id) override;
    std::vector<engine::Organisation> list() override;
    std::optional<engine::Organisation> findByIdentifier(
        const engine::Organisation& identifiers) override;

    engine::Result<engine::Organisation> updateProfile(std::int64_t id,
                                                       const engine::OrganisationProfile& profile,
                                                       const engine::Actor& actor,
                                                       engine::Timestamp now) override;
    engine::Result<engine::Organisation> setThirdPartyNumber(std::int64_t id,
                                                             const std::string& number,
                                                             const engine::Actor& actor,
                                                             engine::Timestamp now) override;

    engine::Result<engine::IbanChange> requestIbanChange(
        std::int64_t organizationId, const std::string& newIban, const engine::Actor& actor,
        engine::Timestamp now, const std::vector<engine::OutboxMessage>& notifications) override;
    engine::Result<engine::IbanChange> decideIbanChange(
        std::int64_t changeId, bool confirm, const engine::Actor& actor, engine::Timestamp now,
        const std::vector<engine::OutboxMessage>& notifications) override;
    std::optional<engine::IbanChange> findIbanChange(std::int64_t changeId) override;
    std::optional<engine::IbanChange> pendingIbanChange(std::int64_t organizationId) override;
    std::vector<engine::IbanChange> pendingIbanChanges() override;

    engine::Result<engine::JoinRequest> requestToJoin(std::int64_t organizationId,
                                                      const engine::NewUser& user,
                                                      engine::Timestamp now) override;
    std::optional<engine::JoinRequest> findJoinRequest(std::int64_t id) override;
    std::vector<engine::JoinRequest> pendingJoinRequests(std::int64_t organizationId) override;
    engine::Result<engine::JoinRequest> decideJoinRequest(std::int64_t id, bool approve,
                                                          const engine::Actor& actor,
                                                          engine::Timestamp now) override;
    engine::Status removeMember(std::int64_t organizationId, std::int64_t userId,
                                const engine::Actor& actor, engine::Timestamp now) override;

private:
    Database& db_;
};

// For other repositories, inside a transaction they hold.
engine::Organisation insertOrganisation(soci::session& sql,
                                        const engine::Organisation& organisation);
// `sql`: a session leased from `db` (the statement is kept on it).
std::optional<engine::Organisation> selectOrganisation(Database& db, soci::session& sql,
                                                       std::int64_t id);

}  // namespace grantflow::store
