#pragma once
// Deliberation models for the document tests and the benchmark: the same
// seed always gives the same model, with the names, accents, apostrophes and
// amounts that real Paris deliberations carry.

#include <cstddef>

#include "documents/deliberation_model.hpp"

namespace grantflow::testing {

// A HEALTH deliberation "2026 DGRI 12" of `grants` grants; amounts between
// 5 000 € and 150 000 € (some with cents), a third above the 23 000 €
// convention threshold, beneficiaries in several countries.
documents::DeliberationModel sampleDeliberation(std::size_t grants);

}  // namespace grantflow::testing
