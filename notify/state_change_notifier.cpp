#include "notify/state_change_notifier.hpp"

#include <algorithm>

#include "engine/notification_payload.hpp"

namespace grantflow::notify {

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
    change.outbox.push_back({"email", kApplicant, engine::notificationSubject(ctx, change),
                             engine::notificationPayload(ctx, change)});
}

}  // namespace grantflow::notify
