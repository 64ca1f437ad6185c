#pragma once
// The storage port of organisations (associations, NGOs) that apply for
// grants. Validation of identifiers (RNA, SIRET, IBAN) is the caller's job
// (services::RegistrationService); storage keeps what it is given.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/organisation.hpp"
#include "engine/result.hpp"

namespace grantflow::engine {

class OrganisationStore {
public:
    virtual ~OrganisationStore() = default;

    // Returns the organisation with its new id. Invalid when the name is empty.
    virtual Result<Organisation> create(const Organisation& organisation) = 0;
    virtual std::optional<Organisation> find(std::int64_t id) = 0;
    // Ordered by id.
    virtual std::vector<Organisation> list() = 0;
};

}  // namespace grantflow::engine
