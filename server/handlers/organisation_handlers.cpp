// Organisations: the list (staff), the profile their members edit, the
// City's tiers number, IBAN changes held until a finance officer decides,
// members and requests to join. Each handler parses the request, calls
// services::OrganisationService and maps its outcome.
#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/views.hpp"
#include "services/services.hpp"

namespace grantflow::server {

namespace {

using engine::ErrorCode;
using engine::Role;

Reply readingReply(const services::OrganisationReading& r, int status = 200) {
    return Reply::json(status, organisationView(r));
}

template <class T, class View>
Reply listReply(const std::vector<T>& items, View view) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& item : items) array->add(view(item));
    out->set("items", array);
    return Reply::json(200, out);
}

Reply listOrganisations(ServerContext& ctx, Exchange& ex) {
    return listReply(take(ctx.services.organisations().list(ex.caller().actor())),
                     [](const services::OrganisationReading& r) { return organisationView(r); });
}

Reply patchOrganisation(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    services::ProfileChange change;
    change.address = in.string("address", Need::Optional);
    change.postcode = in.string("postcode", Need::Optional);
    change.city = in.string("city", Need::Optional);
    change.email = in.string("email", Need::Optional);
    change.phone = in.string("phone", Need::Optional);
    change.representative = in.string("representative", Need::Optional);
    change.representativeTitle = in.string("representative_title", Need::Optional);
    in.finish();
    return readingReply(take(
        ctx.services.organisations().updateProfile(ex.caller().actor(), ex.idParam("id"), change)));
}

Reply setThirdPartyNumber(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    auto number = in.string("third_party_number", Need::Required);
    in.finish();
    return readingReply(take(ctx.services.organisations().setThirdPartyNumber(
        ex.caller().actor(), ex.idParam("id"), *number)));
}

Reply requestIbanChange(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    auto iban = in.string("iban", Need::Required);
    in.finish();
    auto change = take(ctx.services.organisations().requestIbanChange(ex.caller().actor(),
                                                                      ex.idParam("id"), *iban));
    return Reply::json(201, ibanChangeView(change));
}

Reply listIbanChanges(ServerContext& ctx, Exchange& ex) {
    return listReply(take(ctx.services.organisations().pendingIbanChanges(ex.caller().actor())),
                     [](const engine::IbanChange& c) { return ibanChangeView(c); });
}

Reply decideIbanChange(ServerContext& ctx, Exchange& ex, bool confirm) {
    return Reply::json(200, ibanChangeView(take(ctx.services.organisations().decideIbanChange(
                                ex.caller().actor(), ex.idParam("id"), confirm))));
}

Reply listMembers(ServerContext& ctx, Exchange& ex) {
    return listReply(
        take(ctx.services.organisations().members(ex.caller().actor(), ex.idParam("id"))),
        [](const engine::User& u) { return userView(u); });
}

Reply removeMember(ServerContext& ctx, Exchange& ex) {
    take(ctx.services.organisations().removeMember(ex.caller().actor(), ex.idParam("id"),
                                                   ex.idParam("userId")));
    return Reply::noContent();
}

Reply listJoinRequests(ServerContext& ctx, Exchange& ex) {
    return listReply(
        take(ctx.services.organisations().joinRequests(ex.caller().actor(), ex.idParam("id"))),
        [](const engine::JoinRequest& j) { return joinRequestView(j); });
}

Reply decideJoinRequest(ServerContext& ctx, Exchange& ex, bool approve) {
    return Reply::json(
        200, joinRequestView(take(ctx.services.organisations().decideJoinRequest(
                 ex.caller().actor(), ex.idParam("id"), ex.idParam("requestId"), approve))));
}

}  // namespace

