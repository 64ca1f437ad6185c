// Applications: list (filters, cursor pagination), create, read (ETag and
// the transitions the caller may fire), edit (If-Match), transitions and
// history. services::ApplicationService holds the rules; these handlers
// parse, call it and map outcomes.
#include <Poco/JSON/Array.h>

#include <map>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/query_values.hpp"
#include "server/views.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;

Reply listApplications(ServerContext& ctx, Exchange& ex) {
    auto filter = applicationFilter(ex);
    filter.limit =
        static_cast<int>(integerQuery(ex, "limit", 1, kMaxPageSize).value_or(kDefaultPageSize));
    filter.before = integerQuery(ex, "cursor", 1, kMaxCursor);

    auto& applications = ctx.services.applications();
    auto page = applications.list(ex.caller().actor(), filter);
    std::map<std::int64_t, engine::Call> calls;  // few: every call, read once per page
    for (auto& call : ctx.services.calls().all()) calls.emplace(call.id, std::move(call));
    engine::JsonWriter out(1024 + 1024 * page.items.size());
    out.beginObject().beginArray("items");
    for (const auto& app : page.items) {
        auto call = app.callId ? calls.find(*app.callId) : calls.end();
        writeApplication(out, app, applications.definitionOf(app), nullptr,
                         call == calls.end() ? nullptr : &call->second);
    }
    out.endArray();
    if (page.nextCursor)
        out.text("next_cursor", formatCursor(*page.nextCursor));
    else
        out.null("next_cursor");
    return Reply::jsonText(200, out.endObject().take());
}

Reply createApplication(ServerContext& ctx, Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    auto programme = in.string("programme", Need::Required);
    auto title = in.string("title", Need::Required);
    auto amount = in.integer("amount_requested_cents", Need::Required);
    auto fields = in.object("fields", Need::Optional);
    in.finish();

    engine::NewApplication draft{*programme, 0, *title, engine::Money::fromCents(*amount),
                                 fields ? toFieldValues(*fields) : engine::FieldValues{}};
    auto created = take(ctx.services.applications().create(ex.caller().actor(), draft));
    Reply reply = applicationReply(created, 201);
    reply.header("Location", "/api/v1/applications/" + std::to_string(created.application.id));
    return reply;
}

Reply getApplication(ServerContext& ctx, Exchange& ex) {
    return applicationReply(
        take(ctx.services.applications().details(ex.caller().actor(), ex.idParam("id"))));
}

// If-Match: "7", W/"7" or 7 -> 7.
std::int64_t expectedVersion(Exchange& ex) {
    if (!ex.request().has("If-Match"))
        throw HttpProblem(ProblemKind::PreconditionRequired,
                          "send If-Match with the application's ETag (its version) to edit it");
    std::string v = ex.request().get("If-Match");
    if (v.rfind("W/", 0) == 0) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        throw HttpProblem(ProblemKind::Malformed,
                          "If-Match must be the application's ETag, e.g. \"3\"",
                          {{"If-Match", "must be an ETag such as \"3\"", ""}});
    return std::stoll(v);
}

Reply editApplication(ServerContext& ctx, Exchange& ex) {
    const auto actor = ex.caller().actor();
    std::int64_t id = ex.idParam("id");
    // Who may edit is the service's to say, before any header is demanded.
    auto& applications = ctx.services.applications();
    take(applications.checkEditable(actor, id));
    std::int64_t version = expectedVersion(ex);
    auto body = ex.jsonBody();
    BodyReader in(body);
    engine::ApplicationEdit edit;
    edit.title = in.string("title", Need::Optional);
    if (auto amount = in.integer("amount_requested_cents", Need::Optional))
        edit.amountRequested = engine::Money::fromCents(*amount);
    if (auto fields = in.object("fields", Need::Optional)) edit.fields = toFieldValues(*fields);
    in.finish();
    if (!edit.title && !edit.amountRequested && edit.fields.empty())
        throw HttpProblem(ProblemKind::Malformed,
                          "nothing to change: give title, amount_requested_cents or fields");
    return applicationReply(take(applications.edit(actor, id, version, edit)));
}

