// Staff accounts (administrators; auditors read them), invitations (the
// page a new staff member opens from the e-mail, no sign-in), and the audit
// trail with its verification (auditors and administrators). Each handler
// parses the request, calls a service and maps its outcome.
#include <Poco/JSON/Array.h>

#include <limits>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/query_values.hpp"
#include "server/views.hpp"
#include "services/services.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

constexpr std::size_t kMaxProgrammesInBody = 50;
constexpr std::size_t kMaxTokenLength = 128;
constexpr std::size_t kMaxPasswordLength = 1024;

Poco::JSON::Object::Ptr staffView(const engine::User& user) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", user.id);
    o->set("email", user.email);
    o->set("name", user.name);
    o->set("role", std::string(engine::toString(user.role)));
    Poco::JSON::Array::Ptr programmes = new Poco::JSON::Array;
    for (const auto& p : user.programmes) programmes->add(p);
    o->set("programmes", programmes);
    o->set("active", user.active);
    o->set("created_at", engine::formatTimestamp(user.createdAt));
    return o;
}

// A list of programme codes: strings, at most kMaxProgrammesInBody.
std::optional<std::vector<std::string>> programmeList(BodyReader& in, Need need) {
    auto array = in.array("programmes", need);
    if (!array) return std::nullopt;
    std::vector<std::string> out;
    if (array->size() > kMaxProgrammesInBody) {
        in.fail("programmes", "at most 50 programmes");
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        auto item = array->get(static_cast<unsigned>(i));
        if (!item.isString() || item.extract<std::string>().size() > 64) {
            in.fail("programmes", "must be a list of programme codes");
            return out;
        }
        out.push_back(item.extract<std::string>());
    }
    return out;
}

Reply listStaff(ServerContext& ctx, Exchange& ex) {
    auto users = take(ctx.services.staff().list(ex.caller().actor()));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& u : users) items->add(staffView(u));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

Reply inviteStaff(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    services::StaffInvitation invitation;
    invitation.email = in.string("email", Need::Required).value_or("");
    invitation.name = in.string("name", Need::Required).value_or("");
    invitation.role = in.string("role", Need::Required).value_or("");
    invitation.programmes = programmeList(in, Need::Optional).value_or(std::vector<std::string>{});
    in.finish();
    auto invited = take(ctx.services.staff().invite(ex.caller().actor(), invitation));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("user", staffView(invited.user));
    out->set("invitation_sent", invited.invitationSent);
    Reply reply = Reply::json(201, out);
    reply.header("Location", "/api/v1/users/" + std::to_string(invited.user.id));
    return reply;
}

Reply changeStaff(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    BodyReader in(ex.jsonBody());
    services::StaffUpdate update;
    update.name = in.string("name", Need::Optional);
    update.role = in.string("role", Need::Optional);
    update.programmes = programmeList(in, Need::Optional);
    update.active = in.boolean("active", Need::Optional);
    if (!update.name && !update.role && !update.programmes && !update.active)
        in.fail("", "name, role, programmes or active is required");
    in.finish();
    return Reply::json(
        200, staffView(take(ctx.services.staff().change(ex.caller().actor(), id, update))));
}

Reply resendInvitation(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto sent = ctx.services.staff().resendInvitation(ex.caller().actor(), id);
    if (!sent) fail(sent.error());
    return Reply::noContent();
}

// Tokens travel in bodies, never in paths or queries, which the access
// log records.
std::string tokenOf(BodyReader& in) {
    auto token = in.string("token", Need::Required).value_or("");
    if (token.size() > kMaxTokenLength) in.fail("token", "is too long");
    return token;
}

Reply checkInvitation(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    const std::string token = tokenOf(in);
    in.finish();
    auto info = take(ctx.services.staff().invitation(token));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("email", info.email);
    out->set("name", info.name);
    out->set("role", std::string(engine::toString(info.role)));
    return Reply::json(200, out);
}

Reply acceptInvitation(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    const std::string token = tokenOf(in);
    const std::string password = in.string("password", Need::Required).value_or("");
    if (password.size() > kMaxPasswordLength) in.fail("password", "is too long");
    in.finish();
    auto user = take(ctx.services.staff().acceptInvitation(token, password));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("email", user.email);
    return Reply::json(200, out);
}

Poco::JSON::Object::Ptr trailEntryView(const engine::AuditEntry& entry) {
    auto o = auditView(entry);
    o->set("application_id", entry.applicationId > 0 ? Poco::Dynamic::Var(entry.applicationId)
                                                     : Poco::Dynamic::Var());
    return o;
}

