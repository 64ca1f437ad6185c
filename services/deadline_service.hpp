#pragma once
// Deadlines that run: the scheduler and the dashboards' list of what falls
// due.
//
// tick() runs the scheduler once at the clock's now (`grantflow tick --now`
// with a fixed clock; every `grantflow serve` periodically with the real
// one), in this order:
//   1. the deadline sweep: each application past its state's `within`
//      deadline gets the state's `then` transition, as the system actor
//      (engine::WorkflowEngine::sweepDeadlines);
//   2. call closing: each application still in the initial state of a
//      programme whose initial state's deadline is `"at": "call_close"`,
//      answering a call that has closed (the end of its closing day in
//      Paris), gets that deadline's `then` transition;
//   3. reminders: for each deadline (1 and 2) and each final report whose
//      due instant is still ahead, the reminder of the shortest `before`
//      offset already reached is e-mailed (outbox, to the definition's
//      `to`) with an audit entry `reminder`, unless it was sent already.
//      Earlier offsets not sent by then are skipped: one reminder at a time,
//      the closest to the deadline. Reminders never change the application.
// Each transition happens once (versioned updates: a racing scheduler
// loses as a Conflict) and each reminder once (engine::DeadlineStore's key),
// whatever the number of processes. Services return what they did; the
// caller prints or logs it.
//
// upcoming() lists what falls due within a window for one caller, scoped by
// the visibility policy (services/visibility.hpp): applicants see their own
// organisation's final reports due, the deadlines of states where they have
// something to do (editable states, or deadlines that remind the
// applicant) and the closing of the calls their drafts answer; staff see
// every deadline of the programmes they may see.
//
// Thread-safe: no mutable state.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/call_store.hpp"
#include "engine/deadline_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"

namespace grantflow::services {

// One thing the scheduler did, or tried and was refused.
struct SchedulerAction {
    enum class Kind { Transition, Reminder, Refused };
    Kind kind = Kind::Transition;
    std::int64_t applicationId = 0;
    std::string reference;
    std::string name;    // the transition, or the reminder's kind ("state:draft", "report")
    std::string detail;  // "submitted -> escalated"; "due …, P7D before, to applicant"; the reason
};

struct TickOutcome {
    engine::Timestamp at{};
    std::vector<SchedulerAction> actions;  // in the order they happened
    int transitions = 0;
    int reminders = 0;
    int refused = 0;
};

// One coming deadline of one application.
struct DeadlineItem {
    enum class Kind { Deadline, CallClose, Report };
    Kind kind = Kind::Deadline;
    engine::Application application;
    engine::Timestamp dueAt{};
    std::string then;  // the transition fired at the deadline; empty for a report
};

const char* toString(SchedulerAction::Kind kind);
const char* toString(DeadlineItem::Kind kind);

class DeadlineService {
public:
    static constexpr int kMaxItems = 200;
    static constexpr std::chrono::days kMaxWindow{366};

    DeadlineService(const engine::WorkflowCatalog& catalog, engine::WorkflowEngine& engine,
                    engine::DeadlineStore& deadlines, engine::CallStore& calls,
                    const engine::Clock& clock);

    TickOutcome tick();

    // What falls due from now to now + `within` (an ISO 8601 duration, at
    // most kMaxWindow: Invalid, field "within", otherwise), soonest first,
    // at most kMaxItems.
    engine::Result<std::vector<DeadlineItem>> upcoming(const engine::Actor& actor,
                                                       const std::string& within);

private:
    struct ClosingCall {
        engine::Call call;
        engine::Timestamp closesAt;
        std::vector<std::string> initialStates;  // of the programme's versions closing drafts
    };

    std::vector<ClosingCall> callsClosing(engine::Timestamp from, engine::Timestamp until);
    void closeDrafts(engine::Timestamp now, TickOutcome& out);
    void sendReminders(engine::Timestamp now, TickOutcome& out);
    void remind(const engine::Application& app, const std::string& kind,
                const engine::Timestamp& dueAt, const engine::Reminders& reminders,
                const std::string& then, engine::Timestamp now, TickOutcome& out);

    const engine::WorkflowCatalog& catalog_;
    engine::WorkflowEngine& engine_;
    engine::DeadlineStore& deadlines_;
    engine::CallStore& calls_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
