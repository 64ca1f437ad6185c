#pragma once
// Runs applications through the real workflow definitions with the real
// engine over the real store (store::SociWorkflowStore on a store::Database,
// SQLite or PostgreSQL) and a manual clock that starts on 2 March 2026,
// 09:00 UTC.
//
// The catalog holds the four programmes of workflows/ and the AIMF fund of
// tests/data/workflows/aimf.json, loaded once per process with the bundled
// plugins. Everything else is set up through the repositories, as the
// program does it: the programmes, two organisations, an applicant of each,
// two reviewers assigned to every programme (four eyes needs two), a
// reviewer assigned to none, a clerk and an administrator.
//
// One thread. The Database must outlive the harness.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "logging/memory_log_sink.hpp"
#include "store/database.hpp"
#include "store/outbox_repository.hpp"
#include "store/soci_workflow_store.hpp"

namespace grantflow::testing {

// The four definitions of workflows/, loaded with the bundled plugins.
engine::WorkflowCatalog bundledCatalog();
// tests/data/workflows/aimf.json: a fifth programme, built-in steps only.
std::string aimfFile();
// bundledCatalog() plus AIMF, loaded once per process.
const engine::WorkflowCatalog& testCatalog();

// "GuardFailed: `approve` is not possible yet\n  [four_eyes] : a second…".
std::string describe(const engine::Error& error);

class WorkflowHarness {
public:
    explicit WorkflowHarness(store::Database& database);

    // --- set-up through the repositories
    void setEnvelope(const std::string& programme, int year, engine::Money amount);
    void attach(std::int64_t applicationId, const std::string& kind);
    // One file of each kind the application's programme requires.
    void attachRequired(std::int64_t applicationId);
    // One file of each kind the application's programme declares.
    void attachAll(std::int64_t applicationId);
    // A new organisation (its row as stored) with an applicant account.
    engine::Actor addApplicant(const engine::Organisation& organisation, const std::string& email);
    // Stores an application as it stands (any state, any year) through the
    // store's port, with a `create` audit entry by the system: last cycle's
    // files, which the rotation rule reads. Returns its id.
    std::int64_t storeAsIs(engine::Application application);

    // --- the engine
    // Creates a draft; fails the test (and returns id 0) when refused.
    std::int64_t createDraft(const engine::Actor& by, const std::string& programme,
                             engine::Money amount, engine::FieldValues fields);
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
    const engine::WorkflowDefinition& definitionOf(std::int64_t id);

    // The shortest way from the application's state to `state`: breadth
    // first over its definition, transitions in file order, so the same
    // state is always reached the same way. Empty when it is there already;
    // nullopt when `state` cannot be reached.
    std::optional<std::vector<const engine::Transition*>> shortestPath(
        const engine::Application& application, const std::string& state) const;
    // Who fires `t` on an application of `owner`'s organisation: the first
    // role the definition allows — the owner for `applicant`, the second
    // reviewer where a four_eyes guard wants someone other than the first,
    // the system actor for `system`.
    engine::Actor actorFor(const engine::Transition& t, const engine::Actor& owner) const;
    // Fires one transition as actorFor() picks, with a reason where one is
    // required; false (and a test failure) when refused.
    bool fireAs(std::int64_t id, const engine::Transition& t, const engine::Actor& owner);
    // Fires the shortest path to `state`; false (and a test failure) when a
    // step is refused or the state cannot be reached. The guards run for
    // real: attach files and set envelopes first.
    bool driveTo(std::int64_t id, const std::string& state, const engine::Actor& owner);
    bool driveTo(std::int64_t id, const std::string& state);

    // The outbox rows due now, oldest first, claimed for a test worker (as a
    // sender would, so each row is returned once).
    std::vector<store::OutboxRow> claimOutbox();

    store::Database& db;
    const engine::WorkflowCatalog& catalog;
    engine::ManualClock clock;
    logging::MemoryLogSink log;  // what the engine logged (refused deadline transitions)
    store::SociWorkflowStore store;
    engine::WorkflowEngine engine;
    engine::Organisation organisation;
    engine::Organisation otherOrganisation;
    engine::Actor applicant;       // of `organisation`
    engine::Actor otherApplicant;  // of `otherOrganisation`
    engine::Actor reviewer;
    engine::Actor secondReviewer;
    engine::Actor outsider;  // a reviewer assigned to no programme
    engine::Actor clerk;
    engine::Actor finance;
    engine::Actor admin;
};

}  // namespace grantflow::testing
