#pragma once
// The engine wired to a real SociWorkflowStore on SQLite or PostgreSQL, with
// the test programmes of tests/data/workflows-engine, one organisation (and a
// second one), an applicant for each, two reviewers and a clerk. The clock is
// manual and starts on 2 March 2026.

#include <memory>

#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {

class WorkflowTest : public BackendTest {
protected:
    void SetUp() override;
    store::DatabaseOptions options() const override;

    // A draft of `programme` by the first organisation's applicant, with
    // valid fields, and a statutes attachment unless told otherwise.
    engine::Application draft(engine::Money amount, const std::string& programme = "GRANTS",
                              bool withStatutes = true);
    void attach(std::int64_t applicationId, const std::string& kind);
    // Fires and expects success; returns the application after it.
    engine::Application fireOk(const engine::Application& app, const std::string& transition,
                               const engine::Actor& actor, const std::string& comment = "");
    engine::Application reload(std::int64_t id);
    void setEnvelope(const std::string& programme, engine::Money amount);

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{*engine::parseTimestamp("2026-03-02T09:00:00Z")};
    std::unique_ptr<store::SociWorkflowStore> store_;
    std::unique_ptr<engine::WorkflowEngine> engine_;
    engine::Actor applicant_, otherApplicant_, reviewer1_, reviewer2_, outsider_, clerk_;
};

}  // namespace grantflow::testing
