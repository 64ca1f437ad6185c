// What falls due soon, for the caller's dashboard: an association's coming
// deadlines, the week of reviewers and finance officers. The scope is the
// visibility policy's (services::DeadlineService::upcoming).
#include <Poco/JSON/Array.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"

namespace grantflow::server {

namespace {

constexpr const char* kDefaultWindow = "P7D";
constexpr std::size_t kMaxWindowText = 32;

Poco::Dynamic::Var textOrNull(const std::string& text) {
    return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

Poco::JSON::Object::Ptr deadlineView(const services::DeadlineItem& item,
                                     const engine::WorkflowDefinition* def) {
    const engine::Application& app = item.application;
    const engine::StateSpec* state = def ? def->state(app.state) : nullptr;
    const engine::Transition* then =
        def && !item.then.empty() ? def->transition(item.then) : nullptr;
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("kind", std::string(services::toString(item.kind)));
    o->set("due_at", engine::formatTimestamp(item.dueAt));
    o->set("application_id", app.id);
    o->set("reference", app.reference);
    o->set("programme", app.programme);
    o->set("title", app.title);
    o->set("state", app.state);
    o->set("state_label", state && !state->label.empty() ? state->label : app.state);
    o->set("then", textOrNull(item.then));
    o->set("then_label", textOrNull(then && !then->label.empty() ? then->label : item.then));
    return o;
}

Reply listDeadlines(ServerContext& ctx, Exchange& ex) {
    const std::string within = ex.query("within").value_or(kDefaultWindow);
    if (within.size() > kMaxWindowText)
        throw HttpProblem(ProblemKind::Malformed, "query parameter `within` is too long",
                          {{"within", "must be an ISO 8601 duration (e.g. P7D)", ""}});
    auto items = take(ctx.services.deadlines().upcoming(ex.caller().actor(), within));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& item : items)
        list->add(
            deadlineView(item, ctx.services.catalog().find(item.application.programme,
                                                           item.application.workflowVersion)));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("within", within);
    out->set("items", list);
    return Reply::json(200, out);
}

}  // namespace

void addDeadlineRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/deadlines",
                .handler = [&ctx](Exchange& ex) { return listDeadlines(ctx, ex); },
                .summary = "What falls due within `within` (default P7D, at most P366D) for the "
                           "caller, soonest first: an association's final reports, changes to "
                           "answer and call closings of its drafts; the deadlines of the "
                           "programmes a member of staff may see",
                .tag = "deadlines",
                .response = "DeadlineList",
                .errors = {engine::ErrorCode::Invalid},
                .problems = {ProblemKind::Malformed},
                .query = {{"within", "string",
                           "an ISO 8601 duration from now, e.g. P7D (the default) or P30D"}}});
}

}  // namespace grantflow::server
