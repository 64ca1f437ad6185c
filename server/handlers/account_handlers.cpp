// Accounts: registration of an organisation with its first applicant,
// sign-in (rate limited), the current session, sign-out; and organisations.
// Each handler parses the request, calls a service (services::Services) and
// maps its outcome.
#include <stdexcept>
#include <variant>

#include "server/api_routes.hpp"
#include "server/auth.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/views.hpp"
#include "services/services.hpp"

namespace grantflow::server {

namespace {

Reply registerOrganisation(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    auto orgObject = in.object("organization", Need::Required);
    auto userObject = in.object("user", Need::Required);
    std::vector<FieldError> shape = in.problems();
    services::RegistrationRequest request;
    engine::Organisation& org = request.organisation;
    if (orgObject) {
        BodyReader o(orgObject, "organization.");
        request.kind = o.string("kind", Need::Optional).value_or("association");
        org.name = o.string("name", Need::Required).value_or("");
        org.rna = o.string("rna", Need::Optional).value_or("");
        org.siret = o.string("siret", Need::Optional).value_or("");
        org.registrationNumber = o.string("registration_number", Need::Optional).value_or("");
        org.address = o.string("address", Need::Required).value_or("");
        org.postcode = o.string("postcode", Need::Optional).value_or("");
        org.city = o.string("city", Need::Required).value_or("");
        org.country = o.string("country", Need::Required).value_or("");
        org.iban = o.string("iban", Need::Required).value_or("");
        request.activeInParisSince = o.string("active_in_paris_since", Need::Optional);
        for (auto& e : o.problems()) shape.push_back(std::move(e));
    }
    if (userObject) {
        BodyReader u(userObject, "user.");
        request.email = u.string("email", Need::Required).value_or("");
        request.password = u.string("password", Need::Required).value_or("");
        request.name = u.string("name", Need::Required).value_or("");
        for (auto& e : u.problems()) shape.push_back(std::move(e));
    }
    if (!shape.empty())
        throw HttpProblem(ProblemKind::Malformed,
                          "the request body does not have the expected shape", shape);

    request.address = ex.clientAddress();
    auto registered = ctx.services.registration().registerOrganisation(request);
    if (auto* wait = std::get_if<services::TooManyAttempts>(&registered))
        failTooMany(*wait,
                    "too many registrations from this address or for this e-mail; try "
                    "again later");
    if (auto* error = std::get_if<engine::Error>(&registered)) fail(*error);
    auto& outcome = std::get<services::RegistrationOutcome>(registered);
    if (outcome.mailProblem)
        ctx.log.write(logging::LogLine("warn", "registration_mail_not_sent")
                          .add("reason", outcome.mailProblem->message));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (outcome.checkEmail) {
        // The same answer whether or not the address had an account.
        out->set("status", "check_email");
        return Reply::json(202, out);
    }
    out->set("user_id", outcome.user->id);
    if (outcome.joinRequest) {
        // Nothing of the known organisation (not even its id) before approval.
        out->set("join_request_id", outcome.joinRequest->id);
        out->set("status", "join_requested");
        return Reply::json(202, out);
    }
    out->set("organization_id", outcome.organisation->id);
    out->set("status", "registered");
    Reply reply = Reply::json(201, out);
    reply.header("Location", "/api/v1/organizations/" + std::to_string(outcome.organisation->id));
    return reply;
}

Reply signIn(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    std::string email = in.string("email", Need::Required).value_or("");
    std::string password = in.string("password", Need::Required).value_or("");
    in.finish();

    auto outcome = ctx.services.accounts().signIn(email, password, ex.clientAddress());
    if (auto* wait = std::get_if<services::TooManyAttempts>(&outcome))
        failTooMany(*wait, "too many failed sign-ins; try again later");
    if (auto* error = std::get_if<engine::Error>(&outcome)) fail(*error);
    if (std::holds_alternative<services::WrongCredentials>(outcome))
        throw HttpProblem(ProblemKind::Unauthenticated,
                          "wrong e-mail or password, or an e-mail address not confirmed yet");
    const auto& signedIn = std::get<services::SignedIn>(outcome);

    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("token", signedIn.session.token);
    out->set("csrf_token", signedIn.session.csrfToken);
    out->set("expires_at", engine::formatTimestamp(signedIn.session.expiresAt));
    out->set("user", userView(signedIn.user));
    Reply reply = Reply::json(200, out);
    CookieOptions cookie{ctx.config.session.secureCookies, ctx.config.session.lifetime};
    reply.header("Set-Cookie", sessionCookie(signedIn.session.token, cookie));
    reply.header("Set-Cookie", csrfCookie(signedIn.session.csrfToken, cookie));
    return reply;
}

Reply currentSession(Exchange& ex) {
    const Caller& caller = ex.caller();
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("user", userView(caller.user));
    out->set("csrf_token", caller.csrfToken);
    out->set("expires_at", engine::formatTimestamp(caller.expiresAt));
    return Reply::json(200, out);
}

Reply signOut(ServerContext& ctx, Exchange& ex) {
    ctx.services.accounts().signOut(ex.caller().tokenHash);
    Reply reply = Reply::noContent();
    reply.header("Set-Cookie", expiredSessionCookie(ctx.config.session.secureCookies));
    reply.header("Set-Cookie", expiredCsrfCookie(ctx.config.session.secureCookies));
    return reply;
}

Reply getOrganisation(ServerContext& ctx, Exchange& ex) {
    std::int64_t id = ex.idParam("id");
    auto reading = take(ctx.services.organisations().find(ex.caller().actor(), id));
    return Reply::json(200, organisationView(reading));
}

}  // namespace

void addAccountRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "POST",
                .pattern = "/api/v1/register",
                .handler = [&ctx](Exchange& ex) { return registerOrganisation(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Register an organisation and its first applicant account (an "
                           "organisation known by its RNA, SIRET or national number: a request to "
                           "join it, 202; where addresses are confirmed by mail: 202 check_email "
                           "whether or not the address has an account)",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "RegistrationRequest",
                .response = "RegistrationAnswer",
                .success = {201, 202},
                .errors = {engine::ErrorCode::Conflict, engine::ErrorCode::Invalid,
                           engine::ErrorCode::Unavailable},
                .problems = {ProblemKind::TooManyRequests}});
    router.add({.method = "POST",
                .pattern = "/api/v1/session",
                .handler = [&ctx](Exchange& ex) { return signIn(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Sign in: a bearer token, the session cookie and a CSRF token",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "SignInRequest",
                .response = "SignInAnswer",
                .problems = {ProblemKind::Unauthenticated, ProblemKind::TooManyRequests,
                             ProblemKind::Unavailable}});
    router.add({.method = "GET",
                .pattern = "/api/v1/session",
                .handler = [](Exchange& ex) { return currentSession(ex); },
                .summary = "The signed-in account and its CSRF token",
                .tag = "accounts",
                .response = "CurrentSession"});
    router.add({.method = "DELETE",
                .pattern = "/api/v1/session",
                .handler = [&ctx](Exchange& ex) { return signOut(ctx, ex); },
                .summary = "Sign out (the token stops working)",
                .tag = "accounts",
                .success = {204}});
    router.add({.method = "GET",
                .pattern = "/api/v1/organizations/{id}",
                .handler = [&ctx](Exchange& ex) { return getOrganisation(ctx, ex); },
                .summary = "An organisation with its pending IBAN change (applicants: their own; "
                           "IBANs masked except for the owner, clerks and finance officers)",
                .tag = "accounts",
                .response = "Organisation",
                .errors = {engine::ErrorCode::NotFound}});
}

}  // namespace grantflow::server
