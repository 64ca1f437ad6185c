#pragma once
// engine::StatisticsStore over SOCI: the sums behind the statistics and
// the voted grants behind the open data, each read in one snapshot.
// Granted and paid come from the budget ledger (commit less
// release_commitment; pay), the record of what moved on the envelopes.
// Thread-safe: each call leases its own session.

#include "engine/statistics_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class StatisticsRepository final : public engine::StatisticsStore {
public:
    explicit StatisticsRepository(Database& db) : db_(db) {}

    std::vector<engine::StatisticsCell> cells(const engine::StatisticsFilter& filter) override;
    std::vector<engine::VotedGrant> votedGrants(int year, engine::Money above) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
