#include "services/registration_service.hpp"

#include <vector>

#include "engine/field_validation.hpp"
#include "engine/identifiers.hpp"
#include "security/password.hpp"
#include "services/text_rules.hpp"

namespace grantflow::services {

namespace {

using engine::ErrorCode;
using engine::makeError;
using engine::Reason;

}  // namespace

RegistrationService::RegistrationService(engine::UserStore& users, const engine::Clock& clock)
    : users_(users), clock_(clock) {}

engine::Result<engine::Registration> RegistrationService::registerOrganisation(
    const RegistrationRequest& request) {
    engine::Organisation org = request.organisation;
    org.id = 0;
    org.activeInParisSince.reset();
    const auto now = clock_.now();

    std::vector<Reason> reasons;
    checkText(reasons, "organization.name", org.name, 200);
    if (auto p = engine::rnaProblem(org.rna)) reasons.push_back({"organization.rna", *p, ""});
    if (auto p = engine::siretProblem(org.siret)) reasons.push_back({"organization.siret", *p, ""});
    checkText(reasons, "organization.address", org.address, 300);
    checkText(reasons, "organization.city", org.city, 100);
    if (!engine::isCountryCode(org.country))
        reasons.push_back(
            {"organization.country", "must be an ISO 3166 alpha-2 country code (e.g. FR)", ""});
    if (auto p = engine::ibanProblem(org.iban)) reasons.push_back({"organization.iban", *p, ""});
    if (const auto& since = request.activeInParisSince) {
        auto t = since->size() == 10 ? engine::parseTimestamp(*since) : std::nullopt;
        if (!t)
            reasons.push_back(
                {"organization.active_in_paris_since", "must be a date written YYYY-MM-DD", ""});
        else if (*t > now)
            reasons.push_back(
                {"organization.active_in_paris_since", "must not be in the future", ""});
        else
            org.activeInParisSince = t;
    }
    const std::string email = engine::normaliseEmail(request.email);
    if (!looksLikeEmail(email)) reasons.push_back({"user.email", "is not an e-mail address", ""});
    if (auto weak = security::passwordWeakness(request.password, email))
        reasons.push_back({"user.password", *weak, ""});
    checkText(reasons, "user.name", request.name, 200);
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the registration has invalid values",
                         std::move(reasons));

    org.iban = engine::normaliseIban(org.iban);
    engine::NewUser user;
    user.email = email;
    user.name = request.name;
    user.role = engine::Role::Applicant;
    user.passwordHash = security::hashPassword(request.password);
    // Confirmed through a mailed link (CredentialService), where the server
    // mails links; until then the account may draft but not submit.
    user.emailVerified = false;
    auto registered = users_.registerOrganisation(org, user, now);
    if (!registered && registered.error().code == ErrorCode::Conflict)
        return makeError(ErrorCode::Conflict, "an account with this e-mail exists already",
                         {{"user.email", "is taken", ""}});
    return registered;
}

}  // namespace grantflow::services
