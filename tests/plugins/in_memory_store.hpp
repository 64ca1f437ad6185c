#pragma once
// InMemoryStore: a test double of engine::WorkflowStore that keeps
// everything in maps behind one mutex. It is not the product's store (that is
// store/, over SOCI, tested on SQLite and PostgreSQL); it exists so that the
// plugin tests can run guards and whole workflows without a database.
//
// It honours the port's contract where the tests depend on it: versions
// (a stale change is a Conflict), the envelope (a reservation that does not
// fit is BudgetExceeded, and nothing of the change is applied), budget
// sub-lines, the audit trail and the outbox. It does not chain audit hashes.
// Thread-safe (one mutex), though the tests use it from one thread.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "engine/workflow_store.hpp"

namespace grantflow::testing {

class InMemoryStore final : public engine::WorkflowStore {
  public:
    // --- engine::WorkflowStore
    std::optional<engine::Application> findApplication(std::int64_t id) override;
    std::optional<engine::Organisation> findOrganisation(std::int64_t id) override;
    engine::BudgetUse budgetUse(const std::string& programme, int year) override;
    engine::Money lineUse(const std::string& programme, int year, const std::string& line) override;
    std::vector<engine::AuditEntry> history(std::int64_t applicationId) override;
    std::vector<engine::Application> applicationsInStates(
        const std::string& programme, int year, const std::vector<std::string>& states) override;
    int countOverdueReports(std::int64_t organizationId, std::int64_t excluding,
                            engine::Timestamp now) override;
    std::vector<engine::Application> applicationsPastDeadline(engine::Timestamp now,
                                                              int limit) override;
    engine::Result<engine::Application> insertApplication(const engine::Application& draft,
                                                          engine::AuditEntry created) override;
    engine::Result<engine::CommitOutcome> commit(const engine::TransitionChange& change) override;

    // --- set-up for tests
    // Adds an organisation (id assigned when 0) and returns its id.
    std::int64_t addOrganisation(engine::Organisation organisation);
    // Stores an application as is (id assigned when 0, version 1 when 0):
    // for guard tests that need earlier applications without running them.
    std::int64_t putApplication(engine::Application application);
    void addAttachment(std::int64_t applicationId, const std::string& kind);
    void setEnvelope(const std::string& programme, int year, engine::Money envelope);
    // Books `amount` as reserved on a sub-line (and in the envelope's use).
    void reserveOnLine(const std::string& programme, int year, const std::string& line,
                       engine::Money amount);
    std::vector<engine::OutboxMessage> outbox() const;

  private:
    using BudgetKey = std::pair<std::string, int>;
    using LineKey = std::tuple<std::string, int, std::string>;

    engine::BudgetUse& budgetLocked(const std::string& programme, int year);

    mutable std::mutex mutex_;
    std::map<std::int64_t, engine::Application> applications_;
    std::map<std::int64_t, engine::Organisation> organisations_;
    std::map<BudgetKey, engine::BudgetUse> budgets_;
    std::map<LineKey, engine::Money> lines_;
    std::vector<engine::AuditEntry> audit_;
    std::vector<engine::OutboxMessage> outbox_;
    std::int64_t nextApplicationId_ = 1;
    std::int64_t nextOrganisationId_ = 1;
    std::int64_t nextAttachmentId_ = 1;
};

}  // namespace grantflow::testing
