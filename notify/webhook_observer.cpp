#include "notify/webhook_observer.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace grantflow::notify {

std::string WebhookObserver::body(const engine::StepContext& ctx,
                                  const engine::TransitionChange& change) {
    Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
    json.set("event", std::string("transition"));
    json.set("application_id", ctx.application.id);
    json.set("reference", ctx.application.reference);
    json.set("programme", ctx.application.programme);
    json.set("transition", ctx.transition.name);
    json.set("from", change.fromState);
    json.set("to", change.toState);
    json.set("actor_role", std::string(engine::toString(ctx.actor.role)));
    json.set("at", engine::formatTimestamp(change.at == engine::Timestamp{} ? ctx.now : change.at));
    std::ostringstream out;
    json.stringify(out);
    return out.str();
}

void WebhookObserver::onTransition(const engine::StepContext& ctx,
                                   engine::TransitionChange& change) const {
    auto target = targets_.find(ctx.application.programme);
    if (target == targets_.end()) return;
    change.outbox.push_back({"webhook", target->second.url, "", body(ctx, change)});
}

}  // namespace grantflow::notify
