#pragma once
// engine::AssessmentStore over SOCI (the contract is the port's): the
// `assessments` table, one row per (application, reviewer), the scores as
// one JSON object (store/migrations.cpp says why). Also answers
// WorkflowReader::proposedAmounts for SociWorkflowStore.
// Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include "engine/assessment_store.hpp"
#include "engine/workflow_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class AssessmentRepository final : public engine::AssessmentStore {
public:
    explicit AssessmentRepository(Database& db) : db_(db) {}

    std::vector<engine::Assessment> ofApplication(std::int64_t applicationId) override;
    std::map<std::int64_t, std::vector<engine::Assessment>> ofApplications(
        const std::vector<std::int64_t>& applicationIds) override;
    engine::Result<engine::Assessment> save(const engine::Assessment& assessment,
                                            engine::AuditEntry audit) override;

private:
    Database& db_;
};

// For SociWorkflowStore: the proposals of an application's reviewers, most
// recently changed first.
std::vector<engine::ProposedAmount> selectProposedAmounts(soci::session& sql,
                                                          std::int64_t applicationId);

}  // namespace grantflow::store
