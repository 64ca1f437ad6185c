#include "tests/plugins/workflow_harness.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/plugins/step_fixture.hpp"

namespace grantflow::testing {

using namespace grantflow::engine;
using namespace std::chrono_literals;

WorkflowCatalog bundledCatalog() {
    return WorkflowCatalog::loadDirectory(std::string(GRANTFLOW_SOURCE_DIR) + "/workflows",
                                          bundledRegistry());
}

std::string describe(const Error& error) {
    std::string out = std::string(toString(error.code)) + ": " + error.message;
    for (const auto& r : error.reasons)
        out += "\n  [" + r.guard + "] " + r.field + ": " + r.message;
    return out;
}

WorkflowHarness::WorkflowHarness(WorkflowCatalog c)
    : catalog(std::move(c)), clock(day(2026, 3, 2) + 9h), engine(catalog, store, clock) {
    Organisation org;
    org.name = "Solidarité Paris Monde";
    org.rna = "W751234567";
    org.siret = "73282932000074";
    org.city = "Paris";
    org.country = "FR";
    org.activeInParisSince = day(2019, 9, 1);
    organisationId = store.addOrganisation(org);

    applicant = Actor{1, Role::Applicant, organisationId, {}};
    reviewer = Actor{2, Role::Reviewer, std::nullopt, catalog.programmes()};
    secondReviewer = Actor{3, Role::Reviewer, std::nullopt, catalog.programmes()};
    clerk = Actor{4, Role::Clerk, std::nullopt, {}};
}

std::int64_t WorkflowHarness::createDraft(const std::string& programme, Money amount,
                                          FieldValues fields) {
    NewApplication draft{programme, organisationId, "Project for " + programme, amount,
                         std::move(fields)};
    auto created = engine.createDraft(applicant, draft);
    if (!created) {
        ADD_FAILURE() << "draft refused: " << describe(created.error());
        return 0;
    }
    return created.value().id;
}

Result<FireOutcome> WorkflowHarness::fire(std::int64_t id, const std::string& transition,
                                          const Actor& actor, const std::string& comment) {
    auto app = store.findApplication(id);
    return engine.fire(id, transition, actor, app ? app->version : 0, comment);
}

std::string WorkflowHarness::step(std::int64_t id, const std::string& transition,
                                  const Actor& actor, const std::string& comment) {
    auto r = fire(id, transition, actor, comment);
    if (!r) ADD_FAILURE() << "`" << transition << "` refused: " << describe(r.error());
    return application(id).state;
}

Application WorkflowHarness::application(std::int64_t id) {
    auto app = store.findApplication(id);
    return app ? *app : Application{};
}

}  // namespace grantflow::testing
