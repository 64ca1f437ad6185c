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
// recordVote, addItem, removeItem, withdraw: each locks the deliberation's
// row first (SELECT ... FOR UPDATE on PostgreSQL) and checks it is a draft
// (Conflict otherwise), then locks the applications as createDeliberation
// does, changes the rows and writes the changes; one transaction each. A
// vote stores the counts and each article's outcome and amount (a struck
// article, or every one of a rejection, gets live = 0). recordPublication
// stores the dates once and drops the unpublished adopted documents (the
// published act is the one frozen).
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
        std::int64_t deliberationId, const engine::VoteRecord& vote,
        const std::vector<engine::TransitionChange>& changes) override;
    std::optional<engine::Deliberation> draftDeliberationOf(std::int64_t applicationId) override;
    engine::Result<engine::Deliberation> addItem(
        std::int64_t deliberationId, const engine::DeliberationItem& item,
        const engine::TransitionChange& change,
        const std::optional<engine::DraftRetitle>& retitle) override;
    engine::Result<engine::Deliberation> removeItem(
        std::int64_t deliberationId, std::int64_t applicationId,
        const engine::TransitionChange& change,
        const std::optional<engine::DraftRetitle>& retitle) override;
    engine::Result<engine::Deliberation> withdraw(
        std::int64_t deliberationId, const std::vector<engine::TransitionChange>& changes) override;
    engine::Result<engine::Deliberation> recordPublication(std::int64_t deliberationId,
                                                           const engine::Publication& publication,
                                                           const engine::Actor& by,
                                                           engine::Timestamp at) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