void addOrganisationRoutes(Router& router, ServerContext& ctx) {
    const std::vector<Role> staffReaders{Role::Clerk, Role::Finance, Role::Auditor, Role::Admin};
    const std::vector<Role> financeOfficers{Role::Finance, Role::Admin};
    const std::vector<Role> memberManagers{Role::Applicant, Role::Clerk, Role::Admin};
    const std::vector<Role> memberReaders{Role::Applicant, Role::Clerk, Role::Finance,
                                          Role::Auditor, Role::Admin};
    router.add({.method = "GET",
                .pattern = "/api/v1/organizations",
                .handler = [&ctx](Exchange& ex) { return listOrganisations(ctx, ex); },
                .roles = staffReaders,
                .summary = "Every organisation (IBANs masked except for clerks and finance "
                           "officers)",
                .tag = "organisations",
                .response = "OrganisationList",
                .errors = {ErrorCode::Forbidden}});
    router.add({.method = "PATCH",
                .pattern = "/api/v1/organizations/{id}",
                .handler = [&ctx](Exchange& ex) { return patchOrganisation(ctx, ex); },
                .roles = {Role::Applicant},
                .summary = "Edit the profile of one's organisation (address, contact, "
                           "representative); recorded in the audit trail",
                .tag = "organisations",
                .body = BodyKind::Json,
                .request = "OrganisationProfileRequest",
                .response = "Organisation",
                .errors = {ErrorCode::Invalid, ErrorCode::NotFound}});
    router.add({.method = "PUT",
                .pattern = "/api/v1/organizations/{id}/third-party-number",
                .handler = [&ctx](Exchange& ex) { return setThirdPartyNumber(ctx, ex); },
                .roles = {Role::Finance, Role::Clerk, Role::Admin},
                .summary = "Set the City's tiers number of an organisation; recorded in the "
                           "audit trail",
                .tag = "organisations",
                .body = BodyKind::Json,
                .request = "ThirdPartyNumberRequest",
                .response = "Organisation",
                .errors = {ErrorCode::Invalid, ErrorCode::NotFound, ErrorCode::Forbidden}});
    router.add({.method = "POST",
                .pattern = "/api/v1/organizations/{id}/iban-change",
                .handler = [&ctx](Exchange& ex) { return requestIbanChange(ctx, ex); },
                .roles = {Role::Applicant},
                .summary = "Ask for a new IBAN: held, not used, until a finance officer confirms "
                           "it; the organisation's accounts are e-mailed",
                .tag = "organisations",
                .body = BodyKind::Json,
                .request = "IbanChangeRequest",
                .response = "IbanChange",
                .success = {201},
                .errors = {ErrorCode::Invalid, ErrorCode::NotFound, ErrorCode::Conflict}});
    router.add({.method = "GET",
                .pattern = "/api/v1/iban-changes",
                .handler = [&ctx](Exchange& ex) { return listIbanChanges(ctx, ex); },
                .roles = {Role::Finance, Role::Admin, Role::Auditor},
                .summary = "IBAN changes waiting for a finance officer, oldest first (IBANs "
                           "masked for auditors)",
                .tag = "organisations",
                .response = "IbanChangeList",
                .errors = {ErrorCode::Forbidden}});
    for (bool confirm : {true, false})
        router.add({.method = "POST",
                    .pattern = confirm ? "/api/v1/iban-changes/{id}/confirm"
                                       : "/api/v1/iban-changes/{id}/reject",
                    .handler = [&ctx, confirm](
                                   Exchange& ex) { return decideIbanChange(ctx, ex, confirm); },
                    .roles = financeOfficers,
                    .summary = confirm ? "Confirm an IBAN change: the new IBAN is in force from "
                                         "now; audited, the organisation e-mailed"
                                       : "Reject an IBAN change: the IBAN in force stays; "
                                         "audited, the organisation e-mailed",
                    .tag = "organisations",
                    .response = "IbanChange",
                    .errors = {ErrorCode::NotFound, ErrorCode::Conflict, ErrorCode::Forbidden}});
    router.add({.method = "GET",
                .pattern = "/api/v1/organizations/{id}/members",
                .handler = [&ctx](Exchange& ex) { return listMembers(ctx, ex); },
                .roles = memberReaders,
                .summary = "The accounts of an organisation (applicants: their own)",
                .tag = "organisations",
                .response = "MemberList",
                .errors = {ErrorCode::NotFound}});
    router.add({.method = "DELETE",
                .pattern = "/api/v1/organizations/{id}/members/{userId}",
                .handler = [&ctx](Exchange& ex) { return removeMember(ctx, ex); },
                .roles = memberManagers,
                .summary = "Detach an account from its organisation (never the last one); "
                           "recorded in the audit trail",
                .tag = "organisations",
                .success = {204},
                .errors = {ErrorCode::NotFound, ErrorCode::Conflict}});
    router.add({.method = "GET",
                .pattern = "/api/v1/organizations/{id}/join-requests",
                .handler = [&ctx](Exchange& ex) { return listJoinRequests(ctx, ex); },
                .roles = memberReaders,
                .summary = "Pending requests to join an organisation (applicants: their own)",
                .tag = "organisations",
                .response = "JoinRequestList",
                .errors = {ErrorCode::NotFound}});
    for (bool approve : {true, false})
        router.add(
            {.method = "POST",
             .pattern = approve ? "/api/v1/organizations/{id}/join-requests/{requestId}/approve"
                                : "/api/v1/organizations/{id}/join-requests/{requestId}/refuse",
             .handler = [&ctx,
                         approve](Exchange& ex) { return decideJoinRequest(ctx, ex, approve); },
             .roles = memberManagers,
             .summary = approve ? "Approve a request to join: the account becomes a member"
                                : "Refuse a request to join: the account stays unattached",
             .tag = "organisations",
             .response = "JoinRequest",
             .errors = {ErrorCode::NotFound, ErrorCode::Conflict}});
}

}  // namespace grantflow::server
