#include "store/deadline_repository.hpp"

#include <algorithm>

#include "store/application_rows.hpp"
#include "store/audit_chain.hpp"
#include "store/outbox_repository.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

// The scope's conditions ("AND …") with their parameters.
std::string scopeCondition(const engine::DeadlineScope& scope, std::vector<Param>& params) {
    std::string out;
    if (scope.organizationId) {
        out += "AND organization_id = :scope_org ";
        params.push_back(Param::num("scope_org", *scope.organizationId));
    }
    if (scope.programmes) {
        if (scope.programmes->empty()) return out + "AND 1 = 0 ";
        out += "AND programme IN (" + placeholders("scope_p", scope.programmes->size()) + ") ";
        for (std::size_t i = 0; i < scope.programmes->size(); ++i)
            params.push_back(Param::str("scope_p" + std::to_string(i), (*scope.programmes)[i]));
    }
    return out;
}

}  // namespace

std::vector<engine::Application> DeadlineRepository::window(
    const std::string& column, engine::Timestamp from, engine::Timestamp until,
    const engine::DeadlineScope& scope, int limit, std::optional<engine::DeadlineCursor> after,
    const std::string& extra) {
    limit = std::clamp(limit, 1, kMaxLimit);
    // Timestamps are fixed-width text, so text order is time order.
    std::vector<Param> params{Param::str("from", engine::formatTimestamp(from)),
                              Param::str("until", engine::formatTimestamp(until)),
                              Param::num("limit", limit)};
    std::string where = "WHERE " + column + " IS NOT NULL AND " + column + " > :from AND " +
                        column + " <= :until " + extra;
    where += scopeCondition(scope, params);
    if (after) {
        const std::string at = engine::formatTimestamp(after->deadlineAt);
        where +=
            "AND (" + column + " > :after_at OR (" + column + " = :after_at2 AND id > :after_id)) ";
        params.push_back(Param::str("after_at", at));
        params.push_back(Param::str("after_at2", at));
        params.push_back(Param::num("after_id", after->id));
    }
    auto s = db_.session();
    return selectApplications(*s, where + "ORDER BY " + column + ", id LIMIT :limit",
                              std::move(params));
}

std::vector<engine::Application> DeadlineRepository::deadlinesBetween(
    engine::Timestamp from, engine::Timestamp until, const engine::DeadlineScope& scope, int limit,
    std::optional<engine::DeadlineCursor> after) {
    return window("deadline_at", from, until, scope, limit, after, "");
}

std::vector<engine::Application> DeadlineRepository::reportsDueBetween(
    engine::Timestamp from, engine::Timestamp until, const engine::DeadlineScope& scope, int limit,
    std::optional<engine::DeadlineCursor> after) {
    return window("report_due_at", from, until, scope, limit, after,
                  "AND report_received_at IS NULL ");
}

std::vector<engine::Application> DeadlineRepository::applicationsOfCall(
    std::int64_t callId, const std::vector<std::string>& states,
    const engine::DeadlineScope& scope) {
    if (states.empty()) return {};
    std::vector<Param> params{Param::num("call", callId)};
    std::string where =
        "WHERE call_id = :call AND state IN (" + placeholders("s", states.size()) + ") ";
    for (std::size_t i = 0; i < states.size(); ++i)
        params.push_back(Param::str("s" + std::to_string(i), states[i]));
    where += scopeCondition(scope, params);
    auto s = db_.session();
    return selectApplications(*s, where + "ORDER BY id", std::move(params));
}

bool DeadlineRepository::recordReminder(const engine::ReminderKey& key,
                                        const std::vector<engine::OutboxMessage>& messages,
                                        engine::AuditEntry audit, engine::Timestamp at) {
    auto done = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        long long application = key.applicationId;
        long long before = key.before.count();
        std::string kind = key.kind, due = engine::formatTimestamp(key.dueAt),
                    sentAt = engine::formatTimestamp(at);
        soci::statement st =
            (sql.prepare << "INSERT INTO deadline_reminders (application_id, kind, due_at, "
                            "before_seconds, sent_at) VALUES (:a, :k, :d, :b, :s) "
                            "ON CONFLICT (application_id, kind, due_at, before_seconds) "
                            "DO NOTHING",
             soci::use(application), soci::use(kind), soci::use(due), soci::use(before),
             soci::use(sentAt));
        st.execute(true);
        if (st.get_affected_rows() != 1) return false;
        appendAudit(sql, db_, audit);
        for (const auto& m : messages) insertOutboxRow(sql, m, at, key.applicationId, audit.seq);
        return true;
    });
    return done.value();
}

}  // namespace grantflow::store
