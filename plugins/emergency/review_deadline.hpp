#pragma once
// emergency.review_deadline: emergency applications must be reviewed within
// days. The state the transition enters declares a deadline (with `then`
// naming the escalation transition); this action sets when it falls, so the
// number of days is configuration rather than part of the state.
//
// Params: {"days": 5} (1 to 90). Sets change.deadlineAt = ctx.now + days.
// Stateless: safe from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::emergency {

inline constexpr const char* kReviewDeadlineName = "emergency.review_deadline";

// Throws engine::ParamError.
std::shared_ptr<const engine::Action> makeReviewDeadline(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::emergency
