#pragma once
// Engine observers that add notifications to every transition, inside the
// transition's own transaction (so they are sent if and only if the change
// holds). Register them once at start-up:
//
//   engine.addObserver(std::make_shared<notify::WebhookObserver>(webhookTargets));
//   engine.addObserver(std::make_shared<notify::StateChangeNotifier>());
//
// WebhookObserver: for a programme with a configured webhook, adds to every
// transition (self-transitions included) an outbox row
// {"webhook", <url>, "", <json>} with the JSON body
//   {"event": "transition", "application_id", "reference", "programme",
//    "transition", "from", "to", "actor_role", "at"}
// (keys in that order; "at" ISO 8601 UTC). The delivery is signed by the
// WebhookClient with the programme's secret when it is sent.
//
// Both are stateless after construction and safe to call from many threads.

#include <string>

#include "engine/workflow_engine.hpp"
#include "notify/webhook_client.hpp"

namespace grantflow::notify {

class WebhookObserver final : public engine::TransitionObserver {
public:
    explicit WebhookObserver(WebhookTargets targets) : targets_(std::move(targets)) {}
    void onTransition(const engine::StepContext& ctx,
                      engine::TransitionChange& change) const override;

    // The body written for `change` (also what the receiver gets).
    static std::string body(const engine::StepContext& ctx, const engine::TransitionChange& change);

private:
    WebhookTargets targets_;
};

}  // namespace grantflow::notify
