// Accounts: registration of an organisation with its first applicant,
// sign-in (rate limited), the current session, sign-out; and organisations.
#include <regex>

#include "engine/field_validation.hpp"
#include "engine/identifiers.hpp"
#include "security/password.hpp"
#include "services/visibility.hpp"
#include "server/api_routes.hpp"
#include "server/auth.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/login_throttle.hpp"
#include "server/views.hpp"
#include "store/organisation_repository.hpp"
#include "store/user_repository.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

bool looksLikeEmail(const std::string& email) {
    static const std::regex kEmail(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
    return email.size() <= 254 && std::regex_match(email, kEmail);
}

void checkText(std::vector<FieldError>& errors, const std::string& field, const std::string& value,
               std::size_t max) {
    if (isBlank(value))
        errors.push_back({field, "is required", ""});
    else if (utf8Length(value) > max)
        errors.push_back({field, "must be at most " + std::to_string(max) + " characters", ""});
    else if (value.find_first_of("\r\n") != std::string::npos)
        errors.push_back({field, "must be a single line", ""});
}

// A hash to verify against when the e-mail is unknown, so that the answer
// takes as long as for a wrong password and does not reveal accounts.
const std::string& unknownAccountHash() {
    static const std::string hash = security::hashPassword("grantflow-no-such-account-Xy7!");
    return hash;
}

Reply registerOrganisation(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    auto orgObject = in.object("organization", Need::Required);
    auto userObject = in.object("user", Need::Required);
    std::vector<FieldError> shape = in.problems();
    engine::Organisation org;
    store::NewUser user;
    std::string password;
    std::optional<std::string> activeSince;
    if (orgObject) {
        BodyReader o(orgObject, "organization.");
        org.name = o.string("name", Need::Required).value_or("");
        org.rna = o.string("rna", Need::Required).value_or("");
        org.siret = o.string("siret", Need::Required).value_or("");
        org.address = o.string("address", Need::Required).value_or("");
        org.city = o.string("city", Need::Required).value_or("");
        org.country = o.string("country", Need::Required).value_or("");
        org.iban = o.string("iban", Need::Required).value_or("");
        activeSince = o.string("active_in_paris_since", Need::Optional);
        for (auto& e : o.problems()) shape.push_back(std::move(e));
    }
    if (userObject) {
        BodyReader u(userObject, "user.");
        user.email = u.string("email", Need::Required).value_or("");
        password = u.string("password", Need::Required).value_or("");
        user.name = u.string("name", Need::Required).value_or("");
        for (auto& e : u.problems()) shape.push_back(std::move(e));
    }
    if (!shape.empty())
        throw HttpProblem(ProblemKind::Malformed,
                          "the request body does not have the expected shape", shape);

    std::vector<FieldError> errors;
    checkText(errors, "organization.name", org.name, 200);
    if (auto p = engine::rnaProblem(org.rna)) errors.push_back({"organization.rna", *p, ""});
    if (auto p = engine::siretProblem(org.siret)) errors.push_back({"organization.siret", *p, ""});
    checkText(errors, "organization.address", org.address, 300);
    checkText(errors, "organization.city", org.city, 100);
    if (!engine::isCountryCode(org.country))
        errors.push_back(
            {"organization.country", "must be an ISO 3166 alpha-2 country code (e.g. FR)", ""});
    if (auto p = engine::ibanProblem(org.iban)) errors.push_back({"organization.iban", *p, ""});
    if (activeSince) {
        auto t = activeSince->size() == 10 ? engine::parseTimestamp(*activeSince) : std::nullopt;
        if (!t)
            errors.push_back(
                {"organization.active_in_paris_since", "must be a date written YYYY-MM-DD", ""});
        else if (*t > ctx.services.clock().now())
            errors.push_back(
                {"organization.active_in_paris_since", "must not be in the future", ""});
        else
            org.activeInParisSince = t;
    }
    std::string email = store::UserRepository::normaliseEmail(user.email);
    if (!looksLikeEmail(email)) errors.push_back({"user.email", "is not an e-mail address", ""});
    if (auto weak = security::passwordWeakness(password, email))
        errors.push_back({"user.password", *weak, ""});
    checkText(errors, "user.name", user.name, 200);
    failIfInvalid(std::move(errors), "the registration has invalid values");

    org.iban = engine::normaliseIban(org.iban);
    user.email = email;
    user.role = Role::Applicant;
    user.passwordHash = security::hashPassword(password);
    auto registered =
        store::UserRepository(ctx.db).registerOrganisation(org, user, ctx.services.clock().now());
    if (!registered) {
        if (registered.error().code == engine::ErrorCode::Conflict)
            throw HttpProblem(ProblemKind::Conflict, "an account with this e-mail exists already",
                              {{"user.email", "is taken", ""}});
        fail(registered.error());
    }
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("organization_id", registered.value().organisation.id);
    out->set("user_id", registered.value().user.id);
    Reply reply = Reply::json(201, out);
    reply.header("Location",
                 "/api/v1/organizations/" + std::to_string(registered.value().organisation.id));
    return reply;
}

Reply signIn(ServerContext& ctx, Sessions& sessions, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    std::string email =
        store::UserRepository::normaliseEmail(in.string("email", Need::Required).value_or(""));
    std::string password = in.string("password", Need::Required).value_or("");
    in.finish();

    LoginThrottle throttle(ctx.db, ctx.config.login);
    auto now = ctx.services.clock().now();
    if (auto wait = throttle.blocked(email, ex.clientAddress(), now)) {
        Problem p =
            makeProblem(ProblemKind::TooManyRequests, "too many failed sign-ins; try again later");
        p.headers["Retry-After"] = std::to_string(wait->count());
        throw HttpProblem(std::move(p));
    }
    store::UserRepository users(ctx.db);
    auto user = users.findByEmail(email);
    bool ok = false;
    if (user)
        ok = security::verifyPassword(user->passwordHash, password);
    else
        security::verifyPassword(unknownAccountHash(), password);  // as long as for a wrong password
    throttle.record(email, ex.clientAddress(), ok, now);
    if (!ok) throw HttpProblem(ProblemKind::Unauthenticated, "wrong e-mail or password");
    if (security::needsRehash(user->passwordHash))
        (void)users.setPasswordHash(user->id, security::hashPassword(password));

    OpenedSession session = sessions.open(user->id);
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("token", session.token);
    out->set("csrf_token", session.csrfToken);
    out->set("expires_at", engine::formatTimestamp(session.expiresAt));
    out->set("user", userView(*user));
    Reply reply = Reply::json(200, out);
    CookieOptions cookie{ctx.config.session.secureCookies, ctx.config.session.lifetime};
    reply.header("Set-Cookie", sessionCookie(session.token, cookie));
    reply.header("Set-Cookie", csrfCookie(session.csrfToken, cookie));
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

Reply signOut(ServerContext& ctx, Sessions& sessions, Exchange& ex) {
    sessions.close(ex.caller().tokenHash);
    Reply reply = Reply::noContent();
    reply.header("Set-Cookie",
                 expiredCookie(kSessionCookie, true, ctx.config.session.secureCookies));
    reply.header("Set-Cookie", expiredCookie(kCsrfCookie, false, ctx.config.session.secureCookies));
    return reply;
}

Reply getOrganisation(ServerContext& ctx, Exchange& ex) {
    std::int64_t id = ex.idParam("id");
    const auto actor = ex.caller().actor();
    if (!services::Visibility::canSeeOrganisation(actor, id))
        throw HttpProblem(ProblemKind::NotFound, "no such organisation");
    auto org = store::OrganisationRepository(ctx.db).find(id);
    if (!org) throw HttpProblem(ProblemKind::NotFound, "no such organisation");
    return Reply::json(200, organisationView(*org, services::Visibility::canSeeIban(actor, id)));
}

}  // namespace

void addAccountRoutes(Router& router, ServerContext& ctx, Sessions& sessions) {
    router.add({.method = "POST",
                .pattern = "/api/v1/register",
                .handler = [&ctx](Exchange& ex) { return registerOrganisation(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Register an organisation and its first applicant account",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "RegistrationRequest",
                .response = "RegistrationAnswer",
                .statuses = {201, 409, 422}});
    router.add({.method = "POST",
                .pattern = "/api/v1/session",
                .handler = [&ctx, &sessions](Exchange& ex) { return signIn(ctx, sessions, ex); },
                .access = Access::Anyone,
                .summary = "Sign in: a bearer token, the session cookie and a CSRF token",
                .tag = "accounts",
                .body = BodyKind::Json,
                .request = "SignInRequest",
                .response = "SignInAnswer",
                .statuses = {200, 401, 429}});
    router.add({.method = "GET",
                .pattern = "/api/v1/session",
                .handler = [](Exchange& ex) { return currentSession(ex); },
                .summary = "The signed-in account and its CSRF token",
                .tag = "accounts",
                .response = "CurrentSession"});
    router.add({.method = "DELETE",
                .pattern = "/api/v1/session",
                .handler = [&ctx, &sessions](Exchange& ex) { return signOut(ctx, sessions, ex); },
                .summary = "Sign out (the token stops working)",
                .tag = "accounts",
                .statuses = {204}});
    router.add({.method = "GET",
                .pattern = "/api/v1/organizations/{id}",
                .handler = [&ctx](Exchange& ex) { return getOrganisation(ctx, ex); },
                .summary = "An organisation (applicants: their own; the IBAN masked except for the "
                           "owner and clerks)",
                .tag = "accounts",
                .response = "Organisation",
                .statuses = {200, 404}});
}

}  // namespace grantflow::server
