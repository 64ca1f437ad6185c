// Programmes (the workflow catalog with this year's envelopes) and the
// budget overview, and an administrator's setting of a yearly envelope.
#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cctype>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
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

// The `{year}` of a path: digits, or no such resource (as an id would be);
// its range is the service's rule.
int yearParam(Exchange& ex) {
    const std::string& text = ex.param("year");
    if (text.empty() || text.size() > 6 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        throw HttpProblem(ProblemKind::NotFound, "no such resource");
    return std::stoi(text);
}

Reply setEnvelope(ServerContext& ctx, Exchange& ex) {
    const int year = yearParam(ex);
    BodyReader in(ex.jsonBody());
    auto amount = in.integer("amount_cents", Need::Required);
    in.finish();
    auto use = take(ctx.services.programmes().setEnvelope(ex.caller().actor(), ex.param("code"),
                                                          year, engine::Money::fromCents(*amount)));
    return Reply::json(200, budgetView(use));
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
         .roles = {Role::Reviewer, Role::Clerk, Role::Finance, Role::Auditor, Role::Admin},
         .summary =
             "Per programme: envelope, reserved, committed and paid (reviewers: their programmes)",
         .tag = "programmes",
         .response = "Budget",
         .problems = {ProblemKind::Malformed},
         .query = {{"year", "integer", "budget year (default: this year)"}}});
    router.add({.method = "PUT",
                .pattern = "/api/v1/programmes/{code}/envelopes/{year}",
                .handler = [&ctx](Exchange& ex) { return setEnvelope(ctx, ex); },
                .roles = {Role::Finance, Role::Admin},
                .summary = "Set a programme's envelope for a year (never below what is reserved, "
                           "committed and paid); recorded in the audit trail",
                .tag = "programmes",
                .body = BodyKind::Json,
                .request = "EnvelopeRequest",
                .response = "BudgetLine",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Forbidden, engine::ErrorCode::Conflict}});
}

}  // namespace grantflow::server
