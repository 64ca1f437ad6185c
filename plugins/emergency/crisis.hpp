#pragma once
// emergency.crisis: emergency aid goes to victims of epidemics (Ebola),
// natural disasters (Haiti, Madagascar, Vanuatu), and refugees and displaced
// people of conflicts (Syria, Iraq, Lebanon).
//
// Params: {"crisis_field": "crisis_type", "country_field": "country"}. The
// crisis field is an enum whose values are among `epidemic`,
// `natural_disaster`, `conflict_refugees`; the country field is of type
// country (or text). One reason per missing or wrong item. Stateless: safe
// from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::emergency {

inline constexpr const char* kCrisisName = "emergency.crisis";

// Throws engine::ParamError.
std::shared_ptr<const engine::Guard> makeCrisis(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::emergency
