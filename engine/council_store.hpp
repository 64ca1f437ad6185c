#pragma once
// The storage port of the Council domain (CouncilService), implemented by
// store/. Like WorkflowStore it is an interface so that the engine never
// sees SQL. Each write is ONE database transaction together with the
// transition changes it is given: the deliberation (or its vote) and every
// grant's transition commit together or not at all.
// Implementations are thread-safe and safe across processes.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/council.hpp"
#include "engine/result.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

class CouncilStore {
public:
    virtual ~CouncilStore() = default;

    virtual std::optional<CouncilSession> findSession(std::int64_t id) = 0;
    virtual std::optional<Deliberation> findDeliberation(std::int64_t id) = 0;

    // In one transaction: checks the session is open (NotFound / Conflict),
    // takes the next number of (year, direction) (gap-free: the counter row
    // is locked until commit), inserts the deliberation and its items (an
    // application already in a live deliberation -> Conflict), and writes
    // every change as WorkflowStore::commit would (a stale one -> Conflict).
    // Any error rolls everything back: no number is used.
    virtual Result<Deliberation> createDeliberation(
        const NewDeliberation& deliberation, const std::vector<TransitionChange>& changes) = 0;

    // In one transaction: moves the deliberation from draft to `outcome`'s
    // state (not draft any more -> Conflict), records the voted amounts
    // (absent for a rejection, which also frees the applications for another
    // deliberation), and writes every change.
    virtual Result<Deliberation> recordVote(std::int64_t deliberationId, VoteOutcome outcome,
                                            const std::map<std::int64_t, Money>& votedAmounts,
                                            const std::vector<TransitionChange>& changes,
                                            Timestamp at) = 0;
};

}  // namespace grantflow::engine
