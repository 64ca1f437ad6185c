#pragma once
// An engine observer that tells the applicant about every state change:
// when a transition moves the application to another state and the
// definition's own actions queued no e-mail to "role:applicant", it adds
// one, with the same subject and payload as the engine's `notify` action
// ("[REF] <step label>: <state label>"; application_id, reference,
// programme, title, transition, from, to, comment). So a programme whose
// definition forgets a notification still keeps the association informed,
// and one that has it does not send twice.
//
// Self-transitions (reminders) are not state changes and add nothing.
// Stateless; safe to call from many threads.

#include "engine/workflow_engine.hpp"

namespace grantflow::notify {

class StateChangeNotifier final : public engine::TransitionObserver {
public:
    void onTransition(const engine::StepContext& ctx,
                      engine::TransitionChange& change) const override;
};

}  // namespace grantflow::notify
