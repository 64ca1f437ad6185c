#pragma once
// Runs applications through real workflow definitions with the real engine,
// over the in-memory store and a manual clock. One organisation, one
// applicant, two reviewers (for four eyes) and a clerk are set up; the
// reviewers are assigned to every programme of the catalog.

#include <cstdint>
#include <string>

#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "tests/plugins/in_memory_store.hpp"

namespace grantflow::testing {

// The four definitions of workflows/, loaded with the bundled plugins.
engine::WorkflowCatalog bundledCatalog();

// "GuardFailed: `approve` is not possible yet [four_eyes] : a second…".
std::string describe(const engine::Error& error);

class WorkflowHarness {
  public:
    explicit WorkflowHarness(engine::WorkflowCatalog catalog);

    // Creates a draft; fails the test (and returns id 0) when refused.
    std::int64_t createDraft(const std::string& programme, engine::Money amount,
                             engine::FieldValues fields);
    // Fires at the application's current version.
    engine::Result<engine::FireOutcome> fire(std::int64_t id, const std::string& transition,
                                             const engine::Actor& actor,
                                             const std::string& comment = "");
    // Fires and returns the application's state afterwards; a refusal fails
    // the test with its reasons (and the state is unchanged).
    std::string step(std::int64_t id, const std::string& transition, const engine::Actor& actor,
                     const std::string& comment = "");
    engine::Application application(std::int64_t id);

    engine::WorkflowCatalog catalog;
    InMemoryStore store;
    engine::ManualClock clock;
    engine::WorkflowEngine engine;
    std::int64_t organisationId = 0;
    engine::Actor applicant;
    engine::Actor reviewer;
    engine::Actor secondReviewer;
    engine::Actor clerk;
};

}  // namespace grantflow::testing
