#pragma once
// The storage port of the deadline scheduler (services/deadline_service.hpp):
// the applications whose deadlines or final reports fall due in a window,
// the drafts of a call, and the record of the reminders sent.
//
// A reminder is recorded once per (application, kind, due instant, offset):
// recordReminder inserts that key, the reminder's outbox messages and its
// audit entry in one transaction, and writes nothing when the key is there
// already (a unique constraint), so two schedulers running at once, in one
// process or several, send each reminder exactly once.
//
// Implementations are thread-safe; each call uses its own connection.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/time.hpp"
#include "engine/transition_change.hpp"
#include "engine/workflow_store.hpp"

namespace grantflow::engine {

// Narrows a window's applications to what one caller may see (empty
// members: no narrowing). The service fills it from the visibility policy.
struct DeadlineScope {
    std::optional<std::int64_t> organizationId;          // an applicant's organisation
    std::optional<std::vector<std::string>> programmes;  // a reviewer's programmes
};

// One reminder: which deadline of which application, and how long before it.
struct ReminderKey {
    std::int64_t applicationId = 0;
    std::string kind;  // "state:<state name>" or "report"
    Timestamp dueAt{};
    std::chrono::seconds before{0};
};

class DeadlineStore {
public:
    static constexpr int kMaxLimit = 1000;

    virtual ~DeadlineStore() = default;

    // Applications whose deadline in their current state is in (from, until],
    // by (deadline, id), at most `limit` (clamped to 1..kMaxLimit), after
    // `after` when given.
    virtual std::vector<Application> deadlinesBetween(Timestamp from, Timestamp until,
                                                      const DeadlineScope& scope, int limit,
                                                      std::optional<DeadlineCursor> after) = 0;
    // Applications whose final report is due in (from, until] and not
    // received, by (report_due_at, id), the same way.
    virtual std::vector<Application> reportsDueBetween(Timestamp from, Timestamp until,
                                                       const DeadlineScope& scope, int limit,
                                                       std::optional<DeadlineCursor> after) = 0;
    // The applications answering call `callId` whose state is one of `states`.
    virtual std::vector<Application> applicationsOfCall(std::int64_t callId,
                                                        const std::vector<std::string>& states,
                                                        const DeadlineScope& scope) = 0;

    // Records the reminder `key` and, in the same transaction, queues
    // `messages` (about the application) and appends `audit` to the trail.
    // False, with nothing written, when the reminder was recorded already.
    virtual bool recordReminder(const ReminderKey& key, const std::vector<OutboxMessage>& messages,
                                AuditEntry audit, Timestamp at) = 0;
};

}  // namespace grantflow::engine
