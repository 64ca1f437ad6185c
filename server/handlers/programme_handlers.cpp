// Programmes (the workflow catalog with this year's envelopes) and the
// budget overview.
#include <Poco/JSON/Array.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/views.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

Reply listProgrammes(ServerContext& ctx, Exchange& ex) {
    int year = yearQuery(ctx, ex);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& p : ctx.services.programmes().programmes(year))
        items->add(programmeView(*p.definition, p.budget));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

Reply budget(ServerContext& ctx, Exchange& ex) {
    int year = yearQuery(ctx, ex);
    Poco::JSON::Array::Ptr programmes = new Poco::JSON::Array;
    for (const auto& use : ctx.services.programmes().budget(ex.caller().actor(), year))
        programmes->add(budgetView(use));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("year", year);
    out->set("programmes", programmes);
    return Reply::json(200, out);
}

}  // namespace

void addProgrammeRoutes(Router& router, ServerContext& ctx) {
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/programmes",
         .handler = [&ctx](Exchange& ex) { return listProgrammes(ctx, ex); },
         .summary = "Programmes with their fields, attachment kinds, envelope and budget use",
         .tag = "programmes",
         .response = "ProgrammeList",
         .problems = {ProblemKind::Malformed},
         .query = {{"year", "integer", "budget year (default: this year)"}}});
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/budget",
         .handler = [&ctx](Exchange& ex) { return budget(ctx, ex); },
         .roles = {Role::Reviewer, Role::Clerk, Role::Admin},
         .summary =
             "Per programme: envelope, reserved, committed and paid (reviewers: their programmes)",
         .tag = "programmes",
         .response = "Budget",
         .problems = {ProblemKind::Malformed},
         .query = {{"year", "integer", "budget year (default: this year)"}}});
}

}  // namespace grantflow::server
