// The message thread of an application, between the association and the
// reviewers (clerks and admins may read and write too). Posting a message
// queues an e-mail to the other side in the same transaction.
#include <Poco/JSON/Array.h>

#include "server/access.hpp"
#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/views.hpp"
#include "store/message_repository.hpp"

namespace grantflow::server {

namespace {

constexpr std::size_t kMaxMessage = 4000;

Reply listMessages(ServerContext& ctx, Exchange& ex) {
    auto app = loadVisibleApplication(ctx, ex);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& m : store::MessageRepository(ctx.db).list(app.id)) items->add(messageView(m));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

// The e-mail telling the other side of the thread that a message arrived.
engine::OutboxMessage notification(const engine::Application& app, const Caller& author,
                                   const std::string& text) {
    Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
    payload.set("application_id", app.id);
    payload.set("reference", app.reference);
    payload.set("programme", app.programme);
    payload.set("title", app.title);
    payload.set("event", std::string("message"));
    payload.set("author_role", std::string(engine::toString(author.role())));
    payload.set("author_name", author.user.name);
    payload.set("body", text);
    std::string to = author.role() == engine::Role::Applicant ? "role:reviewers" : "role:applicant";
    return {"email", to, "[" + app.reference + "] New message", stringify(payload)};
}

Reply postMessage(ServerContext& ctx, Exchange& ex) {
    auto app = loadVisibleApplication(ctx, ex);
    auto body = ex.jsonBody();
    BodyReader in(body);
    auto text = in.string("body", Need::Required);
    in.finish();
    std::vector<FieldError> errors;
    if (isBlank(*text)) errors.push_back({"body", "is required", ""});
    if (utf8Length(*text) > kMaxMessage)
        errors.push_back(
            {"body", "must be at most " + std::to_string(kMaxMessage) + " characters", ""});
    failIfInvalid(std::move(errors), "the message has invalid values");

    const Caller& caller = ex.caller();
    auto posted = store::MessageRepository(ctx.db).post(
        app.id, caller.user.id, *text, ctx.clock.now(), {notification(app, caller, *text)});
    if (!posted) fail(posted.error());
    Reply reply = Reply::json(201, messageView(posted.value()));
    reply.header("Location", "/api/v1/applications/" + std::to_string(app.id) + "/messages");
    return reply;
}

}  // namespace

void addMessageRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/messages",
                .handler = [&ctx](Exchange& ex) { return listMessages(ctx, ex); },
                .summary = "The message thread of an application, oldest first",
                .tag = "messages",
                .response = "MessageList",
                .statuses = {200, 404}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/messages",
                .handler = [&ctx](Exchange& ex) { return postMessage(ctx, ex); },
                .summary = "Post a message {body}; the other side is notified by e-mail",
                .tag = "messages",
                .body = BodyKind::Json,
                .request = "MessageRequest",
                .response = "Message",
                .statuses = {201, 404, 422}});
}

}  // namespace grantflow::server
