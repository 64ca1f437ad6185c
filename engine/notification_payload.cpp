#include "engine/notification_payload.hpp"

#include "engine/json_writer.hpp"

namespace grantflow::engine {

namespace {

// Every notification's payload opens with the application it is about.
JsonWriter& beginApplicationPayload(JsonWriter& payload, const Application& app) {
    return payload.beginObject()
        .integer("application_id", app.id)
        .text("reference", app.reference)
        .text("programme", app.programme)
        .text("title", app.title);
}

}  // namespace

std::string notificationPayload(const StepContext& ctx, const TransitionChange& change) {
    JsonWriter payload;
    beginApplicationPayload(payload, ctx.application)
        .text("transition", ctx.transition.name)
        .text("from", change.fromState)
        .text("to", change.toState)
        .text("comment", ctx.comment)
        .endObject();
    return payload.take();
}

std::string notificationSubject(const StepContext& ctx, const TransitionChange& change) {
    const StateSpec* state = ctx.definition.state(change.toState);
    const std::string& stateLabel = state && !state->label.empty() ? state->label : change.toState;
    const std::string& step =
        ctx.transition.label.empty() ? ctx.transition.name : ctx.transition.label;
    std::string subject;
    subject.reserve(ctx.application.reference.size() + step.size() + stateLabel.size() + 5);
    subject.append("[").append(ctx.application.reference).append("] ").append(step);
    subject.append(": ").append(stateLabel);
    return subject;
}

OutboxMessage messageNotification(const Application& app, Role authorRole,
                                  const std::string& authorName, const std::string& body) {
    JsonWriter payload;
    beginApplicationPayload(payload, app)
        .text("event", "message")
        .text("author_role", toString(authorRole))
        .text("author_name", authorName)
        .text("body", body)
        .endObject();
    std::string to = authorRole == Role::Applicant ? "role:reviewers" : "role:applicant";
    return {"email", to, "[" + app.reference + "] New message", payload.take()};
}

}  // namespace grantflow::engine