Reply auditPage(ServerContext& ctx, Exchange& ex) {
    const int limit = static_cast<int>(
        integerQuery(ex, "limit", 1, services::AuditService::kMaxPage).value_or(50));
    auto before = integerQuery(ex, "before", 1, kMaxCursor);
    auto page = take(ctx.services.audit().page(ex.caller().actor(), before, limit));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& entry : page.entries) items->add(trailEntryView(entry));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    out->set("next_before",
             page.nextBeforeSeq ? Poco::Dynamic::Var(*page.nextBeforeSeq) : Poco::Dynamic::Var());
    return Reply::json(200, out);
}

Reply auditVerification(ServerContext& ctx, Exchange& ex) {
    auto check = take(ctx.services.audit().verify(ex.caller().actor()));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("ok", check.ok);
    out->set("entries_checked", check.entriesChecked);
    out->set("broken_seq", check.ok ? Poco::Dynamic::Var() : Poco::Dynamic::Var(check.brokenSeq));
    out->set("problem", check.problem);
    out->set("detail", check.detail);
    return Reply::json(200, out);
}

}  // namespace

void addUserRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/users",
                .handler = [&ctx](Exchange& ex) { return listStaff(ctx, ex); },
                .roles = {Role::Auditor, Role::Admin},
                .summary = "The staff accounts (no applicants) with role, programmes and whether "
                           "they are active",
                .tag = "users",
                .response = "StaffList"});
    router.add({.method = "POST",
                .pattern = "/api/v1/users",
                .handler = [&ctx](Exchange& ex) { return inviteStaff(ctx, ex); },
                .roles = {Role::Admin},
                .summary = "Create a staff account without a password and e-mail it an "
                           "invitation link (7 days) to choose one; audited",
                .tag = "users",
                .body = BodyKind::Json,
                .request = "StaffInvitation",
                .response = "StaffInvited",
                .success = {201},
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::Conflict,
                           engine::ErrorCode::Unavailable}});
    router.add({.method = "PATCH",
                .pattern = "/api/v1/users/{id}",
                .handler = [&ctx](Exchange& ex) { return changeStaff(ctx, ex); },
                .roles = {Role::Admin},
                .summary = "Change a staff account's name, role, programmes or `active` "
                           "(deactivating revokes its sessions at once); audited",
                .tag = "users",
                .body = BodyKind::Json,
                .request = "StaffPatch",
                .response = "StaffAccount",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Conflict}});
    router.add({.method = "POST",
                .pattern = "/api/v1/users/{id}/invitation",
                .handler = [&ctx](Exchange& ex) { return resendInvitation(ctx, ex); },
                .roles = {Role::Admin},
                .summary = "E-mail a new invitation link (the earlier ones stop working)",
                .tag = "users",
                .success = {204},
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict,
                           engine::ErrorCode::Unavailable}});
    router.add({.method = "POST",
                .pattern = "/api/v1/invitations/check",
                .handler = [&ctx](Exchange& ex) { return checkInvitation(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Whether an invitation link can still be used, and for which account",
                .tag = "users",
                .body = BodyKind::Json,
                .request = "InvitationToken",
                .response = "Invitation",
                .errors = {engine::ErrorCode::NotFound}});
    router.add({.method = "POST",
                .pattern = "/api/v1/invitations/accept",
                .handler = [&ctx](Exchange& ex) { return acceptInvitation(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Choose the password of an invited account (the link works once)",
                .tag = "users",
                .body = BodyKind::Json,
                .request = "InvitationAccept",
                .response = "InvitationAccepted",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Unavailable}});
    router.add({.method = "GET",
                .pattern = "/api/v1/audit",
                .handler = [&ctx](Exchange& ex) { return auditPage(ctx, ex); },
                .roles = {Role::Auditor, Role::Admin},
                .summary = "The audit trail, newest first, a page at a time",
                .tag = "audit",
                .response = "AuditTrailPage",
                .problems = {ProblemKind::Malformed},
                .query = {{"limit", "integer", "page size, 1-200 (default 50)"},
                          {"before", "integer", "next_before of the previous page"}}});
    router.add({.method = "GET",
                .pattern = "/api/v1/audit/verification",
                .handler = [&ctx](Exchange& ex) { return auditVerification(ctx, ex); },
                .roles = {Role::Auditor, Role::Admin},
                .summary = "Check the audit trail's hash chain now",
                .tag = "audit",
                .response = "AuditVerification"});
}

}  // namespace grantflow::server
