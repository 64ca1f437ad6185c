#pragma once
// Registration of an organisation with its first applicant account: the
// rules a registration must meet, then both created in one transaction.
//
//   organization.name, .address, .city   required, single line, at most
//                                        200, 300, 100 characters
//   organization.rna, .siret, .iban      engine/identifiers.hpp
//   organization.country                 ISO 3166 alpha-2
//   organization.active_in_paris_since   optional date YYYY-MM-DD, not in the future
//   user.email                           an e-mail address (normalised first)
//   user.password                        security::passwordWeakness
//   user.name                            required, single line, at most 200
//
// Every broken rule is one Reason named by its field path in the API's
// request ("organization.name", "user.email", ...): Invalid with all of
// them at once. Conflict (reason "user.email") when the e-mail is taken.
// The password is hashed here; the IBAN is stored normalised. The account
// starts with its e-mail address unconfirmed (services/credential_service.hpp).
//
// Thread-safe: no mutable state.

#include <optional>
#include <string>

#include "engine/organisation.hpp"
#include "engine/organisation_store.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"

namespace grantflow::services {

struct RegistrationRequest {
    // id and activeInParisSince are ignored: the date arrives as text below.
    engine::Organisation organisation;
    std::optional<std::string> activeInParisSince;  // "YYYY-MM-DD" as given
    std::string email;
    std::string password;
    std::string name;
};

class RegistrationService {
public:
    RegistrationService(engine::UserStore& users, const engine::Clock& clock);

    engine::Result<engine::Registration> registerOrganisation(const RegistrationRequest& request);

private:
    engine::UserStore& users_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
