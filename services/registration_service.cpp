#include "services/registration_service.hpp"

#include <vector>

#include "engine/field_validation.hpp"
#include "engine/identifiers.hpp"
#include "security/password.hpp"
#include "services/staff_service.hpp"
#include "services/text_rules.hpp"

namespace grantflow::services {

namespace {

using engine::ErrorCode;
using engine::makeError;
using engine::Reason;

// The identifiers each kind of organisation has (see the header).
void checkIdentifiers(std::vector<Reason>& reasons, const engine::Organisation& org) {
    using Kind = engine::OrganisationKind;
    const bool french = org.kind != Kind::ForeignPartner;
    if (org.kind == Kind::Association) {
        if (auto p = engine::rnaProblem(org.rna)) reasons.push_back({"organization.rna", *p, ""});
    } else if (!org.rna.empty()) {
        reasons.push_back({"organization.rna",
                           french ? "only associations have an RNA number"
                                  : "a foreign partner has no French "
                                    "identifiers",
                           ""});
    }
    if (org.kind == Kind::Company || org.kind == Kind::PublicBody ||
        (org.kind == Kind::Association && !org.siret.empty())) {
        if (auto p = engine::siretProblem(org.siret))
            reasons.push_back({"organization.siret", *p, ""});
    } else if (!french && !org.siret.empty()) {
        reasons.push_back(
            {"organization.siret", "a foreign partner has no French identifiers", ""});
    }
    if (french) {
        if (!org.registrationNumber.empty())
            reasons.push_back({"organization.registration_number",
                               "only foreign partners have a national registration number", ""});
    } else {
        checkText(reasons, "organization.registration_number", org.registrationNumber, 50);
    }
}

}  // namespace

RegistrationService::RegistrationService(engine::UserStore& users,
                                         engine::OrganisationStore& organisations,
                                         engine::LoginAttemptStore& attempts,
                                         PasswordGate& passwords, AccountLinks& links,
                                         const engine::Clock& clock, const LoginPolicy& limits)
    : users_(users),
      organisations_(organisations),
      passwords_(passwords),
      links_(links),
      clock_(clock),
      throttle_(attempts, limits) {}

Registration RegistrationService::registerOrganisation(const RegistrationRequest& request) {
    engine::Organisation org = request.organisation;
    org.id = 0;
    org.activeInParisSince.reset();
    const auto now = clock_.now();

    std::vector<Reason> reasons;
    checkText(reasons, "organization.name", org.name, 200);
    if (auto kind = engine::parseOrganisationKind(request.kind))
        org.kind = *kind;
    else
        reasons.push_back({"organization.kind",
                           "must be association, company, public_body or foreign_partner", ""});
    checkIdentifiers(reasons, org);
    checkText(reasons, "organization.address", org.address, 300);
    checkOptionalText(reasons, "organization.postcode", org.postcode, 20);
    checkText(reasons, "organization.city", org.city, 100);
    if (!engine::isCountryCode(org.country))
        reasons.push_back(
            {"organization.country", "must be an ISO 3166 alpha-2 country code (e.g. FR)", ""});
    else if (org.kind == engine::OrganisationKind::ForeignPartner && org.country == "FR")
        reasons.push_back({"organization.country", "a foreign partner is not in France", ""});
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
    // Counted under keys of their own beside the sign-in attempts.
    if (!throttle_.admit("register:" + email, "register:" + request.address, now))
        return TooManyAttempts{throttle_.retryAfter()};
    // Before hashing: a taken e-mail costs no hash.
    if (users_.findByEmail(email)) return emailTaken(email);

    org.iban = engine::normaliseIban(org.iban);
    engine::NewUser user;
    user.email = email;
    user.name = request.name;
    user.role = engine::Role::Applicant;
    auto hash = passwords_.hash(request.password);
    if (!hash) return hash.error();
    user.passwordHash = std::move(hash).value();
    // Confirmed through a mailed link, where the server mails links; until
    // then the account cannot sign in (AccountService).
    user.emailVerified = false;
    // A Conflict below: the same address registered at the same moment.
    if (auto known = organisations_.findByIdentifier(org)) {
        auto joining = organisations_.requestToJoin(known->id, user, now);
        if (!joining && joining.error().code == ErrorCode::Conflict) return emailTaken(email);
        if (!joining) return joining.error();
        auto account = users_.findById(joining.value().userId);
        if (!account) return makeError(ErrorCode::NotFound, "the new account vanished");
        RegistrationOutcome joined;
        joined.user = std::move(*account);
        joined.joinRequest = std::move(joining).value();
        return mailed(std::move(joined));
    }
    auto registered = users_.registerOrganisation(org, user, now);
    if (!registered && registered.error().code == ErrorCode::Conflict) return emailTaken(email);
    if (!registered) return registered.error();
    RegistrationOutcome created;
    created.user = std::move(registered.value().user);
    created.organisation = std::move(registered.value().organisation);
    return mailed(std::move(created));
}

RegistrationOutcome RegistrationService::mailed(RegistrationOutcome outcome) {
    if (!links_.canSend()) return outcome;  // every account counts as confirmed
    // Where it cannot be sent, a new link comes from registering again or
    // from a password reset.
    RegistrationOutcome told;
    told.checkEmail = true;
    if (auto sent = links_.send(*outcome.user, engine::TokenPurpose::EmailVerification); !sent)
        told.mailProblem = sent.error();
    return told;
}

Registration RegistrationService::emailTaken(const std::string& email) {
    if (!links_.canSend())
        return makeError(ErrorCode::Conflict, "an account with this e-mail exists already",
                         {{"user.email", "is taken", ""}});
    RegistrationOutcome outcome;
    outcome.checkEmail = true;
    auto owner = users_.findByEmail(email);
    if (!owner) return outcome;  // gone in between: nobody to tell
    const bool confirmed = owner->emailVerifiedAt.has_value();
    // An invited account that has not chosen its password is told it exists.
    auto sent = confirmed || !owner->active || owner->passwordHash == StaffService::kNoPassword
                    ? links_.sendAccountExists(*owner)
                    : links_.send(*owner, engine::TokenPurpose::EmailVerification);
    if (!sent) outcome.mailProblem = sent.error();
    return outcome;
}

}  // namespace grantflow::services
