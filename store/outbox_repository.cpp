#include "store/outbox_repository.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

constexpr int kMaxClaim = 1000;

struct OptionalId {
    long long value = 0;
    soci::indicator ind = soci::i_null;
    explicit OptionalId(std::optional<std::int64_t> v)
        : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
};

std::optional<std::int64_t> optionalId(long long value, soci::indicator ind) {
    if (ind == soci::i_null) return std::nullopt;
    return value;
}

// The conditional update every report after a claim uses: it touches the
// row only while `workerId` holds it and it is neither sent nor abandoned.
// Returns the affected-row count.
long long updateClaimed(soci::session& sql, const std::string& set, long long id,
                        const std::string& workerId, std::vector<std::string> texts) {
    soci::statement st(sql);
    for (auto& t : texts) st.exchange(soci::use(t));
    st.exchange(soci::use(id));
    std::string worker = workerId;
    st.exchange(soci::use(worker));
    st.alloc();
    st.prepare("UPDATE outbox SET " + set +
               " WHERE id = :id AND claimed_by = :w AND sent_at IS NULL AND abandoned_at IS NULL");
    st.define_and_bind();
    st.execute(true);
    return st.get_affected_rows();
}

}  // namespace

std::int64_t insertOutboxRow(soci::session& sql, const engine::OutboxMessage& m,
                             engine::Timestamp at, std::optional<std::int64_t> applicationId,
                             std::optional<std::int64_t> auditSeq,
                             std::optional<std::int64_t> parentId) {
    std::string created = engine::formatTimestamp(at);
    std::string due = created;
    OptionalId app(applicationId), seq(auditSeq), parent(parentId);
    long long id = 0;
    sql << "INSERT INTO outbox (channel, recipient, subject, payload, created_at, attempts, "
           "next_attempt_at, application_id, audit_seq, parent_id) "
           "VALUES (:c, :r, :s, :p, :at, 0, :next, :app, :seq, :parent) RETURNING id",
        soci::use(m.channel), soci::use(m.recipient), soci::use(m.subject), soci::use(m.payload),
        soci::use(created), soci::use(due), soci::use(app.value, app.ind),
        soci::use(seq.value, seq.ind), soci::use(parent.value, parent.ind), soci::into(id);
    return id;
}

std::vector<OutboxRow> OutboxRepository::claim(const std::string& workerId, engine::Timestamp now,
                                               std::chrono::seconds lease, int limit) {
    const int batch = std::clamp(limit, 1, kMaxClaim);
    const std::string nowText = engine::formatTimestamp(now);
    const std::string until = engine::formatTimestamp(now + lease);
    const bool postgres = db_.backend() == Backend::Postgres;

    auto claimed = db_.write([&](soci::session& sql) -> engine::Result<std::vector<OutboxRow>> {
        std::vector<OutboxRow> rows;
        {
            OutboxRow row;
            long long id = 0, app = 0, parent = 0;
            soci::indicator appInd = soci::i_null, parentInd = soci::i_null;
            std::string dueBefore = nowText, leaseBefore = nowText;
            int max = batch;
            soci::statement st =
                (sql.prepare << "SELECT id, channel, recipient, subject, payload, attempts, "
                                "application_id, parent_id FROM outbox "
                                "WHERE sent_at IS NULL AND abandoned_at IS NULL "
                                "AND next_attempt_at <= :now "
                                "AND (claimed_until IS NULL OR claimed_until <= :now2) "
                                "ORDER BY next_attempt_at, id LIMIT :limit" +
                                    std::string(postgres ? " FOR UPDATE SKIP LOCKED" : ""),
                 soci::use(dueBefore), soci::use(leaseBefore), soci::use(max), soci::into(id),
                 soci::into(row.channel), soci::into(row.recipient), soci::into(row.subject),
                 soci::into(row.payload), soci::into(row.attempts), soci::into(app, appInd),
                 soci::into(parent, parentInd));
            st.execute();
            while (st.fetch()) {
                row.id = id;
                row.applicationId = optionalId(app, appInd);
                row.parentId = optionalId(parent, parentInd);
                rows.push_back(row);
            }
        }
        if (rows.empty()) return rows;

        std::vector<long long> ids;
        for (const auto& r : rows) ids.push_back(r.id);
        std::string worker = workerId, leaseUntil = until;
        soci::statement mark(sql);
        mark.exchange(soci::use(worker));
        mark.exchange(soci::use(leaseUntil));
        for (auto& id : ids) mark.exchange(soci::use(id));
        mark.alloc();
        mark.prepare("UPDATE outbox SET claimed_by = :w, claimed_until = :until WHERE id IN (" +
                     placeholders("i", ids.size()) + ")");
        mark.define_and_bind();
        mark.execute(true);
        return rows;
    });
    return std::move(claimed).value();
}

