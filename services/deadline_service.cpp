#include "services/deadline_service.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

#include "engine/civil_day.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

using engine::Application;
using engine::Timestamp;

namespace {

constexpr int kBatch = 100;

const engine::StateSpec* stateOf(const engine::WorkflowDefinition* def, const std::string& name) {
    return def ? def->state(name) : nullptr;
}

std::string labelOf(const engine::WorkflowDefinition& def, const std::string& transition) {
    const engine::Transition* t = def.transition(transition);
    return t && !t->label.empty() ? t->label : transition;
}

// The e-mail of a reminder, in French then in English like the other
// notifications (notify/mail_composer.cpp sends `body` as it is).
engine::OutboxMessage reminderMessage(const Application& app, const engine::WorkflowDefinition& def,
                                      const std::string& kind, Timestamp dueAt,
                                      const std::string& beforeText, const std::string& to,
                                      const std::string& then) {
    const std::string due = engine::formatTimestamp(dueAt);
    std::ostringstream body;
    body << "Bonjour,\n\nRappel : le dossier " << app.reference << " « " << app.title
         << " » (programme " << app.programme << ") arrive à échéance le " << due << " (UTC).\n";
    if (kind == "report")
        body << "Le compte rendu final de la subvention est attendu au plus tard à cette date.\n";
    else
        body << "Sans suite d'ici là, grantflow appliquera l'étape « " << labelOf(def, then)
             << " ».\n";
    body << "\n----------------------------------------\n\n";
    body << "Hello,\n\nReminder: application " << app.reference << " \"" << app.title
         << "\" (programme " << app.programme << ") falls due on " << due << " (UTC).\n";
    if (kind == "report")
        body << "The final report on the grant is due by then.\n";
    else
        body << "Unless it moves on by then, grantflow will apply the step \"" << labelOf(def, then)
             << "\".\n";

    Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
    payload.set("application_id", app.id);
    payload.set("reference", app.reference);
    payload.set("programme", app.programme);
    payload.set("title", app.title);
    payload.set("event", std::string("reminder"));
    payload.set("kind", kind);
    payload.set("due_at", due);
    payload.set("before", beforeText);
    payload.set("body", body.str());
    std::ostringstream json;
    payload.stringify(json);
    const std::string subject = "[" + app.reference + "] Rappel : échéance le " +
                                due.substr(0, 10) + " / Reminder: due on " + due.substr(0, 10);
    return {"email", "role:" + to, subject, json.str()};
}

engine::DeadlineScope scopeFor(const engine::Actor& actor) {
    ApplicationScope scope = Visibility::applicationScope(actor);
    return {scope.organizationId, scope.programmes};
}

}  // namespace

const char* toString(SchedulerAction::Kind kind) {
    switch (kind) {
        case SchedulerAction::Kind::Transition: return "transition";
        case SchedulerAction::Kind::Reminder: return "reminder";
        case SchedulerAction::Kind::Refused: return "refused";
    }
    return "?";
}

const char* toString(DeadlineItem::Kind kind) {
    switch (kind) {
        case DeadlineItem::Kind::Deadline: return "deadline";
        case DeadlineItem::Kind::CallClose: return "call_close";
        case DeadlineItem::Kind::Report: return "report";
    }
    return "?";
}

DeadlineService::DeadlineService(const engine::WorkflowCatalog& catalog,
                                 engine::WorkflowEngine& engine, engine::DeadlineStore& deadlines,
                                 engine::CallStore& calls, const engine::Clock& clock)
    : catalog_(catalog), engine_(engine), deadlines_(deadlines), calls_(calls), clock_(clock) {}

TickOutcome DeadlineService::tick() {
    TickOutcome out;
    out.at = clock_.now();
    engine_.sweepDeadlines(kBatch, [&](const Application& before, const std::string& transition,
                                       const Application& after) {
        out.actions.push_back({SchedulerAction::Kind::Transition, before.id, before.reference,
                               transition, before.state + " -> " + after.state});
        ++out.transitions;
    });
    closeDrafts(out.at, out);
    sendReminders(out.at, out);
    return out;
}

