#pragma once
// The workflow runtime. fire() moves one application through one transition:
//   1. find the application and its definition (the version it started with);
//   2. the transition must leave the current state, else Invalid;
//   3. the actor's role must be allowed (applicants only on their own
//      organisation's files, reviewers only on programmes assigned to them),
//      else Forbidden;
//   4. the caller's expected version must be current, else Conflict;
//   5. every guard runs; all their reasons are reported together (GuardFailed);
//   6. the actions build one TransitionChange, which the store commits
//      atomically (Conflict if another change won meanwhile).
// Thread-safe: holds no mutable state; many threads may fire at once.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/guard.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_store.hpp"
#include "logging/log.hpp"

namespace grantflow::engine {

struct NewApplication {
    std::string programme;
    std::int64_t organizationId = 0;
    std::string title;
    Money amountRequested;
    FieldValues fields;
};

// The call for applications a new draft answers and the budget year that
// call funds, for a programme run by calls (the caller checked that the
// call is open).
struct CallAnswer {
    std::int64_t callId = 0;
    int year = 0;
};

// An applicant's edit of an application in an editable state. Unset members
// stay as they are; `fields` are merged (an empty Var removes a field).
struct ApplicationEdit {
    std::optional<std::string> title;
    std::optional<Money> amountRequested;
    FieldValues fields;
};

// Called for every transition after the definition's actions, to add what the
// deployment wants on every state change (notifications, webhooks) to the
// same atomic change. Observers are registered at start-up, called from many
// threads, and must be stateless like actions.
class TransitionObserver {
public:
    virtual ~TransitionObserver() = default;
    virtual void onTransition(const StepContext& ctx, TransitionChange& change) const = 0;
};

struct FireOutcome {
    Application application;  // as it is after the transition
    std::int64_t auditSeq = 0;
};

class WorkflowEngine {
public:
    // `log` receives what the sweep refuses; it must outlive the engine.
    WorkflowEngine(const WorkflowCatalog& catalog, WorkflowStore& store, const Clock& clock,
                   logging::LogSink& log);

    // Creates a draft in the programme's initial state, under its latest
    // workflow version. Fields are checked for type and limits; required ones
    // may still be missing (they are checked when the draft is submitted).
    // The submission (WorkflowDefinition::isSubmission) of an application to
    // an all-year-round programme moves its budget year to the year of the
    // submission, before its guards and actions run.
    // Without `call`, the budget year is the current one until submission.
    Result<Application> createDraft(const Actor& actor, const NewApplication& draft,
                                    std::optional<CallAnswer> call = std::nullopt);

    Result<FireOutcome> fire(std::int64_t applicationId, const std::string& transition,
                             const Actor& actor, std::int64_t expectedVersion,
                             const std::string& comment = "");

    // Everything fire() does short of committing: the checks (with the
    // application's own version as the expected one), the guards and the
    // actions, on `application` as the caller read it. `seed` starts the
    // change: what it sets (a new granted amount, budget movements) is there
    // before the guards and actions run (the guards check the application
    // with the seeded granted amount and partner share). The caller commits the change, alone or
    // with others in one transaction (CouncilService through CouncilStore); a concurrent change
    // still loses as a Conflict at commit.
    // A change that keeps the state (and its deadline) and records an event
    // of the application's life that is not a transition of its programme
    // (a later payment): audited as `action` by `actor`, with `seed`'s
    // effects (budget movements, the payment). No guard runs: the caller
    // checked what the event needs.
    Result<TransitionChange> prepareRecord(const Application& application, const Actor& actor,
                                           const std::string& action, const std::string& comment,
                                           TransitionChange seed) const;
    Result<TransitionChange> prepare(const Application& application, const std::string& transition,
                                     const Actor& actor, const std::string& comment = "",
                                     TransitionChange seed = {}) const;

    // Edits the application where its state is editable, by its own
    // organisation's applicants: fields checked like a draft's (Invalid, one
    // reason per field), version checked (Conflict), audited as "edit".
    Result<Application> edit(std::int64_t applicationId, const Actor& actor,
                             std::int64_t expectedVersion, const ApplicationEdit& edit);

    // Not thread-safe: call at start-up, before serving.
    void addObserver(std::shared_ptr<const TransitionObserver> observer);

    // Transitions the actor may fire from the application's current state
    // (role and ownership only; guards are evaluated when firing).
    std::vector<const Transition*> available(const Application& application,
                                             const Actor& actor) const;

    // Called by sweepDeadlines for each application it moved: as it was,
    // the transition fired, and as it is now.
    using SweepListener = std::function<void(
        const Application& before, const std::string& transition, const Application& after)>;

    // Fires the `then` transition of every application past its deadline, as
    // the system actor, reading them `batch` at a time, oldest deadline first.
    // Each is tried once per sweep: one whose transition is refused (a guard
    // fails) is logged on the engine's sink and passed over, so it never
    // holds back the ones behind it. Returns how many moved (each also told
    // to `onMoved`). Safe to run in several processes at once: a race is
    // lost as a Conflict and skipped, so each move happens once.
    int sweepDeadlines(int batch = 100, const SweepListener& onMoved = {});

    const WorkflowDefinition* definitionOf(const Application& application) const;

private:
    Status authorise(const Application& app, const Transition& t, const Actor& actor) const;
    Result<TransitionChange> build(const Application& app, const std::string& name,
                                   const Actor& actor, std::int64_t expectedVersion,
                                   const std::string& comment, TransitionChange seed) const;

    std::vector<std::shared_ptr<const TransitionObserver>> observers_;
    const WorkflowCatalog& catalog_;
    WorkflowStore& store_;
    const Clock& clock_;
    logging::LogSink& log_;
};

}  // namespace grantflow::engine
