#include "engine/workflow_engine.hpp"

#include <stdexcept>

#include "engine/field_validation.hpp"
#include "engine/guard.hpp"
#include "engine/identifiers.hpp"
#include "engine/json_writer.hpp"

namespace grantflow::engine {

namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxComment = 4000;

// Facts about a transition worth keeping beside the audit entry: amounts
// decided and budget moved.
std::string auditDetails(const TransitionChange& change) {
    JsonWriter details;
    details.beginObject();
    if (change.amountGranted)
        details.integer("amount_granted_cents", change.amountGranted->cents());
    if (change.partnerShare) details.integer("partner_share_cents", change.partnerShare->cents());
    if (change.year) details.integer("year", *change.year);
    if (!change.budget.empty()) {
        details.beginArray("budget");
        for (const auto& m : change.budget) {
            details.beginObject()
                .text("kind", toString(m.kind))
                .integer("amount_cents", m.amount.cents());
            if (!m.line.empty()) details.text("line", m.line);
            details.endObject();
        }
        details.endArray();
    }
    if (change.deadlineAt) details.text("deadline_at", formatTimestamp(*change.deadlineAt));
    if (change.payment) {
        // The IBAN masked: the trail is read by auditors, who see no IBAN.
        details.beginObject("payment")
            .integer("amount_cents", change.payment->amount.cents())
            .text("paid_on", change.payment->paidOn)
            .text("reference", change.payment->reference)
            .text("iban", maskIban(change.payment->iban))
            .endObject();
    }
    details.endObject();
    return details.take();
}

// A deadline transition that fails is logged (one line each): a refused one
// leaves the application stuck past its deadline until someone acts on it.
void logRefusedDeadline(logging::LogSink& log, const Application& app,
                        const std::string& transition, const Error& error) {
    const std::string first =
        error.reasons.empty() ? error.message
                              : error.reasons.front().guard + ": " + error.reasons.front().message;
    log.write(logging::LogLine("warning", "deadline_transition_refused")
                  .add("application", app.reference)
                  .add("state", app.state)
                  .add("transition", transition)
                  .add("code", std::string(toString(error.code)))
                  .add("reasons", static_cast<long long>(error.reasons.size()))
                  .add("first", first));
}

std::optional<Timestamp> deadlineFor(const StateSpec& state, Timestamp enteredAt) {
    // A deadline at the call's closing is not stored: the call's days may
    // change, so the scheduler reads them when it runs.
    if (!state.deadline || state.deadline->atCallClose) return std::nullopt;
    return enteredAt + state.deadline->within;
}

}  // namespace

WorkflowEngine::WorkflowEngine(const WorkflowCatalog& catalog, WorkflowStore& store,
                               const Clock& clock, logging::LogSink& log)
    : catalog_(catalog), store_(store), clock_(clock), log_(log) {}

const WorkflowDefinition* WorkflowEngine::definitionOf(const Application& application) const {
    return catalog_.find(application.programme, application.workflowVersion);
}

Status WorkflowEngine::authorise(const Application& app, const Transition& t,
                                 const Actor& actor) const {
    if (!t.allows(actor.role))
        return makeError(ErrorCode::Forbidden, std::string("the ") + toString(actor.role) +
                                                   " role may not fire `" + t.name + "`");
    if (actor.role == Role::Applicant && actor.organizationId != app.organizationId)
        return makeError(ErrorCode::Forbidden, "this application belongs to another organisation");
    if (actor.role == Role::Reviewer && !actor.assignedTo(app.programme))
        return makeError(ErrorCode::Forbidden,
                         "you are not a reviewer of programme " + app.programme);
    return Unit{};
}

