#include "engine/notification_payload.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace grantflow::engine {

std::string notificationPayload(const StepContext& ctx, const TransitionChange& change) {
    const Application& app = ctx.application;
    Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
    payload.set("application_id", app.id);
    payload.set("reference", app.reference);
    payload.set("programme", app.programme);
    payload.set("title", app.title);
    payload.set("transition", ctx.transition.name);
    payload.set("from", change.fromState);
    payload.set("to", change.toState);
    payload.set("comment", ctx.comment);
    std::ostringstream out;
    payload.stringify(out);
    return out.str();
}

std::string notificationSubject(const StepContext& ctx, const TransitionChange& change) {
    const StateSpec* state = ctx.definition.state(change.toState);
    const std::string stateLabel = state && !state->label.empty() ? state->label : change.toState;
    const std::string step =
        ctx.transition.label.empty() ? ctx.transition.name : ctx.transition.label;
    return "[" + ctx.application.reference + "] " + step + ": " + stateLabel;
}

OutboxMessage messageNotification(const Application& app, Role authorRole,
                                  const std::string& authorName, const std::string& body) {
    Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
    payload.set("application_id", app.id);
    payload.set("reference", app.reference);
    payload.set("programme", app.programme);
    payload.set("title", app.title);
    payload.set("event", std::string("message"));
    payload.set("author_role", std::string(toString(authorRole)));
    payload.set("author_name", authorName);
    payload.set("body", body);
    std::ostringstream out;
    payload.stringify(out);
    std::string to = authorRole == Role::Applicant ? "role:reviewers" : "role:applicant";
    return {"email", to, "[" + app.reference + "] New message", out.str()};
}

}  // namespace grantflow::engine
