#pragma once
// oudin_santini.eligible_use: the money raised under the Oudin-Santini law
// goes to access to drinking water and sanitation for people; agricultural,
// industrial and drainage uses are outside its scope.
//
// Params: {"field": "water_use"} — an enum field. The guard refuses an
// application whose use is one of `agricultural`, `industrial`, `drainage`,
// and one that declares no use at all (a legal check cannot pass on a blank).
// Stateless: safe from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::oudin_santini {

inline constexpr const char* kEligibleUseName = "oudin_santini.eligible_use";

// Throws engine::ParamError.
std::shared_ptr<const engine::Guard> makeEligibleUse(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::oudin_santini
