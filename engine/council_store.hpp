#pragma once
// The storage port of the Council (services::CouncilService), implemented
// by store/. Each write is ONE database transaction: a deliberation (or its
// vote) and every grant's transition commit together or not at all, and
// closing a session checks and closes in the same transaction.
// Implementations are thread-safe and safe across processes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/council.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

// Which draft deliberation holds an application: what the rest of the
// services need to know of the Council (ApplicationService refuses other
// transitions meanwhile).
class DeliberationLookup {
public:
    virtual ~DeliberationLookup() = default;
    // The draft deliberation `applicationId` is in, if any (a voted or
    // withdrawn one does not count).
    virtual std::optional<Deliberation> draftDeliberationOf(std::int64_t applicationId) = 0;
};

// A draft's default title follows its grants: the title for the grants
// after an edit, and the grants it was worked out from (before the edit).
struct DraftRetitle {
    std::string title;
    std::vector<std::int64_t> basedOn;  // application ids, in any order
};

class CouncilStore : public DeliberationLookup {
public:
    // Invalid for a date that is not YYYY-MM-DD or an empty title.
    virtual Result<CouncilSession> createSession(const std::string& date, const std::string& title,
                                                 std::int64_t createdBy, Timestamp now,
                                                 const SessionReport& report) = 0;
    // Replaces the session's rapporteur and commission; NotFound.
    virtual Result<CouncilSession> setSessionReport(std::int64_t id,
                                                    const SessionReport& report) = 0;
    virtual std::optional<CouncilSession> findSession(std::int64_t id) = 0;
    // Newest first (by date, then id).
    virtual std::vector<CouncilSession> listSessions() = 0;
    // Opens or closes a session, in one transaction with its check: NotFound
    // for no such session; closing while a deliberation of the session is
    // still a draft is a Conflict (one reason per such deliberation) and
    // changes nothing. The session's row is locked first, as
    // createDeliberation locks it, so a deliberation created concurrently
    // either lands before the close (which then refuses) or is refused
    // because the session is closed.
    virtual Result<CouncilSession> setSessionState(std::int64_t id, SessionState state) = 0;

    virtual std::optional<Deliberation> findDeliberation(std::int64_t id) = 0;
    virtual std::vector<Deliberation> deliberationsOfSession(std::int64_t sessionId) = 0;
    // The deliberation with its session and grants; nullopt when there is none.
    virtual std::optional<DeliberationSheet> sheet(std::int64_t deliberationId) = 0;

    // In one transaction: locks the session's row and checks it is open
    // (NotFound / Conflict),
    // takes the next number of (year, direction) (gap-free: the counter row
    // is locked until commit), inserts the deliberation and its items (an
    // application already in a live deliberation -> Conflict), and writes
    // every change as WorkflowStore::commit would (a stale one -> Conflict).
    // The audit entry `deliberation_created` (its number and grants, by
    // `createdBy`) is appended with them. Any error rolls everything back:
    // no number is used.
    virtual Result<Deliberation> createDeliberation(
        const NewDeliberation& deliberation, const std::vector<TransitionChange>& changes) = 0;

    // In one transaction: moves the deliberation from draft to the vote's
    // state (not draft any more -> Conflict), records the counts and each
    // article's outcome and voted amount (a rejection, or a struck article,
    // frees its application for another deliberation), and writes every
    // change.
    virtual Result<Deliberation> recordVote(std::int64_t deliberationId, const VoteRecord& vote,
                                            const std::vector<TransitionChange>& changes) = 0;

    // Editing a draft, each in one transaction that first locks the
    // deliberation's row (a deliberation no longer a draft -> Conflict, so
    // of an edit and a concurrent vote or withdrawal exactly one wins) and
    // writes `change` as WorkflowStore::commit would (stale -> Conflict).
    // addItem appends the grant (already live in a deliberation -> Conflict);
    // removeItem takes it out (not in it -> NotFound; the last one ->
    // Conflict: withdraw the deliberation instead). With `retitle`, the
    // draft's title becomes retitle->title, provided the draft still holds
    // exactly retitle->basedOn before the edit (the grants the new title
    // was worked out from); otherwise Conflict and nothing is written.
    virtual Result<Deliberation> addItem(std::int64_t deliberationId, const DeliberationItem& item,
                                         const TransitionChange& change,
                                         const std::optional<DraftRetitle>& retitle) = 0;
    virtual Result<Deliberation> removeItem(std::int64_t deliberationId, std::int64_t applicationId,
                                            const TransitionChange& change,
                                            const std::optional<DraftRetitle>& retitle) = 0;
    // draft -> withdrawn: every grant leaves it (their `changes` written in
    // the same transaction, with the entry `deliberation_withdrawn` by the
    // first change's actor); the number stays taken. No change -> Invalid.
    virtual Result<Deliberation> withdraw(std::int64_t deliberationId,
                                          const std::vector<TransitionChange>& changes) = 0;

    // Records, once, the publication dates of an adopted deliberation, with
    // the audit entry `deliberation_published` by `by` at `at`; Conflict when
    // it is not adopted or was published already, NotFound.
    virtual Result<Deliberation> recordPublication(std::int64_t deliberationId,
                                                   const Publication& publication, const Actor& by,
                                                   Timestamp at) = 0;
};

}  // namespace grantflow::engine