Reply fireTransition(ServerContext& ctx, Exchange& ex) {
    std::int64_t id = ex.idParam("id");
    // An application the caller may not see is a 404 whatever the body says.
    take(ctx.services.applications().find(ex.caller().actor(), id));
    auto body = ex.jsonBody();
    BodyReader in(body);
    auto name = in.string("name", Need::Required);
    auto version = in.integer("version", Need::Required);
    auto comment = in.string("comment", Need::Optional);
    in.finish();
    auto fired = take(ctx.services.applications().fire(ex.caller().actor(), id, *name, *version,
                                                       comment.value_or("")));
    ctx.metrics.countTransition(fired.application.programme, *name);
    return applicationReply(fired);
}

Reply history(ServerContext& ctx, Exchange& ex) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& entry :
         take(ctx.services.applications().history(ex.caller().actor(), ex.idParam("id"))))
        items->add(auditView(entry));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

}  // namespace

void addApplicationRoutes(Router& router, ServerContext& ctx) {
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/applications",
         .handler = [&ctx](Exchange& ex) { return listApplications(ctx, ex); },
         .summary = "The applications the caller may see, newest first, with filters and a cursor",
         .tag = "applications",
         .response = "ApplicationPage",
         .problems = {ProblemKind::Malformed},
         .query = {{"state", "string", "state name"},
                   {"programme", "string", "programme code"},
                   {"q", "string", "text in the title or reference"},
                   {"country", "string", "ISO 3166 alpha-2 country of the action"},
                   {"min_amount_cents", "integer", "requested amount at least"},
                   {"max_amount_cents", "integer", "requested amount at most"},
                   {"limit", "integer", "page size, 1-100 (default 20)"},
                   {"cursor", "string", "next_cursor of the previous page"}}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications",
                .handler = [&ctx](Exchange& ex) { return createApplication(ctx, ex); },
                .roles = {Role::Applicant},
                .summary = "Create a draft application for the caller's organisation",
                .tag = "applications",
                .body = BodyKind::Json,
                .request = "ApplicationCreate",
                .response = "Application",
                .success = {201},
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::Forbidden}});
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/applications/{id}",
         .handler = [&ctx](Exchange& ex) { return getApplication(ctx, ex); },
         .summary =
             "An application, its version (ETag) and the transitions the caller may fire now",
         .tag = "applications",
         .response = "Application",
         .errors = {engine::ErrorCode::NotFound}});
    router.add(
        {.method = "PATCH",
         .pattern = "/api/v1/applications/{id}",
         .handler = [&ctx](Exchange& ex) { return editApplication(ctx, ex); },
         .roles = {Role::Applicant},
         .summary = "Edit title, amount or fields while the state is editable (If-Match: version)",
         .tag = "applications",
         .body = BodyKind::Json,
         .request = "ApplicationEdit",
         .response = "Application",
         .errors = {engine::ErrorCode::Forbidden, engine::ErrorCode::NotFound,
                    engine::ErrorCode::Conflict, engine::ErrorCode::Invalid},
         .problems = {ProblemKind::PreconditionRequired}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/transitions",
                .handler = [&ctx](Exchange& ex) { return fireTransition(ctx, ex); },
                // Auditors change nothing (and no workflow may name them).
                .roles = {engine::Role::Applicant, engine::Role::Reviewer, engine::Role::Clerk,
                          engine::Role::Finance, engine::Role::Admin},
                .summary = "Fire a workflow transition {name, version, comment}",
                .tag = "applications",
                .body = BodyKind::Json,
                .request = "TransitionRequest",
                .response = "Application",
                .errors = {engine::ErrorCode::Forbidden, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Conflict, engine::ErrorCode::Invalid,
                           engine::ErrorCode::GuardFailed, engine::ErrorCode::BudgetExceeded}});
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/history",
                .handler = [&ctx](Exchange& ex) { return history(ctx, ex); },
                .summary = "The audit entries of an application, oldest first",
                .tag = "applications",
                .response = "History",
                .errors = {engine::ErrorCode::NotFound}});
}

}  // namespace grantflow::server
