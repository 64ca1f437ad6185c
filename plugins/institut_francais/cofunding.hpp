#pragma once
// institut_francais.cofunding: the City and the Institut Français jointly
// fund a project; the Institut Français pays a fixed share of the grant.
//
// Params: {"partner_share_percent": 50} (1 to 100). The action takes the
// granted amount — the one an earlier action of the same transition set
// (grant_requested), else the application's granted amount, else the
// requested one — and sets change.partnerShare = amount × percent / 100,
// rounded down to the cent so that the partner is never asked for more than
// its share. When a granted amount exists it is recorded too
// (change.amountGranted), so the audit shows both; before any decision the
// share is an estimate on the requested amount and nothing is granted. The
// City's share (what budget_available checks and reserve_budget reserves)
// is the difference. On approval, put it after grant_requested and before
// reserve_budget. Stateless: safe from any thread.

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::institut_francais {

inline constexpr const char* kCofundingName = "institut_francais.cofunding";

// Throws engine::ParamError.
std::shared_ptr<const engine::Action> makeCofunding(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::institut_francais
