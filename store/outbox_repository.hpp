#pragma once
// The outbox seen from the background senders (e-mail, webhooks). Rows are
// written by the transaction that causes them (a transition, a message, an
// expansion below) and delivered afterwards, at least once.
//
// Several senders, in one or several processes, may run at once. A sender
// claims a batch, delivers it, then reports each row:
//
//   auto rows = outbox.claim(workerId, now, std::chrono::minutes(5), 20);
//   for (auto& r : rows)
//       if (deliver(r)) outbox.markSent(r.id, workerId, clock.now());
//       else outbox.markFailed(r.id, workerId, error, clock.now() + backoff(r.attempts));
//
// - claim() takes rows that are not sent, not abandoned, due
//   (next_attempt_at <= now) and unclaimed or whose lease has run out, and
//   marks them claimed_by = workerId until now + lease. On PostgreSQL the
//   rows are picked with SELECT ... FOR UPDATE SKIP LOCKED, so concurrent
//   claimers never wait for each other nor take the same row; on SQLite the
//   pick and the mark run in one write transaction (BEGIN IMMEDIATE), which
//   serialises claimers. Oldest due first.
// - A lease that runs out (a sender that crashed or hung) makes the row
//   claimable again: delivery is at least once, never "at most once". Pick a
//   lease well above the time a delivery can take.
// - markSent / markFailed / expand / abandon act only while the row is
//   still claimed by `workerId` (claimed_by) and not sent: a sender whose
//   row was re-claimed by another loses the row, and markSent tells it so.
//   workerId must therefore be unique per sender (e.g. host:pid:thread).
// - attempts counts failed deliveries (markFailed); the sender computes its
//   back-off from it.
//
// Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.hpp"
#include "engine/transition_change.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct OutboxRow {
    std::int64_t id = 0;
    std::string channel;
    std::string recipient;
    std::string subject;
    std::string payload;
    int attempts = 0;  // failed deliveries so far
    // The application the message is about, if any: the sender uses it for
    // links and logs.
    std::optional<std::int64_t> applicationId;
    std::optional<std::int64_t> parentId;  // the row this one was expanded from
};

struct OutboxStats {
    std::int64_t pending = 0;         // not sent and not abandoned
    std::int64_t sent = 0;            // delivered (an expanded parent counts as sent)
    std::int64_t failedAttempts = 0;  // failed deliveries over all rows (only grows)
    std::int64_t retrying = 0;        // pending rows that have failed at least once
    std::int64_t abandoned = 0;       // given up by a sender (abandon())
    std::optional<engine::Timestamp> oldestPending;  // created_at of the oldest pending row
};

class OutboxRepository {
public:
    explicit OutboxRepository(Database& db) : db_(db) {}

    // Claims up to `limit` (clamped to 1..1000) due rows for `workerId`.
    std::vector<OutboxRow> claim(const std::string& workerId, engine::Timestamp now,
                                 std::chrono::seconds lease, int limit);
    // Marks the row sent at `now`. False when the row is not (or no longer)
    // claimed by `workerId`, or already sent; nothing changes then.
    bool markSent(std::int64_t id, const std::string& workerId, engine::Timestamp now);
    // Records a failed delivery: attempts + 1, last_error, next attempt at
    // `nextAttemptAt`, claim released. Does nothing when the row is not
    // claimed by `workerId` (another sender owns it now).
    void markFailed(std::int64_t id, const std::string& workerId, const std::string& error,
                    engine::Timestamp nextAttemptAt);
    // In one transaction: inserts `children` as new rows (parent_id = the
    // parent, same application, due at `now`; a child repeating an earlier
    // child's channel and recipient is skipped) and marks the parent sent.
    // Used to turn a "role:reviewers" row into one row per address, so each
    // address gets exactly one message. False (nothing written) when the
    // parent is not claimed by `workerId` or already sent.
    bool expand(std::int64_t parentId, const std::string& workerId,
                const std::vector<engine::OutboxMessage>& children, engine::Timestamp now);
    // Gives up on a row that can never be delivered (e.g. the relay refused
    // the address for good): abandoned_at = now, last_error = error, claim
    // released; it is never claimed again. False when not claimed by
    // `workerId` or already sent.
    bool abandon(std::int64_t id, const std::string& workerId, const std::string& error,
                 engine::Timestamp now);

    // Rows outside any transition (e.g. an account e-mail), due at `now`,
    // in one transaction. Returns their ids in order.
    std::vector<std::int64_t> enqueue(const std::vector<engine::OutboxMessage>& messages,
                                      engine::Timestamp now);

    OutboxStats stats();

private:
    Database& db_;
};

// For other repositories, inside a transaction they hold: one outbox row,
// due at `at`. Returns its id.
std::int64_t insertOutboxRow(soci::session& sql, const engine::OutboxMessage& message,
                             engine::Timestamp at, std::optional<std::int64_t> applicationId,
                             std::optional<std::int64_t> auditSeq,
                             std::optional<std::int64_t> parentId = std::nullopt);

}  // namespace grantflow::store
