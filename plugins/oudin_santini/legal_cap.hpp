#pragma once
// oudin_santini.legal_cap: the Oudin-Santini law (article L1115-1-1 of the
// Code général des collectivités territoriales) lets a commune spend on
// international water and sanitation actions at most 1% of its water
// service budget and 1% of its sanitation service budget, each cap counted
// on its own line.
//
// Params: {"line_field": "domain",
//          "budgets": {"2026": {"water_service_cents": N, "sanitation_service_cents": M}}}
// `line_field` names an enum field whose values are among `water` and
// `sanitation`; it is also the `line_field` of the reserve_budget action, so
// the ledger's sub-lines carry the same names.
//
// The guard refuses when the application's budget year has no configured
// budgets, when the City's share would take its line above floor(1%) of the
// line's service budget, and when the programme's envelope for the year is
// itself above the sum of the two caps. Use it on the transition that
// reserves (approve): the application's own money must not be on the line
// yet, or it would be counted twice. Stateless: safe from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::oudin_santini {

inline constexpr const char* kLegalCapName = "oudin_santini.legal_cap";

// Throws engine::ParamError.
std::shared_ptr<const engine::Guard> makeLegalCap(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::oudin_santini