bool OutboxRepository::markSent(std::int64_t id, const std::string& workerId,
                                engine::Timestamp now) {
    auto done = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        return updateClaimed(sql, "sent_at = :at, claimed_until = NULL", id, workerId,
                             {engine::formatTimestamp(now)}) == 1;
    });
    return done.value();
}

void OutboxRepository::markFailed(std::int64_t id, const std::string& workerId,
                                  const std::string& error, engine::Timestamp nextAttemptAt) {
    auto done = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        return updateClaimed(sql,
                             "attempts = attempts + 1, last_error = :e, next_attempt_at = :next, "
                             "claimed_by = NULL, claimed_until = NULL",
                             id, workerId, {error, engine::formatTimestamp(nextAttemptAt)}) == 1;
    });
    (void)done.value();
}

bool OutboxRepository::abandon(std::int64_t id, const std::string& workerId,
                               const std::string& error, engine::Timestamp now) {
    auto done = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        return updateClaimed(sql,
                             "abandoned_at = :at, last_error = :e, claimed_by = NULL, "
                             "claimed_until = NULL",
                             id, workerId, {engine::formatTimestamp(now), error}) == 1;
    });
    return done.value();
}

bool OutboxRepository::expand(std::int64_t parentId, const std::string& workerId,
                              const std::vector<engine::OutboxMessage>& children,
                              engine::Timestamp now) {
    // An error result rolls the transaction back; it only carries "lost".
    auto done = db_.write([&](soci::session& sql) -> engine::Status {
        if (updateClaimed(sql, "sent_at = :at, claimed_until = NULL", parentId, workerId,
                          {engine::formatTimestamp(now)}) != 1)
            return engine::makeError(engine::ErrorCode::Conflict, "the row is not ours");
        long long parent = parentId, app = 0, seq = 0;
        soci::indicator appInd = soci::i_null, seqInd = soci::i_null;
        sql << "SELECT application_id, audit_seq FROM outbox WHERE id = :id", soci::use(parent),
            soci::into(app, appInd), soci::into(seq, seqInd);
        std::set<std::pair<std::string, std::string>> seen;
        for (const engine::OutboxMessage& child : children)
            if (seen.insert({child.channel, child.recipient}).second)
                insertOutboxRow(sql, child, now, optionalId(app, appInd), optionalId(seq, seqInd),
                                parentId);
        return engine::Unit{};
    });
    return done.ok();
}

std::vector<std::int64_t> OutboxRepository::enqueue(
    const std::vector<engine::OutboxMessage>& messages, engine::Timestamp now) {
    if (messages.empty()) return {};
    auto ids = db_.write([&](soci::session& sql) -> engine::Result<std::vector<std::int64_t>> {
        std::vector<std::int64_t> out;
        for (const auto& m : messages)
            out.push_back(insertOutboxRow(sql, m, now, std::nullopt, std::nullopt));
        return out;
    });
    return std::move(ids).value();
}

OutboxStats OutboxRepository::stats() {
    auto s = db_.session();
    OutboxStats out;
    long long pending = 0, sent = 0, failed = 0, retrying = 0, abandoned = 0;
    soci::indicator pendingInd, sentInd, failedInd, retryingInd, abandonedInd;
    // SUM over no rows is NULL, hence the indicators.
    *s << "SELECT "
          "SUM(CASE WHEN sent_at IS NULL AND abandoned_at IS NULL THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), "
          "SUM(attempts), "
          "SUM(CASE WHEN sent_at IS NULL AND abandoned_at IS NULL AND attempts > 0 "
          "THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN abandoned_at IS NOT NULL THEN 1 ELSE 0 END) FROM outbox",
        soci::into(pending, pendingInd), soci::into(sent, sentInd), soci::into(failed, failedInd),
        soci::into(retrying, retryingInd), soci::into(abandoned, abandonedInd);
    auto value = [](long long v, soci::indicator ind) { return ind == soci::i_ok ? v : 0; };
    out.pending = value(pending, pendingInd);
    out.sent = value(sent, sentInd);
    out.failedAttempts = value(failed, failedInd);
    out.retrying = value(retrying, retryingInd);
    out.abandoned = value(abandoned, abandonedInd);

    std::string oldest;
    soci::indicator oldestInd = soci::i_null;
    *s << "SELECT MIN(created_at) FROM outbox WHERE sent_at IS NULL AND abandoned_at IS NULL",
        soci::into(oldest, oldestInd);
    out.oldestPending = optionalTimestampFromDb(oldest, oldestInd, "outbox.created_at");
    return out;
}

}  // namespace grantflow::store
