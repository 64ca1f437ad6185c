#pragma once
// Organisations as their readers may see them (Visibility): NotFound for
// one the caller may not see, exactly as for one that does not exist; the
// IBAN masked (engine::maskIban) for everyone but the organisation's own
// accounts and clerks.
//
// Thread-safe: no mutable state.

#include <cstdint>

#include "engine/organisation.hpp"
#include "engine/organisation_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"

namespace grantflow::services {

struct OrganisationReading {
    engine::Organisation organisation;  // its IBAN masked when ibanMasked
    bool ibanMasked = true;
};

class OrganisationService {
public:
    explicit OrganisationService(engine::OrganisationStore& organisations);

    engine::Result<OrganisationReading> find(const engine::Actor& actor, std::int64_t id);

private:
    engine::OrganisationStore& organisations_;
};

}  // namespace grantflow::services
