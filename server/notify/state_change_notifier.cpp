#include "server/notify/state_change_notifier.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

namespace grantflow::server::notify {

namespace {

constexpr const char* kApplicant = "role:applicant";

bool mailsApplicant(const engine::TransitionChange& change) {
    return std::any_of(change.outbox.begin(), change.outbox.end(), [](const auto& m) {
        return m.channel == "email" && m.recipient == kApplicant;
    });
}

}  // namespace

void StateChangeNotifier::onTransition(const engine::StepContext& ctx,
                                       engine::TransitionChange& change) const {
    if (change.fromState == change.toState || mailsApplicant(change)) return;
    const engine::Application& app = ctx.application;
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

    const engine::StateSpec* state = ctx.definition.state(change.toState);
    const std::string stateLabel = state && !state->label.empty() ? state->label : change.toState;
    const std::string step =
        ctx.transition.label.empty() ? ctx.transition.name : ctx.transition.label;
    change.outbox.push_back(
        {"email", kApplicant, "[" + app.reference + "] " + step + ": " + stateLabel, out.str()});
}

}  // namespace grantflow::server::notify
