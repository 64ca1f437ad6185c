#pragma once
// institut_francais.rotation: the projects selected with the Institut
// Français "ensure a rotation of recipients and disciplines". An organisation,
// or a discipline, funded in the previous cycle may be funded again only with
// a written justification.
//
// Params: {"discipline_field": "discipline",
//          "justification_field": "rotation_justification",
//          "funded_states": ["voted", "agreement_signed", "paid", "report_received", "closed"],
//          "min_justification_chars": 20}
// The previous cycle is the programme's applications of budget year - 1 in
// one of `funded_states` (each must be a state of the definition). When the
// same organisation or the same discipline appears there, the justification
// field must hold at least `min_justification_chars` characters; otherwise
// one reason names the justification field and says what triggered the rule.
// Stateless: safe from any thread (reads the store only).

#include <memory>

#include "engine/guard.hpp"

namespace grantflow::plugins::institut_francais {

inline constexpr const char* kRotationName = "institut_francais.rotation";

// Throws engine::ParamError.
std::shared_ptr<const engine::Guard> makeRotation(const engine::FactoryContext& ctx);

}  // namespace grantflow::plugins::institut_francais
