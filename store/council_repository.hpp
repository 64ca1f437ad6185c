#pragma once
// Council sessions and deliberations over SOCI: the engine's CouncilStore
// port, plus the reads the server and the documents need.
//
// createDeliberation, in one write transaction:
//   1. the session must exist and be open;
//   2. on PostgreSQL the applications' rows and the programme's envelope
//      rows are locked first, in id order, so that this many-row writer
//      takes its locks in the order single transitions do (application,
//      envelope, audit head) and cannot deadlock with them;
//   3. the counter of (year, direction) is created if needed and
//      incremented with UPDATE ... RETURNING: the row stays locked until
//      commit, so a concurrent creator (any process) waits and gets the next
//      number; on SQLite BEGIN IMMEDIATE serialises writers;
//   4. the deliberation row (reference unique) and its items (the partial
//      unique index refuses an application already in a live deliberation:
//      Conflict);
//   5. every transition change (store/transition_writer.hpp).
// Any error rolls all of it back, the counter included: numbers are
// gap-free.
//
// recordVote: UPDATE deliberations SET state ... WHERE id AND state =
// 'draft' (0 rows: Conflict, it was voted meanwhile), the voted amounts (or
// live = 0 on a rejection), then the changes; one transaction.
//
// Thread-safe: each call leases its own session.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/council_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class CouncilRepository final : public engine::CouncilStore {
public:
    explicit CouncilRepository(Database& db) : db_(db) {}

    engine::Result<engine::CouncilSession> createSession(
        const std::string& date, const std::string& title, std::int64_t createdBy,
        engine::Timestamp now, const engine::SessionReport& report) override;
    engine::Result<engine::CouncilSession> setSessionReport(
        std::int64_t id, const engine::SessionReport& report) override;
    std::vector<engine::CouncilSession> listSessions() override;
    engine::Result<engine::CouncilSession> setSessionState(std::int64_t id,
                                                           engine::SessionState state) override;
    std::vector<engine::Deliberation> deliberationsOfSession(std::int64_t sessionId) override;
    std::optional<engine::DeliberationSheet> sheet(std::int64_t deliberationId) override;
    // The deliberation an application is live in, if any.
    std::optional<std::int64_t> liveDeliberationOf(std::int64_t applicationId);

    std::optional<engine::CouncilSession> findSession(std::int64_t id) override;
    std::optional<engine::Deliberation> findDeliberation(std::int64_t id) override;
    engine::Result<engine::Deliberation> createDeliberation(
        const engine::NewDeliberation& deliberation,
        const std::vector<engine::TransitionChange>& changes) override;
    engine::Result<engine::Deliberation> recordVote(
        std::int64_t deliberationId, engine::VoteOutcome outcome,
        const std::map<std::int64_t, engine::Money>& votedAmounts,
        const std::vector<engine::TransitionChange>& changes, engine::Timestamp at) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
