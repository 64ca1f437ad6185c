// WorkflowEngine::sweepDeadlines on the real store, SQLite and PostgreSQL:
// applications whose deadline transition is refused must not starve the
// ones behind them. The programme here is made for it: a draft expires one
// day after its creation, but `expire` needs the field `ready`, so drafts
// without it stay past their deadline for good.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/definition_loader.hpp"
#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {
namespace {

using namespace engine;
using namespace std::chrono_literals;

constexpr const char* kSweepProgramme = R"({
  "programme": "SWEEP", "title": "Deadline sweep", "version": 1, "direction": "DGRI",
  "fields": [{"name": "ready", "type": "text", "label": "Ready to expire"}],
  "states": [
    {"name": "draft", "initial": true, "deadline": {"within": "P1D", "then": "expire"}},
    {"name": "expired", "final": true}
  ],
  "transitions": [
    {"name": "expire", "from": "draft", "to": "expired", "roles": ["system"],
     "guards": [{"name": "field_present", "params": {"field": "ready"}}]}
  ]
})";

class EngineDeadlineSweep : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        registerBuiltinSteps(registry_);
        catalog_.add(std::make_shared<const WorkflowDefinition>(
            parseDefinition(kSweepProgramme, "sweep.json", registry_)));
        store_ = std::make_unique<store::SociWorkflowStore>(db());
        engine_ = std::make_unique<WorkflowEngine>(catalog_, *store_, clock_, logSink());
        store::ProgrammeRepository(db()).upsert({"SWEEP", "Deadline sweep", "DGRI"});

        Organisation o;
        o.name = "Association Gamma";
        o.city = "Paris";
        o.country = "FR";
        auto org = store::OrganisationRepository(db()).create(o);
        ASSERT_TRUE(org.ok()) << org.error().message;
        auto user = store::UserRepository(db()).create({"gamma@example.org",
                                                        "Gamma",
                                                        "argon2-hash-not-checked-here",
                                                        Role::Applicant,
                                                        org.value().id,
                                                        {}},
                                                       clock_.now());
        ASSERT_TRUE(user.ok()) << user.error().message;
        applicant_ = user.value().actor();
    }

    // A draft whose deadline transition is refused (no `ready`), or allowed.
    std::int64_t draft(bool ready) {
        FieldValues fields;
        if (ready) fields["ready"] = std::string("yes");
        auto r = engine_->createDraft(
            applicant_, {"SWEEP", *applicant_.organizationId, ready ? "Movable" : "Stuck",
                         Money::fromEuros(1000), fields});
        if (!r) throw std::runtime_error("test draft: " + r.error().message);
        return r.value().id;
    }

    std::string stateOf(std::int64_t id) { return store_->findApplication(id)->state; }

    // The lines the sweep logged (the database may log too, e.g. settings).
    std::vector<std::string> sweepLog() {
        std::vector<std::string> out;
        for (const auto& line : logSink().lines())
            if (line.find(" event=deadline_") != std::string::npos) out.push_back(line);
        return out;
    }

    Registry registry_;
    WorkflowCatalog catalog_;
    ManualClock clock_{*parseTimestamp("2026-03-02T09:00:00Z")};
    std::unique_ptr<store::SociWorkflowStore> store_;
    std::unique_ptr<WorkflowEngine> engine_;
    Actor applicant_;
};

TEST_P(EngineDeadlineSweep, RefusedTransitionsAheadOfABatchDoNotStarveTheOnesBehind) {
    const std::int64_t stuck1 = draft(false);
    clock_.advance(1h);
    const std::int64_t stuck2 = draft(false);
    clock_.advance(1h);
    const std::int64_t stuck3 = draft(false);
    clock_.advance(1h);
    const std::int64_t movable = draft(true);
    clock_.advance(std::chrono::days(2));

    EXPECT_EQ(engine_->sweepDeadlines(2), 1);
    EXPECT_EQ(stateOf(movable), "expired");
    // Each refusal is logged with the application and the guard, then a summary.
    const auto log = sweepLog();
    ASSERT_EQ(log.size(), 4u);
    const std::int64_t stuck[] = {stuck1, stuck2, stuck3};
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string& line = log[i];
        EXPECT_THAT(line, ::testing::StartsWith("ts="));
        EXPECT_THAT(line,
                    ::testing::HasSubstr(" level=warning event=deadline_transition_refused "));
        EXPECT_THAT(line, ::testing::HasSubstr("application=" +
                                               store_->findApplication(stuck[i])->reference));
        EXPECT_THAT(line, ::testing::HasSubstr("code=guard-failed"));
        EXPECT_THAT(line, ::testing::HasSubstr("first=\"field_present:"));
    }
    EXPECT_THAT(log[3], ::testing::EndsWith(
                            " level=warning event=deadline_sweep moved=1 refused=3 lost=0"));
    for (std::int64_t id : {stuck1, stuck2, stuck3}) EXPECT_EQ(stateOf(id), "draft") << id;
    EXPECT_EQ(store_->history(movable).back().action, "expire");
    EXPECT_EQ(store_->history(movable).back().actorRole, "system");

    // The stuck ones are tried again next time, and stay where they are.
    EXPECT_EQ(engine_->sweepDeadlines(2), 0);
    EXPECT_EQ(store_->applicationsPastDeadline(clock_.now(), 10).size(), 3u);
}

TEST_P(EngineDeadlineSweep, ApplicationsWithTheSameDeadlineArePagedByIdWithoutSkippingAny) {
    // All created at the same instant: one deadline, the id breaks the tie.
    std::vector<std::int64_t> movable;
    for (int i = 0; i < 7; ++i) {
        const bool ready = i % 3 == 2;  // stuck, stuck, movable, ...
        const std::int64_t id = draft(ready);
        if (ready) movable.push_back(id);
    }
    clock_.advance(std::chrono::days(1) + 1s);

    EXPECT_EQ(engine_->sweepDeadlines(1), static_cast<int>(movable.size()));
    for (std::int64_t id : movable) EXPECT_EQ(stateOf(id), "expired") << id;
    EXPECT_EQ(store_->applicationsPastDeadline(clock_.now(), 10).size(), 5u);
}

TEST_P(EngineDeadlineSweep, TheStoreResumesAfterTheCursorInDeadlineAndIdOrder) {
    const std::int64_t a = draft(false);
    const std::int64_t b = draft(false);  // same deadline as a, larger id
    clock_.advance(1h);
    const std::int64_t c = draft(false);
    clock_.advance(std::chrono::days(2));
    const Timestamp now = clock_.now();

    auto ids = [](const std::vector<Application>& apps) {
        std::vector<std::int64_t> out;
        for (const auto& app : apps) out.push_back(app.id);
        return out;
    };
    const auto all = store_->applicationsPastDeadline(now, 10);
    EXPECT_EQ(ids(all), (std::vector<std::int64_t>{a, b, c}));
    const auto afterA =
        store_->applicationsPastDeadline(now, 10, DeadlineCursor{*all[0].deadlineAt, a});
    EXPECT_EQ(ids(afterA), (std::vector<std::int64_t>{b, c}));
    const auto afterB =
        store_->applicationsPastDeadline(now, 1, DeadlineCursor{*all[1].deadlineAt, b});
    EXPECT_EQ(ids(afterB), (std::vector<std::int64_t>{c}));
    EXPECT_TRUE(
        store_->applicationsPastDeadline(now, 10, DeadlineCursor{*all[2].deadlineAt, c}).empty());
}

GRANTFLOW_INSTANTIATE_BACKENDS(EngineDeadlineSweep);

}  // namespace
}  // namespace grantflow::testing