Result<Application> WorkflowEngine::createDraft(const Actor& actor, const NewApplication& draft,
                                                std::optional<CallAnswer> call) {
    const WorkflowDefinition* def = catalog_.latest(draft.programme);
    if (!def) return makeError(ErrorCode::NotFound, "unknown programme `" + draft.programme + "`");
    bool mayCreate =
        (actor.role == Role::Applicant && actor.organizationId == draft.organizationId) ||
        actor.role == Role::Admin;
    if (!mayCreate)
        return makeError(ErrorCode::Forbidden,
                         "only the organisation's own accounts may create its applications");

    std::vector<Reason> reasons = validateFields(*def, draft.fields, Completeness::AllowMissing);
    if (draft.title.empty()) reasons.push_back({"title", "is required", ""});
    if (draft.title.size() > kMaxTitle)
        reasons.push_back({"title", "must be at most 200 characters", ""});
    if (draft.amountRequested <= Money())
        reasons.push_back({"amount_requested_cents", "must be a positive number of cents", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the application has invalid values",
                         std::move(reasons));
    if (!store_.findOrganisation(draft.organizationId))
        return makeError(ErrorCode::NotFound, "unknown organisation");

    Timestamp now = clock_.now();
    Application app;
    app.programme = def->programme;
    app.workflowVersion = def->version;
    app.organizationId = draft.organizationId;
    app.title = draft.title;
    app.amountRequested = draft.amountRequested;
    app.fields = draft.fields;
    app.state = def->initialState().name;
    app.year = call ? call->year : yearOf(now);
    if (call) app.callId = call->callId;
    app.createdAt = now;
    app.stateEnteredAt = now;
    app.deadlineAt = deadlineFor(def->initialState(), now);

    AuditEntry created;
    created.actorId = actor.userId;
    created.actorRole = toString(actor.role);
    created.action = "create";
    created.toState = app.state;
    created.at = now;
    created.details = "{}";
    return store_.insertApplication(app, created);
}

void WorkflowEngine::addObserver(std::shared_ptr<const TransitionObserver> observer) {
    observers_.push_back(std::move(observer));
}

Result<Application> WorkflowEngine::edit(std::int64_t applicationId, const Actor& actor,
                                         std::int64_t expectedVersion,
                                         const ApplicationEdit& edit) {
    auto found = store_.findApplication(applicationId);
    if (!found) return makeError(ErrorCode::NotFound, "no such application");
    const Application& app = *found;
    if (actor.role != Role::Applicant || actor.organizationId != app.organizationId)
        return makeError(ErrorCode::Forbidden,
                         "only the organisation's own accounts may edit its applications");
    if (expectedVersion != app.version)
        return makeError(ErrorCode::Conflict, "the application changed since version " +
                                                  std::to_string(expectedVersion) +
                                                  "; it is now at version " +
                                                  std::to_string(app.version));
    const WorkflowDefinition* def = definitionOf(app);
    const StateSpec* state = def ? def->state(app.state) : nullptr;
    if (!state || !state->editable)
        return makeError(ErrorCode::Conflict,
                         "the application cannot be edited in state `" + app.state + "`");

    std::vector<Reason> reasons = validateFields(*def, edit.fields, Completeness::AllowMissing);
    if (edit.title && edit.title->empty()) reasons.push_back({"title", "is required", ""});
    if (edit.title && edit.title->size() > kMaxTitle)
        reasons.push_back({"title", "must be at most 200 characters", ""});
    if (edit.amountRequested && *edit.amountRequested <= Money())
        reasons.push_back({"amount_requested_cents", "must be a positive number of cents", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the application has invalid values",
                         std::move(reasons));

    Timestamp now = clock_.now();
    TransitionChange change;
    change.applicationId = app.id;
    change.expectedVersion = app.version;
    change.fromState = change.toState = app.state;
    change.at = now;
    change.deadlineAt = app.deadlineAt;
    change.title = edit.title;
    change.amountRequested = edit.amountRequested;
    change.fieldUpdates = edit.fields;
    change.audit.applicationId = app.id;
    change.audit.actorId = actor.userId;
    change.audit.actorRole = toString(actor.role);
    change.audit.action = "edit";
    change.audit.fromState = change.audit.toState = app.state;
    change.audit.at = now;
    JsonWriter details;
    details.beginObject().beginArray("changed");
    if (edit.title) details.text("title");
    if (edit.amountRequested) details.text("amount_requested_cents");
    for (const auto& [name, _] : edit.fields) details.text(name);
    details.endArray().endObject();
    change.audit.details = details.take();

    auto committed = store_.commit(change);
    if (!committed) return committed.error();
    auto after = store_.findApplication(app.id);
    if (!after) throw std::logic_error("application " + app.reference + " vanished after an edit");
    return std::move(*after);
}

std::vector<const Transition*> WorkflowEngine::available(const Application& application,
                                                         const Actor& actor) const {
    std::vector<const Transition*> out;
    const WorkflowDefinition* def = definitionOf(application);
    if (!def) return out;
    for (const auto& t : def->transitions)
        if (t.leaves(application.state) && authorise(application, t, actor).ok()) out.push_back(&t);
    return out;
}

Result<FireOutcome> WorkflowEngine::fire(std::int64_t applicationId, const std::string& name,
                                         const Actor& actor, std::int64_t expectedVersion,
                                         const std::string& comment) {
    auto found = store_.findApplication(applicationId);
    if (!found) return makeError(ErrorCode::NotFound, "no such application");
    auto change = build(*found, name, actor, expectedVersion, comment, {});
    if (!change) return change.error();
    auto committed = store_.commit(change.value());
    if (!committed) return committed.error();
    auto after = store_.findApplication(found->id);
    if (!after)
        throw std::logic_error("application " + found->reference + " vanished after a transition");
    return FireOutcome{std::move(*after), committed.value().auditSeq};
}

Result<TransitionChange> WorkflowEngine::prepare(const Application& application,
                                                 const std::string& name, const Actor& actor,
                                                 const std::string& comment,
                                                 TransitionChange seed) const {
    return build(application, name, actor, application.version, comment, std::move(seed));
}

Result<TransitionChange> WorkflowEngine::prepareRecord(const Application& app, const Actor& actor,
                                                       const std::string& action,
                                                       const std::string& comment,
                                                       TransitionChange seed) const {
    if (comment.size() > kMaxComment)
        return makeError(ErrorCode::Invalid, "comment too long",
                         {{"comment", "must be at most 4000 characters", ""}});
    const Timestamp now = clock_.now();
    TransitionChange change = std::move(seed);
    change.applicationId = app.id;
    change.expectedVersion = app.version;
    change.fromState = change.toState = app.state;
    change.at = now;
    change.deadlineAt = app.deadlineAt;
    AuditEntry& audit = change.audit;
    audit.applicationId = app.id;
    audit.actorId = actor.userId;
    audit.actorRole = toString(actor.role);
    audit.action = action;
    audit.fromState = audit.toState = app.state;
    audit.comment = comment;
    audit.at = now;
    audit.details = auditDetails(change);
    return change;
}

Result<TransitionChange> WorkflowEngine::build(const Application& app, const std::string& name,
                                               const Actor& actor, std::int64_t expectedVersion,
                                               const std::string& comment,
                                               TransitionChange seed) const {
    const WorkflowDefinition* def = definitionOf(app);
    if (!def)
        throw std::logic_error("application " + app.reference + " uses workflow " + app.programme +
                               " version " + std::to_string(app.workflowVersion) +
                               ", which is not loaded");

    const Transition* t = def->transition(name);
    if (!t)
        return makeError(ErrorCode::Invalid,
                         "programme " + app.programme + " has no transition `" + name + "`",
                         {{"name", "unknown transition", ""}});
    if (auto allowed = authorise(app, *t, actor); !allowed) return allowed.error();
    if (expectedVersion != app.version)
        return makeError(ErrorCode::Conflict, "the application changed since version " +
                                                  std::to_string(expectedVersion) +
                                                  "; it is now at version " +
                                                  std::to_string(app.version));
    if (!t->leaves(app.state))
        return makeError(ErrorCode::Invalid,
                         "`" + name + "` cannot be fired from state `" + app.state + "`",
                         {{"name", "not available in state " + app.state, ""}});
    if (comment.size() > kMaxComment)
        return makeError(ErrorCode::Invalid, "comment too long",
                         {{"comment", "must be at most 4000 characters", ""}});
    if (t->commentRequired && comment.find_first_not_of(" \t\r\n") == std::string::npos)
        return makeError(ErrorCode::Invalid, "`" + name + "` needs a reason",
                         {{"comment", "a reason is required for this step", ""}});

    auto org = store_.findOrganisation(app.organizationId);
    if (!org) throw std::logic_error("application " + app.reference + " has no organisation");
    Timestamp now = clock_.now();
    // An all-year-round application is funded from the year it is submitted
    // in, whenever its draft was started: guards and actions (the budget
    // checks) see that year.
    std::optional<int> submittedYear;
    if (def->intake == Intake::Continuous && def->isSubmission(*t, app.state) &&
        yearOf(now) != app.year)
        submittedYear = yearOf(now);
    // The application as the guards and actions see it: `app` itself, or a
    // copy when the submission's year or a decided amount differs.
    std::optional<Application> adjusted;
    if (submittedYear) {
        adjusted.emplace(app);
        adjusted->year = *submittedYear;
    }
    const StepContext deciding{
        adjusted ? *adjusted : app, *org, actor, *def, *t, comment, now, store_};
    // An amount decided before the guards (the Council amended it: seeded;
    // an approval grants the reviewer's proposal: `grant_proposed`) is what
    // the guards check: the programme's rules hold for the amount the
    // change will grant.
    for (const auto& a : t->actions) a.action->decide(deciding, seed);
    if (seed.amountGranted || seed.partnerShare) {
        if (!adjusted) adjusted.emplace(app);
        if (seed.amountGranted) adjusted->amountGranted = seed.amountGranted;
        if (seed.partnerShare) adjusted->partnerShare = *seed.partnerShare;
    }
    const StepContext ctx{adjusted ? *adjusted : app, *org, actor, *def, *t, comment, now, store_};

    std::vector<Reason> reasons;
    for (const auto& g : t->guards) {
        for (auto r : g.guard->check(ctx)) {
            if (r.guard.empty()) r.guard = g.name;
            reasons.push_back(std::move(r));
        }
    }
    if (!reasons.empty())
        return makeError(ErrorCode::GuardFailed, "`" + name + "` is not possible yet",
                         std::move(reasons));

    TransitionChange change = std::move(seed);
    change.applicationId = app.id;
    change.expectedVersion = app.version;
    change.fromState = app.state;
    change.toState = t->to;
    change.at = now;
    change.deadlineAt = deadlineFor(*def->state(t->to), now);
    if (submittedYear) change.year = submittedYear;
    for (const auto& a : t->actions) a.action->apply(ctx, change);
    for (const auto& o : observers_) o->onTransition(ctx, change);

    AuditEntry& audit = change.audit;
    audit.applicationId = app.id;
    audit.actorId = actor.userId;
    audit.actorRole = toString(actor.role);
    audit.action = name;
    audit.fromState = app.state;
    audit.toState = t->to;
    audit.comment = comment;
    audit.at = now;
    audit.details = auditDetails(change);
    return change;
}

int WorkflowEngine::sweepDeadlines(int batch, const SweepListener& onMoved) {
    if (batch <= 0) throw std::invalid_argument("sweepDeadlines: the batch must be positive");
    const Timestamp now = clock_.now();
    int moved = 0, refused = 0, lost = 0;
    // Keyset paging over (deadline, id): an application whose transition is
    // refused stays past its deadline, and without the cursor the same head
    // rows would fill every batch and starve the ones behind them. A moved
    // application leaves the scan (its new deadline, if any, is not before
    // `now`), so the loop ends.
    std::optional<DeadlineCursor> after;
    for (;;) {
        const auto page = store_.applicationsPastDeadline(now, batch, after);
        for (const auto& app : page) {
            const WorkflowDefinition* def = definitionOf(app);
            const StateSpec* state = def ? def->state(app.state) : nullptr;
            if (!state || !state->deadline) continue;
            auto r = fire(app.id, state->deadline->then, Actor::system(), app.version,
                          "deadline of " + state->deadline->durationText + " in state " +
                              app.state + " passed");
            if (r) {
                ++moved;
                if (onMoved) onMoved(app, state->deadline->then, r.value().application);
            } else if (r.error().code == ErrorCode::Conflict) {
                ++lost;  // another sweeper or a user moved it first: nothing to do
            } else {
                ++refused;
                logRefusedDeadline(log_, app, state->deadline->then, r.error());
            }
        }
        if (static_cast<int>(page.size()) < batch || !page.back().deadlineAt) break;
        after = DeadlineCursor{*page.back().deadlineAt, page.back().id};
    }
    if (refused > 0)
        log_.write(logging::LogLine("warning", "deadline_sweep")
                       .add("moved", static_cast<long long>(moved))
                       .add("refused", static_cast<long long>(refused))
                       .add("lost", static_cast<long long>(lost)));
    return moved;
}

}  // namespace grantflow::engine
