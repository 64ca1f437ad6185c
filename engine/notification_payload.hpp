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

// The e-mail telling the other side of an application's message thread that
// a message arrived: to the reviewers when an applicant wrote, else to the
// applicant. Payload {"application_id", "reference", "programme", "title",
// "event": "message", "author_role", "author_name", "body"}.
OutboxMessage messageNotification(const Application& app, Role authorRole,
                                  const std::string& authorName, const std::string& body);

}  // namespace grantflow::engine
