// Credentials: changing one's password, resetting a forgotten one through
// a mailed link, confirming one's e-mail address, and inviting a colleague
// into one's organisation (services::CredentialService). Each handler
// parses the request, calls the service and maps its outcome.
#include <variant>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/views.hpp"
#include "services/services.hpp"

namespace grantflow::server {

namespace {

// Bounds of what the bodies may hold (the service checks the rest).
constexpr std::size_t kMaxPassword = 256;
constexpr std::size_t kMaxToken = 128;
constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxName = 200;

std::string boundedString(BodyReader& in, const std::string& name, std::size_t max) {
    std::string value = in.string(name, Need::Required).value_or("");
    if (value.size() > max) in.fail(name, "must be at most " + std::to_string(max) + " bytes");
    return value;
}

// Maps an outcome that may be "too many attempts" (429 with Retry-After).
void failUnlessDone(const services::Throttled& outcome, const char* tooMany) {
    if (auto* wait = std::get_if<services::TooManyAttempts>(&outcome)) failTooMany(*wait, tooMany);
    if (auto* error = std::get_if<engine::Error>(&outcome)) fail(*error);
}

Reply linkRequested() {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("message", std::string("if this address belongs to an account, a link was mailed "
                                    "to it"));
    return Reply::json(202, out);
}

Reply changePassword(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    std::string current = boundedString(in, "current_password", kMaxPassword);
    std::string next = boundedString(in, "new_password", kMaxPassword);
    in.finish();
    const Caller& caller = ex.caller();
    failUnlessDone(ctx.services.credentials().changePassword(caller.user, caller.tokenHash, current,
                                                             next, ex.clientAddress()),
                   "too many failed sign-ins; try again later");
    return Reply::noContent();
}

Reply requestPasswordReset(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    std::string email = boundedString(in, "email", kMaxEmail);
    in.finish();
    failUnlessDone(ctx.services.credentials().requestPasswordReset(email, ex.clientAddress()),
                   "too many password resets asked for; try again later");
    return linkRequested();
}

Reply confirmPasswordReset(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    std::string token = boundedString(in, "token", kMaxToken);
    std::string next = boundedString(in, "new_password", kMaxPassword);
    in.finish();
    if (auto reset = ctx.services.credentials().resetPassword(token, next); !reset)
        fail(reset.error());
    return Reply::noContent();
}

Reply resendVerification(ServerContext& ctx, Exchange& ex) {
    failUnlessDone(
        ctx.services.credentials().resendVerification(ex.caller().user, ex.clientAddress()),
        "too many links asked for; try again later");
    return linkRequested();
}

Reply confirmEmail(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    std::string token = boundedString(in, "token", kMaxToken);
    in.finish();
    if (auto confirmed = ctx.services.credentials().confirmEmail(token); !confirmed)
        fail(confirmed.error());
    return Reply::noContent();
}

Reply inviteMember(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    services::MemberInvitation invitation;
    invitation.organizationId = ex.idParam("id");
    invitation.email = boundedString(in, "email", kMaxEmail);
    invitation.name = boundedString(in, "name", kMaxName * 4);  // UTF-8: the service counts
    in.finish();
    auto member = take(ctx.services.credentials().inviteMember(ex.caller().actor(), invitation));
    return Reply::json(201, userView(member));
}

}  // namespace

void addCredentialRoutes(Router& router, ServerContext& ctx) {
    using engine::ErrorCode;
    router.add({.method = "POST",
                .pattern = "/api/v1/session/password",
                .handler = [&ctx](Exchange& ex) { return changePassword(ctx, ex); },
                .summary = "Change one's password (the current one required); the account's "
                           "other sessions stop working",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "PasswordChangeRequest",
                .success = {204},
                .errors = {ErrorCode::Invalid, ErrorCode::Unavailable},
                .problems = {ProblemKind::TooManyRequests}});
    router.add({.method = "POST",
                .pattern = "/api/v1/password-reset",
                .handler = [&ctx](Exchange& ex) { return requestPasswordReset(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Ask for a password reset link (the same answer whether the e-mail "
                           "is an account's or not)",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "PasswordResetRequest",
                .response = "LinkRequestAnswer",
                .success = {202},
                .errors = {ErrorCode::Invalid, ErrorCode::Unavailable},
                .problems = {ProblemKind::TooManyRequests}});
    router.add({.method = "POST",
                .pattern = "/api/v1/password-reset/confirm",
                .handler = [&ctx](Exchange& ex) { return confirmPasswordReset(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Choose a new password with a reset link (once, within the hour); "
                           "every session of the account stops working",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "PasswordResetConfirmation",
                .success = {204},
                .errors = {ErrorCode::Invalid, ErrorCode::NotFound, ErrorCode::Unavailable}});
    router.add({.method = "POST",
                .pattern = "/api/v1/email-verification",
                .handler = [&ctx](Exchange& ex) { return resendVerification(ctx, ex); },
                .summary = "Mail a new link confirming the signed-in account's e-mail address",
                .tag = "accounts",
                .response = "LinkRequestAnswer",
                .success = {202},
                .errors = {ErrorCode::Conflict, ErrorCode::Unavailable},
                .problems = {ProblemKind::TooManyRequests}});
    router.add({.method = "POST",
                .pattern = "/api/v1/email-verification/confirm",
                .handler = [&ctx](Exchange& ex) { return confirmEmail(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Confirm an e-mail address with the mailed link (once)",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "EmailVerificationConfirmation",
                .success = {204},
                .errors = {ErrorCode::NotFound}});
    router.add({.method = "POST",
                .pattern = "/api/v1/organizations/{id}/members/invitations",
                .handler = [&ctx](Exchange& ex) { return inviteMember(ctx, ex); },
                .roles = {engine::Role::Applicant},
                .summary = "Invite a colleague into one's organisation: an account and an "
                           "invitation link to choose its password",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "MemberInvitationRequest",
                .response = "User",
                .success = {201},
                .errors = {ErrorCode::Forbidden, ErrorCode::Invalid, ErrorCode::Conflict,
                           ErrorCode::Unavailable}});
}

}  // namespace grantflow::server
