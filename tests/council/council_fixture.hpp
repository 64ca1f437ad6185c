#pragma once
// The council domain on a real store (SQLite or PostgreSQL): the test
// programmes ALPHA and BETA of tests/council/data/workflows, an
// organisation, a reviewer and a clerk, envelopes for 2026, an open Council
// session, and a manual clock on 2 March 2026.

#include <memory>
#include <string>
#include <vector>

#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "services/council_service.hpp"
#include "store/council_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {

class CouncilTest : public BackendTest {
protected:
    void SetUp() override;
    store::DatabaseOptions options() const override;

    void setEnvelope(const std::string& programme, engine::Money amount);
    // A draft of `programme` approved by the reviewer (its amount reserved).
    engine::Application approved(engine::Money amount, const std::string& programme = "ALPHA",
                                 const std::string& title = "Accès à l'eau à Kati");
    engine::Application reload(std::int64_t id);
    engine::BudgetUse budget(const std::string& programme = "ALPHA");
    engine::Deliberation create(const std::vector<std::int64_t>& ids,
                                const std::string& programme = "ALPHA");
    int counter(const std::string& direction = "DGRI");

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{*engine::parseTimestamp("2026-03-02T09:00:00Z")};
    std::unique_ptr<store::SociWorkflowStore> store_;
    std::unique_ptr<engine::WorkflowEngine> engine_;
    std::unique_ptr<store::CouncilRepository> council_;
    std::unique_ptr<services::CouncilService> service_;
    engine::Actor applicant_, reviewer_, clerk_;
    std::int64_t organizationId_ = 0;
    engine::CouncilSession session_;
};

}  // namespace grantflow::testing
