#pragma once
// A programme's envelope for one year and how much of it is in use.
// Invariant, enforced by the store under concurrency:
//     reserved + committed + paid <= envelope

#include <string>

#include "engine/money.hpp"

namespace grantflow::engine {

struct BudgetUse {
    std::string programme;
    int year = 0;
    Money envelope;
    Money reserved;
    Money committed;
    Money paid;

    Money used() const { return reserved + committed + paid; }
    Money available() const { return envelope - used(); }
};

}  // namespace grantflow::engine
