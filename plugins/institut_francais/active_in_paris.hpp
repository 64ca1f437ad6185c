#pragma once
// institut_francais.active_in_paris: the City and the Institut Français fund
// Parisian artists and troupes abroad, so the applicant must have been active
// in Paris for some time.
//
// Params: {"min_years": 1} (1 to 100). A year counts as 365 days: the guard
// passes when organisation.activeInParisSince is at least min_years × 365
// days before ctx.now, and fails when the date is missing. Stateless: safe
// from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::institut_francais {

inline constexpr const char* kActiveInParisName = "institut_francais.active_in_paris";

// Throws engine::ParamError.
std::shared_ptr<const engine::Guard> makeActiveInParis(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::institut_francais
