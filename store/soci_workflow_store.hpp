#pragma once
// The engine's storage port (engine::WorkflowStore) over SOCI, on SQLite or
// PostgreSQL. Every write is one transaction through Database::write:
//
// commit(change):
//   1. UPDATE applications SET state, version = version + 1 ...
//      WHERE id = :id AND version = :expected; 0 rows -> Conflict (or
//      NotFound when the id does not exist), nothing written;
//   2. the applicant's edits (title, requested amount), amounts, field
//      updates (merged into fields_json; an empty Var removes a field),
//      deadline (NULL when the change has none), report dates;
//   3. each budget movement as a conditional UPDATE of its envelope
//      (store/budget_ledger.hpp); a refused one -> BudgetExceeded and the
//      whole transaction rolls back;
//   4. the audit entry appended to the hash chain (store/audit_chain.hpp);
//   5. one budget_ledger row per movement, the outbox messages, and the
//      threadMessage (when not empty) as a message of the thread authored
//      by change.audit.actorId (0: the system), all carrying the audit seq.
//      An author that is no account -> Invalid, nothing written.
// Locks are taken in that order (application row, envelopes, audit head) by
// every writer, and the global audit head last, so it is held briefly.
//
// state_entered_at moves only when the state changes, so an edit can be
// written as a change from a state to itself.
//
// Reads of one application (row + attachments) run in one snapshot.
// Thread-safe: any number of threads may call it; each call leases its own
// session from the Database's pool.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/workflow_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class SociWorkflowStore final : public engine::WorkflowStore {
public:
    explicit SociWorkflowStore(Database& db) : db_(db) {}

    std::optional<engine::Application> findApplication(std::int64_t id) override;
    std::optional<engine::Organisation> findOrganisation(std::int64_t id) override;
    engine::BudgetUse budgetUse(const std::string& programme, int year) override;
    engine::Money lineUse(const std::string& programme, int year, const std::string& line) override;
    engine::Money lineHeldBy(std::int64_t applicationId, const std::string& programme, int year,
                             const std::string& line) override;
    engine::Money paidTo(std::int64_t applicationId) override;
    std::vector<engine::AuditEntry> history(std::int64_t applicationId) override;
    std::vector<engine::Application> applicationsInStates(
        const std::string& programme, int year, const std::vector<std::string>& states) override;
    int countOverdueReports(std::int64_t organizationId, std::int64_t excluding,
                            engine::Timestamp now) override;
    std::vector<engine::Application> applicationsPastDeadline(
        engine::Timestamp now, int limit,
        std::optional<engine::DeadlineCursor> after = std::nullopt) override;
    engine::Result<engine::Application> insertApplication(const engine::Application& draft,
                                                          engine::AuditEntry created) override;
    engine::Result<engine::CommitOutcome> commit(const engine::TransitionChange& change) override;
    std::vector<engine::ProposedAmount> proposedAmounts(std::int64_t applicationId) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
