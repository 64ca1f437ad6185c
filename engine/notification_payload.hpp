#pragma once
// The JSON body of a state-change notification, the same whether the
// workflow's `notify` action or the server's applicant notifier queues it:
// mail templates and webhook receivers read one shape.

#include <string>

#include "engine/guard.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

// {"application_id", "reference", "programme", "title", "transition",
//  "from", "to", "comment"}, keys in that order.
std::string notificationPayload(const StepContext& ctx, const TransitionChange& change);

// "[HEALTH-2026-0007] Approve: Approved": the transition's and the new
// state's labels, their names where a label is empty.
std::string notificationSubject(const StepContext& ctx, const TransitionChange& change);

}  // namespace grantflow::engine
