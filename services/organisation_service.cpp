#include "services/organisation_service.hpp"

#include "engine/identifiers.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

OrganisationService::OrganisationService(engine::OrganisationStore& organisations)
    : organisations_(organisations) {}

engine::Result<OrganisationReading> OrganisationService::find(const engine::Actor& actor,
                                                              std::int64_t id) {
    if (!Visibility::canSeeOrganisation(actor, id))
        return engine::makeError(engine::ErrorCode::NotFound, "no such organisation");
    auto org = organisations_.find(id);
    if (!org) return engine::makeError(engine::ErrorCode::NotFound, "no such organisation");
    OrganisationReading reading{std::move(*org), !Visibility::canSeeIban(actor, id)};
    if (reading.ibanMasked && !reading.organisation.iban.empty())
        reading.organisation.iban = engine::maskIban(reading.organisation.iban);
    return reading;
}

}  // namespace grantflow::services
