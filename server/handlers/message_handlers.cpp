// The message thread of an application, between the association and the
// reviewers (clerks and admins may read and write too): the rules are
// services::MessageService's.
#include <Poco/JSON/Array.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/views.hpp"

namespace grantflow::server {

namespace {

Reply listMessages(ServerContext& ctx, Exchange& ex) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& m : take(ctx.services.messages().list(ex.caller().actor(), ex.idParam("id"))))
        items->add(messageView(m));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

Reply postMessage(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    // An application the caller may not see is a 404 whatever the body says.
    take(ctx.services.applications().find(ex.caller().actor(), id));
    auto body = ex.jsonBody();
    BodyReader in(body);
    auto text = in.string("body", Need::Required);
    in.finish();
    const Caller& caller = ex.caller();
    auto posted = take(ctx.services.messages().post(caller.actor(), caller.user.name, id, *text));
    Reply reply = Reply::json(201, messageView(posted));
    reply.header("Location", "/api/v1/applications/" + std::to_string(id) + "/messages");
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
                .errors = {engine::ErrorCode::NotFound}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/messages",
                .handler = [&ctx](Exchange& ex) { return postMessage(ctx, ex); },
                // Auditors read the threads and write nothing.
                .roles = {engine::Role::Applicant, engine::Role::Reviewer, engine::Role::Clerk,
                          engine::Role::Finance, engine::Role::Admin},
                .summary = "Post a message {body}; the other side is notified by e-mail",
                .tag = "messages",
                .body = BodyKind::Json,
                .request = "MessageRequest",
                .response = "Message",
                .success = {201},
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Invalid}});
}

}  // namespace grantflow::server
