#pragma once
// The storage port of the engine: what the workflow runtime needs to read
// (WorkflowReader) and the writes it makes (WorkflowStore). `store/`
// implements both over SOCI; the engine never sees SQL. Implementations must
// be safe to call from many threads, each call using its own connection from
// a pool.
//
// Guards and actions, the bundled ones and those of plugins, get only a
// WorkflowReader: they check and describe a change, the engine commits it.
// Header-only (pure virtual), as part of the plugin SDK.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/budget.hpp"
#include "engine/organisation.hpp"
#include "engine/result.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

struct CommitOutcome {
    std::int64_t newVersion = 0;
    std::int64_t auditSeq = 0;
};

// Where a scan of applications past their deadline resumes: strictly after
// this deadline and id, in the scan's order (deadline, then id).
struct DeadlineCursor {
    Timestamp deadlineAt;
    std::int64_t id = 0;
};

// A reviewer's proposed amount for an application (their assessment's
// `proposed_amount_cents`), read by the `grant_proposed` action.
struct ProposedAmount {
    std::int64_t reviewerId = 0;
    Money amount;
    Timestamp updatedAt{};
};

class WorkflowReader {
public:
    virtual ~WorkflowReader() = default;

    virtual std::optional<Application> findApplication(std::int64_t id) = 0;
    virtual std::optional<Organisation> findOrganisation(std::int64_t id) = 0;

    // Envelope and use for a programme and year; a zero envelope when none is set.
    virtual BudgetUse budgetUse(const std::string& programme, int year) = 0;
    // Net amount reserved + committed + paid on one sub-line of an envelope.
    virtual Money lineUse(const std::string& programme, int year, const std::string& line) = 0;
    // The part of lineUse() that one application holds: what a guard
    // subtracts when it checks a new amount for an application that already
    // holds money on the line (the Council amending a reserved grant).
    virtual Money lineHeldBy(std::int64_t applicationId, const std::string& programme, int year,
                             const std::string& line) = 0;
    // What the application's payments moved from committed to paid.
    virtual Money paidTo(std::int64_t applicationId) = 0;

    // The audit entries of one application, oldest first.
    virtual std::vector<AuditEntry> history(std::int64_t applicationId) = 0;

    // Applications of `programme` whose budget `year` matches and whose state is
    // one of `states` (used by rotation rules: who was funded last cycle).
    virtual std::vector<Application> applicationsInStates(
        const std::string& programme, int year, const std::vector<std::string>& states) = 0;

    // How many earlier grants of an organisation have a final report due
    // before `now` and not received, ignoring application `excluding`.
    virtual int countOverdueReports(std::int64_t organizationId, std::int64_t excluding,
                                    Timestamp now) = 0;

    // The amounts the reviewers of an application propose in their
    // assessments, most recently changed first; empty when none proposes.
    virtual std::vector<ProposedAmount> proposedAmounts(std::int64_t applicationId) = 0;

    // Applications whose deadline in their current state passed before `now`,
    // oldest deadline first (ties by id), at most `limit`; with `after`, only
    // those that come after it in that order (keyset paging). Implementations
    // repeat the default argument.
    virtual std::vector<Application> applicationsPastDeadline(
        Timestamp now, int limit, std::optional<DeadlineCursor> after = std::nullopt) = 0;
};

class WorkflowStore : public WorkflowReader {
public:
    // Inserts a new application (id, reference and version 1 assigned) with
    // its first audit entry, in one transaction.
    virtual Result<Application> insertApplication(const Application& draft, AuditEntry created) = 0;

    // Writes a transition atomically. Errors: Conflict when the version is
    // stale, BudgetExceeded when a reservation does not fit the envelope.
    virtual Result<CommitOutcome> commit(const TransitionChange& change) = 0;
};

}  // namespace grantflow::engine
