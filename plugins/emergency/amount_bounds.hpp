#pragma once
// emergency.amount_bounds: the City's emergency aids are one-off grants
// "from €20,000 to €100,000" (communication to the Paris Council, May 2015).
//
// Params: {"min_cents": 2000000, "max_cents": 10000000} (those are the
// defaults; 0 <= min <= max). The amount checked is the granted one when
// set, else the requested one; both bounds are inclusive. Stateless: safe
// from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::emergency {

inline constexpr const char* kAmountBoundsName = "emergency.amount_bounds";

// Throws engine::ParamError.
std::shared_ptr<const engine::Guard> makeAmountBounds(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::emergency