std::vector<DeadlineService::ClosingCall> DeadlineService::callsClosing(Timestamp from,
                                                                        Timestamp until) {
    std::vector<ClosingCall> out;
    for (const auto& call : calls_.list(std::nullopt)) {
        const Timestamp closesAt = engine::parisStartOf(call.closesOn + std::chrono::days{1});
        if (closesAt <= from || closesAt > until) continue;
        ClosingCall closing{call, closesAt, {}};
        for (const auto& def : catalog_.all()) {
            if (def->programme != call.programme) continue;
            const engine::StateSpec& initial = def->initialState();
            if (!initial.deadline || !initial.deadline->atCallClose) continue;
            if (std::find(closing.initialStates.begin(), closing.initialStates.end(),
                          initial.name) == closing.initialStates.end())
                closing.initialStates.push_back(initial.name);
        }
        if (!closing.initialStates.empty()) out.push_back(std::move(closing));
    }
    return out;
}

void DeadlineService::closeDrafts(Timestamp now, TickOutcome& out) {
    for (const auto& closing : callsClosing(Timestamp{}, now)) {
        for (const auto& app :
             deadlines_.applicationsOfCall(closing.call.id, closing.initialStates, {})) {
            const engine::WorkflowDefinition* def = engine_.definitionOf(app);
            const engine::StateSpec* state = stateOf(def, app.state);
            if (!state || !state->initial || !state->deadline || !state->deadline->atCallClose)
                continue;
            const std::string& then = state->deadline->then;
            auto fired = engine_.fire(app.id, then, engine::Actor::system(), app.version,
                                      "the call " + closing.call.title + " closed on " +
                                          engine::formatCivilDay(closing.call.closesOn));
            if (fired) {
                out.actions.push_back({SchedulerAction::Kind::Transition, app.id, app.reference,
                                       then, app.state + " -> " + fired.value().application.state});
                ++out.transitions;
            } else if (fired.error().code != engine::ErrorCode::Conflict) {
                // A Conflict is another scheduler (or the applicant) first.
                out.actions.push_back({SchedulerAction::Kind::Refused, app.id, app.reference, then,
                                       fired.error().message});
                ++out.refused;
            }
        }
    }
}

void DeadlineService::sendReminders(Timestamp now, TickOutcome& out) {
    std::chrono::seconds stateHorizon{0}, callHorizon{0}, reportHorizon{0};
    for (const auto& def : catalog_.all()) {
        for (const auto& s : def->states) {
            if (!s.deadline || !s.deadline->remind) continue;
            auto& horizon = s.deadline->atCallClose ? callHorizon : stateHorizon;
            horizon = std::max(horizon, s.deadline->remind->longest());
        }
        if (def->report.remind)
            reportHorizon = std::max(reportHorizon, def->report.remind->longest());
    }

    // Deadlines of states.
    if (stateHorizon.count() > 0) {
        std::optional<engine::DeadlineCursor> after;
        for (;;) {
            auto apps = deadlines_.deadlinesBetween(now, now + stateHorizon, {}, kBatch, after);
            for (const auto& app : apps) {
                const engine::WorkflowDefinition* def = engine_.definitionOf(app);
                const engine::StateSpec* state = stateOf(def, app.state);
                if (!state || !state->deadline || !state->deadline->remind || !app.deadlineAt)
                    continue;
                remind(app, "state:" + app.state, *app.deadlineAt, *state->deadline->remind,
                       state->deadline->then, now, out);
            }
            if (static_cast<int>(apps.size()) < kBatch) break;
            after = engine::DeadlineCursor{*apps.back().deadlineAt, apps.back().id};
        }
    }
    // The closing of calls, for their drafts.
    if (callHorizon.count() > 0) {
        for (const auto& closing : callsClosing(now, now + callHorizon)) {
            for (const auto& app :
                 deadlines_.applicationsOfCall(closing.call.id, closing.initialStates, {})) {
                const engine::StateSpec* state = stateOf(engine_.definitionOf(app), app.state);
                if (!state || !state->initial || !state->deadline ||
                    !state->deadline->atCallClose || !state->deadline->remind)
                    continue;
                remind(app, "state:" + app.state, closing.closesAt, *state->deadline->remind,
                       state->deadline->then, now, out);
            }
        }
    }
    // Final reports.
    if (reportHorizon.count() > 0) {
        std::optional<engine::DeadlineCursor> after;
        for (;;) {
            auto apps = deadlines_.reportsDueBetween(now, now + reportHorizon, {}, kBatch, after);
            for (const auto& app : apps) {
                const engine::WorkflowDefinition* def = engine_.definitionOf(app);
                if (!def || !def->report.remind || !app.reportDueAt) continue;
                remind(app, "report", *app.reportDueAt, *def->report.remind, "", now, out);
            }
            if (static_cast<int>(apps.size()) < kBatch) break;
            after = engine::DeadlineCursor{*apps.back().reportDueAt, apps.back().id};
        }
    }
}

