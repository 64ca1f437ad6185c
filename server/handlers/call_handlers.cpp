// Calls for applications: every signed-in caller lists them (a programme's,
// every programme's, or those open today); administrators open and change
// them.
#include <Poco/JSON/Array.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/views.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

Reply callReply(ServerContext& ctx, int status, const engine::Call& call) {
    engine::JsonWriter out;
    writeCall(out, call, ctx.services.calls().today());
    return Reply::jsonText(status, out.take());
}

Reply callList(ServerContext& ctx, const std::vector<engine::Call>& calls) {
    const engine::CivilDay today = ctx.services.calls().today();
    engine::JsonWriter out;
    out.beginObject().beginArray("items");
    for (const auto& call : calls) writeCall(out, call, today);
    return Reply::jsonText(200, out.endArray().endObject().take());
}

Reply listCalls(ServerContext& ctx, Exchange& ex) {
    auto open = ex.query("open");
    if (open && *open != "true" && *open != "false")
        throw HttpProblem(ProblemKind::Malformed, "`open` must be true or false",
                          {{"open", "must be true or false", ""}});
    auto& calls = ctx.services.calls();
    return callList(ctx, open && *open == "true" ? calls.openToday() : calls.all());
}

Reply programmeCalls(ServerContext& ctx, Exchange& ex) {
    return callList(ctx, take(ctx.services.calls().ofProgramme(ex.param("code"))));
}

Reply openCall(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    services::CallOpening opening;
    opening.programme = ex.param("code");
    opening.opensOn = *in.string("opens_on", Need::Required);
    opening.closesOn = *in.string("closes_on", Need::Required);
    auto year = in.integer("year", Need::Required);
    opening.title = in.string("title", Need::Optional).value_or("");
    in.finish();
    // Out of int's range is out of the service's range too.
    opening.year = *year < 0 || *year > 100000 ? 0 : static_cast<int>(*year);
    auto call = take(ctx.services.calls().open(ex.caller().actor(), opening));
    Reply reply = callReply(ctx, 201, call);
    reply.header("Location", "/api/v1/calls/" + std::to_string(call.id));
    return reply;
}

Reply changeCall(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    BodyReader in(ex.jsonBody());
    services::CallEdit edit;
    edit.title = in.string("title", Need::Optional);
    edit.opensOn = in.string("opens_on", Need::Optional);
    edit.closesOn = in.string("closes_on", Need::Optional);
    in.finish();
    auto call = take(ctx.services.calls().change(ex.caller().actor(), id, edit));
    return callReply(ctx, 200, call);
}

}  // namespace

void addCallRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/calls",
                .handler = [&ctx](Exchange& ex) { return listCalls(ctx, ex); },
                .summary = "Calls for applications of every programme (`open=true`: those open "
                           "today, Paris time), by programme and opening day",
                .tag = "calls",
                .response = "CallList",
                .problems = {ProblemKind::Malformed},
                .query = {{"open", "string", "`true`: only the calls open today"}}});
    router.add({.method = "GET",
                .pattern = "/api/v1/programmes/{code}/calls",
                .handler = [&ctx](Exchange& ex) { return programmeCalls(ctx, ex); },
                .summary = "A programme's calls for applications, by opening day",
                .tag = "calls",
                .response = "CallList",
                .errors = {engine::ErrorCode::NotFound}});
    router.add({.method = "POST",
                .pattern = "/api/v1/programmes/{code}/calls",
                .handler = [&ctx](Exchange& ex) { return openCall(ctx, ex); },
                .roles = {Role::Admin},
                .summary = "Open a call for applications of a programme run by calls (days "
                           "inclusive, Paris time; never overlapping another of its calls); "
                           "recorded in the audit trail",
                .tag = "calls",
                .body = BodyKind::Json,
                .request = "CallCreate",
                .response = "Call",
                .success = {201},
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Forbidden, engine::ErrorCode::Conflict},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "PATCH",
                .pattern = "/api/v1/calls/{id}",
                .handler = [&ctx](Exchange& ex) { return changeCall(ctx, ex); },
                .roles = {Role::Admin},
                .summary = "Change a call's title or days (not its programme or year); recorded "
                           "in the audit trail with the old and new values",
                .tag = "calls",
                .body = BodyKind::Json,
                .request = "CallPatch",
                .response = "Call",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Forbidden, engine::ErrorCode::Conflict},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
}

}  // namespace grantflow::server
