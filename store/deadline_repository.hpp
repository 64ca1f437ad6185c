#pragma once
// engine::DeadlineStore over SOCI: windows of applications by deadline or
// report due date (read with the application rows of store/application_rows),
// the drafts of a call, and the deadline_reminders table whose primary key
// (application, kind, due instant, offset) makes each reminder happen once:
// recordReminder inserts the key with ON CONFLICT DO NOTHING, and only when
// that inserted a row queues the outbox messages and appends the audit
// entry, in the same transaction. On PostgreSQL a second process inserting
// the same key waits for the first to commit, then inserts nothing.
// Thread-safe: each call leases its own session.

#include "engine/deadline_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class DeadlineRepository final : public engine::DeadlineStore {
public:
    explicit DeadlineRepository(Database& db) : db_(db) {}

    std::vector<engine::Application> deadlinesBetween(
        engine::Timestamp from, engine::Timestamp until, const engine::DeadlineScope& scope,
        int limit, std::optional<engine::DeadlineCursor> after) override;
    std::vector<engine::Application> reportsDueBetween(
        engine::Timestamp from, engine::Timestamp until, const engine::DeadlineScope& scope,
        int limit, std::optional<engine::DeadlineCursor> after) override;
    std::vector<engine::Application> applicationsOfCall(
        std::int64_t callId, const std::vector<std::string>& states,
        const engine::DeadlineScope& scope) override;
    bool recordReminder(const engine::ReminderKey& key,
                        const std::vector<engine::OutboxMessage>& messages,
                        engine::AuditEntry audit, engine::Timestamp at) override;

private:
    std::vector<engine::Application> window(const std::string& column, engine::Timestamp from,
                                            engine::Timestamp until,
                                            const engine::DeadlineScope& scope, int limit,
                                            std::optional<engine::DeadlineCursor> after,
                                            const std::string& extra);

    Database& db_;
};

}  // namespace grantflow::store