void DeadlineService::remind(const Application& app, const std::string& kind,
                             const Timestamp& dueAt, const engine::Reminders& reminders,
                             const std::string& then, Timestamp now, TickOutcome& out) {
    // The offsets are longest first: the last one reached is the closest
    // to the deadline, the only one worth sending now.
    std::optional<std::size_t> reached;
    for (std::size_t i = 0; i < reminders.before.size(); ++i)
        if (dueAt - reminders.before[i] <= now) reached = i;
    if (!reached) return;
    const engine::WorkflowDefinition* def = engine_.definitionOf(app);
    if (!def) return;
    const std::string& beforeText = reminders.beforeText[*reached];

    engine::AuditEntry audit;
    audit.applicationId = app.id;
    audit.actorId = 0;
    audit.actorRole = engine::toString(engine::Role::System);
    audit.action = "reminder";
    audit.fromState = audit.toState = app.state;
    audit.at = now;
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("kind", kind);
    details.set("due_at", engine::formatTimestamp(dueAt));
    details.set("before", beforeText);
    details.set("to", reminders.to);
    std::ostringstream text;
    details.stringify(text);
    audit.details = text.str();

    engine::ReminderKey key{app.id, kind, dueAt, reminders.before[*reached]};
    auto message = reminderMessage(app, *def, kind, dueAt, beforeText, reminders.to, then);
    if (!deadlines_.recordReminder(key, {message}, audit, now)) return;
    out.actions.push_back({SchedulerAction::Kind::Reminder, app.id, app.reference, kind,
                           "due " + engine::formatTimestamp(dueAt) + ", " + beforeText +
                               " before, to " + reminders.to});
    ++out.reminders;
}

engine::Result<std::vector<DeadlineItem>> DeadlineService::upcoming(const engine::Actor& actor,
                                                                    const std::string& within) {
    auto window = engine::parseIsoDuration(within);
    if (!window || window->count() <= 0 || *window > kMaxWindow)
        return engine::makeError(
            engine::ErrorCode::Invalid, "`within` is not a usable window",
            {{"within", "must be an ISO 8601 duration from PT1S to P366D (e.g. P7D)", ""}});
    std::vector<DeadlineItem> items;
    if (Visibility::applicationScope(actor).nothing) return items;
    const engine::DeadlineScope scope = scopeFor(actor);
    const Timestamp now = clock_.now(), until = now + *window;
    const bool applicant = actor.role == engine::Role::Applicant;

    for (const auto& app : deadlines_.deadlinesBetween(now, until, scope, kMaxItems, {})) {
        const engine::StateSpec* state = stateOf(engine_.definitionOf(app), app.state);
        if (!state || !state->deadline || !app.deadlineAt) continue;
        // An applicant sees the deadlines that ask something of them.
        const bool theirs = state->editable ||
                            (state->deadline->remind && state->deadline->remind->to == "applicant");
        if (applicant && !theirs) continue;
        items.push_back(
            {DeadlineItem::Kind::Deadline, app, *app.deadlineAt, state->deadline->then});
    }
    for (const auto& app : deadlines_.reportsDueBetween(now, until, scope, kMaxItems, {}))
        if (app.reportDueAt)
            items.push_back({DeadlineItem::Kind::Report, app, *app.reportDueAt, ""});
    for (const auto& closing : callsClosing(now, until)) {
        for (const auto& app :
             deadlines_.applicationsOfCall(closing.call.id, closing.initialStates, scope)) {
            const engine::StateSpec* state = stateOf(engine_.definitionOf(app), app.state);
            if (!state || !state->initial || !state->deadline || !state->deadline->atCallClose)
                continue;
            items.push_back(
                {DeadlineItem::Kind::CallClose, app, closing.closesAt, state->deadline->then});
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const DeadlineItem& a, const DeadlineItem& b) {
        return a.dueAt != b.dueAt ? a.dueAt < b.dueAt : a.application.id < b.application.id;
    });
    if (items.size() > static_cast<std::size_t>(kMaxItems)) items.resize(kMaxItems);
    return items;
}

}  // namespace grantflow::services
