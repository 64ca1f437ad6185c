#include "services/organisation_service.hpp"

#include <algorithm>
#include <cctype>

#include "engine/identifiers.hpp"
#include "services/organisation_mail.hpp"
#include "services/text_rules.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

namespace {

using engine::ErrorCode;
using engine::makeError;
using engine::Role;

engine::Error noSuchOrganisation() {
    return makeError(ErrorCode::NotFound, "no such organisation");
}

bool onlyChars(const std::string& value, const std::string& extra) {
    for (unsigned char c : value)
        if (!std::isalnum(c) && extra.find(static_cast<char>(c)) == std::string::npos) return false;
    return true;
}

bool isFinance(const engine::Actor& actor) {
    return actor.role == Role::Finance || actor.role == Role::Admin;
}

std::vector<engine::Reason> profileProblems(const engine::OrganisationProfile& p) {
    std::vector<engine::Reason> reasons;
    checkText(reasons, "address", p.address, 300);
    checkOptionalText(reasons, "postcode", p.postcode, 20);
    if (!onlyChars(p.postcode, " -"))
        reasons.push_back({"postcode", "may hold only letters, digits, spaces and '-'", ""});
    checkText(reasons, "city", p.city, 100);
    if (!p.email.empty() && !looksLikeEmail(p.email))
        reasons.push_back({"email", "is not an e-mail address", ""});
    if (p.phone.size() > 30 || !std::all_of(p.phone.begin(), p.phone.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) ||
                   std::string("+ .-()").find(c) != std::string::npos;
        }))
        reasons.push_back(
            {"phone", "must be at most 30 digits, spaces and + . - ( ) characters", ""});
    checkOptionalText(reasons, "representative", p.representative, 200);
    if (!isBlank(p.representative))
        checkText(reasons, "representative_title", p.representativeTitle, 100);
    else
        checkOptionalText(reasons, "representative_title", p.representativeTitle, 100);
    return reasons;
}

// Trimmed of surrounding white space, as every stored text.
std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

engine::OrganisationProfile trimmed(engine::OrganisationProfile p) {
    for (std::string* field : {&p.address, &p.postcode, &p.city, &p.email, &p.phone,
                               &p.representative, &p.representativeTitle})
        *field = trimmed(*field);
    p.email = engine::normaliseEmail(p.email);
    return p;
}

}  // namespace

OrganisationService::OrganisationService(engine::OrganisationStore& organisations,
                                         engine::UserStore& users, engine::PaymentStore& payments,
                                         const engine::Clock& clock)
    : organisations_(organisations), users_(users), payments_(payments), clock_(clock) {}

OrganisationReading OrganisationService::reading(const engine::Actor& actor,
                                                 engine::Organisation org) {
    OrganisationReading r;
    r.ibanMasked = !Visibility::canSeeIban(actor, org.id);
    r.pendingIbanChange = organisations_.pendingIbanChange(org.id);
    if (r.ibanMasked) {
        if (!org.iban.empty()) org.iban = engine::maskIban(org.iban);
        if (r.pendingIbanChange) {
            r.pendingIbanChange->oldIban = engine::maskIban(r.pendingIbanChange->oldIban);
            r.pendingIbanChange->newIban = engine::maskIban(r.pendingIbanChange->newIban);
        }
    }
    for (const auto& order : payments_.openRecoveries(org.id)) r.openRecoveries += order.amount;
    r.organisation = std::move(org);
    return r;
}

engine::Result<OrganisationReading> OrganisationService::find(const engine::Actor& actor,
                                                              std::int64_t id) {
    if (!Visibility::canSeeOrganisation(actor, id)) return noSuchOrganisation();
    auto org = organisations_.find(id);
    if (!org) return noSuchOrganisation();
    return reading(actor, std::move(*org));
}

engine::Result<std::vector<OrganisationReading>> OrganisationService::list(
    const engine::Actor& actor) {
    if (actor.role == Role::Applicant || actor.role == Role::System)
        return makeError(ErrorCode::Forbidden, "only the City's staff list organisations");
    std::vector<OrganisationReading> out;
    for (auto& org : organisations_.list())
        if (Visibility::canSeeOrganisation(actor, org.id))
            out.push_back(reading(actor, std::move(org)));
    return out;
}

engine::Result<OrganisationReading> OrganisationService::updateProfile(
    const engine::Actor& actor, std::int64_t id, const ProfileChange& change) {
    if (!Visibility::isMemberOf(actor, id)) return noSuchOrganisation();
    auto current = organisations_.find(id);
    if (!current) return noSuchOrganisation();
    engine::OrganisationProfile given = current->profile();
    const auto apply = [](std::string& field, const std::optional<std::string>& value) {
        if (value) field = *value;
    };
    apply(given.address, change.address);
    apply(given.postcode, change.postcode);
    apply(given.city, change.city);
    apply(given.email, change.email);
    apply(given.phone, change.phone);
    apply(given.representative, change.representative);
    apply(given.representativeTitle, change.representativeTitle);
    const engine::OrganisationProfile profile = trimmed(given);
    if (auto reasons = profileProblems(profile); !reasons.empty())
        return makeError(ErrorCode::Invalid, "the profile has invalid values", std::move(reasons));
    auto updated = organisations_.updateProfile(id, profile, actor, clock_.now());
    if (!updated) return updated.error();
    return reading(actor, std::move(updated).value());
}

