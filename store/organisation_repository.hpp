#pragma once
// engine::OrganisationStore over SOCI; identifiers are validated by the
// caller. Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include "engine/organisation_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class OrganisationRepository final : public engine::OrganisationStore {
public:
    explicit OrganisationRepository(Database& db) : db_(db) {}

    // Returns the organisation with its new id. Invalid when the name is empty.
    engine::Result<engine::Organisation> create(const engine::Organisation& organisation) override;
    std::optional<engine::Organisation> find(std::int64_t id) override;
    // Ordered by id.
    std::vector<engine::Organisation> list() override;

private:
    Database& db_;
};

// For other repositories, inside a transaction they hold.
engine::Organisation insertOrganisation(soci::session& sql,
                                        const engine::Organisation& organisation);
std::optional<engine::Organisation> selectOrganisation(soci::session& sql, std::int64_t id);

}  // namespace grantflow::store
