#pragma once
// engine::ProgrammeStore over SOCI: programmes upserted from the catalog
// at start-up, and their envelopes (a conditional UPDATE keeps an envelope
// above its use). Thread-safe: each call leases its own session.

#include "engine/programme_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class ProgrammeRepository final : public engine::ProgrammeStore {
public:
    explicit ProgrammeRepository(Database& db) : db_(db) {}

    // Inserts, or updates title and direction of an existing code.
    void upsert(const engine::Programme& programme) override;
    std::optional<engine::Programme> find(const std::string& code) override;
    // Ordered by code.
    std::vector<engine::Programme> list() override;

    // Sets the envelope of (programme, year). NotFound for an unknown
    // programme; Invalid for a negative amount or one below current use
    // (reserved + committed + paid), in which case nothing changes.
    engine::Status setEnvelope(const std::string& programme, int year,
                               engine::Money amount) override;

    engine::Result<engine::EnvelopeChange> changeEnvelope(const std::string& programme, int year,
                                                          engine::Money amount,
                                                          const engine::Actor& actor,
                                                          engine::Timestamp at) override;

    engine::BudgetUse budgetUse(const std::string& programme, int year) override;
    // Every programme, ordered by code; zero amounts where no envelope is set.
    std::vector<engine::BudgetUse> budgetForYear(int year) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