engine::Result<OrganisationReading> OrganisationService::setThirdPartyNumber(
    const engine::Actor& actor, std::int64_t id, const std::string& number) {
    // The clerk who prepares the deliberation may set it too: the act names it.
    if (!isFinance(actor) && actor.role != Role::Clerk)
        return makeError(ErrorCode::Forbidden,
                         "only a finance officer, a clerk or an admin sets a tiers number");
    const std::string value = trimmed(number);
    const bool shaped = value.size() >= 6 && value.size() <= 10 &&
                        std::isupper(static_cast<unsigned char>(value[0])) &&
                        std::all_of(value.begin() + 1, value.end(), [](char c) {
                            return std::isdigit(static_cast<unsigned char>(c));
                        });
    if (!value.empty() && !shaped)
        return makeError(ErrorCode::Invalid, "the tiers number is not valid",
                         {{"third_party_number",
                           "must be a capital letter followed by 5 to 9 digits (e.g. D02175), "
                           "or empty",
                           ""}});
    auto updated = organisations_.setThirdPartyNumber(id, value, actor, clock_.now());
    if (!updated) return updated.error();
    return reading(actor, std::move(updated).value());
}

std::vector<engine::OutboxMessage> OrganisationService::mailToMembers(std::int64_t organizationId,
                                                                      const std::string& subject,
                                                                      const std::string& body) {
    std::vector<engine::OutboxMessage> out;
    for (const auto& member : users_.listByOrganisation(organizationId))
        out.push_back({"email", member.email, subject, textPayload(body)});
    return out;
}

engine::Result<engine::IbanChange> OrganisationService::requestIbanChange(
    const engine::Actor& actor, std::int64_t id, const std::string& iban) {
    if (!Visibility::isMemberOf(actor, id)) return noSuchOrganisation();
    auto org = organisations_.find(id);
    if (!org) return noSuchOrganisation();
    if (auto problem = engine::ibanProblem(iban))
        return makeError(ErrorCode::Invalid, "the IBAN is not valid", {{"iban", *problem, ""}});
    const std::string normalised = engine::normaliseIban(iban);
    if (normalised == org->iban)
        return makeError(ErrorCode::Invalid, "the IBAN is not new",
                         {{"iban", "is the IBAN in force already", ""}});
    // The mail is composed before the change exists, from what it will be.
    engine::IbanChange announced;
    announced.organisationName = org->name;
    announced.oldIban = org->iban;
    announced.newIban = normalised;
    const MailText mail = ibanChangeMail(announced);
    return organisations_.requestIbanChange(id, normalised, actor, clock_.now(),
                                            mailToMembers(id, mail.subject, mail.body));
}

engine::Result<engine::IbanChange> OrganisationService::decideIbanChange(const engine::Actor& actor,
                                                                         std::int64_t changeId,
                                                                         bool confirm) {
    if (!isFinance(actor))
        return makeError(ErrorCode::Forbidden,
                         "only a finance officer or an admin confirms or rejects an IBAN change");
    auto change = organisations_.findIbanChange(changeId);
    if (!change) return makeError(ErrorCode::NotFound, "no such IBAN change");
    engine::IbanChange decided = *change;
    decided.state =
        confirm ? engine::IbanChangeState::Confirmed : engine::IbanChangeState::Rejected;
    const MailText mail = ibanChangeMail(decided);
    return organisations_.decideIbanChange(
        changeId, confirm, actor, clock_.now(),
        mailToMembers(change->organizationId, mail.subject, mail.body));
}

engine::Result<std::vector<engine::IbanChange>> OrganisationService::pendingIbanChanges(
    const engine::Actor& actor) {
    if (!isFinance(actor) && actor.role != Role::Auditor)
        return makeError(ErrorCode::Forbidden,
                         "only a finance officer, an admin or an auditor lists IBAN changes");
    auto changes = organisations_.pendingIbanChanges();
    for (auto& change : changes)
        if (!Visibility::canSeeIban(actor, change.organizationId)) {
            change.oldIban = engine::maskIban(change.oldIban);
            change.newIban = engine::maskIban(change.newIban);
        }
    return changes;
}

engine::Result<std::vector<engine::User>> OrganisationService::members(const engine::Actor& actor,
                                                                       std::int64_t id) {
    if (!Visibility::canSeeMembers(actor, id) || !organisations_.find(id))
        return noSuchOrganisation();
    return users_.listByOrganisation(id);
}

engine::Status OrganisationService::removeMember(const engine::Actor& actor, std::int64_t id,
                                                 std::int64_t userId) {
    if (!Visibility::canManageMembers(actor, id)) return noSuchOrganisation();
    return organisations_.removeMember(id, userId, actor, clock_.now());
}

engine::Result<std::vector<engine::JoinRequest>> OrganisationService::joinRequests(
    const engine::Actor& actor, std::int64_t id) {
    if (!Visibility::canSeeMembers(actor, id) || !organisations_.find(id))
        return noSuchOrganisation();
    return organisations_.pendingJoinRequests(id);
}

engine::Result<engine::JoinRequest> OrganisationService::decideJoinRequest(
    const engine::Actor& actor, std::int64_t id, std::int64_t requestId, bool approve) {
    if (!Visibility::canManageMembers(actor, id)) return noSuchOrganisation();
    auto request = organisations_.findJoinRequest(requestId);
    // A request of another organisation is answered as one that does not exist.
    if (!request || request->organizationId != id)
        return makeError(ErrorCode::NotFound, "no such join request");
    return organisations_.decideJoinRequest(requestId, approve, actor, clock_.now());
}

}  // namespace grantflow::services
