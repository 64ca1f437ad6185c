#pragma once
// Programmes (code, title, City direction) and their yearly envelopes.
// Programmes are upserted from the workflow catalog at start-up; an
// envelope can be set or changed at any time but never below what is
// already reserved, committed or paid on it.
//
// Thread-safe: each call leases its own session.

#include <optional>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/money.hpp"
#include "engine/result.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct Programme {
    std::string code;
    std::string title;
    std::string direction;  // e.g. "DGRI"
};

class ProgrammeRepository {
public:
    explicit ProgrammeRepository(Database& db) : db_(db) {}

    // Inserts, or updates title and direction of an existing code.
    void upsert(const Programme& programme);
    std::optional<Programme> find(const std::string& code);
    // Ordered by code.
    std::vector<Programme> list();

    // Sets the envelope of (programme, year). NotFound for an unknown
    // programme; Invalid for a negative amount or one below current use
    // (reserved + committed + paid), in which case nothing changes.
    engine::Status setEnvelope(const std::string& programme, int year, engine::Money amount);

    engine::BudgetUse budgetUse(const std::string& programme, int year);
    // Every programme, ordered by code; zero amounts where no envelope is set.
    std::vector<engine::BudgetUse> budgetForYear(int year);

private:
    Database& db_;
};

}  // namespace grantflow::store
