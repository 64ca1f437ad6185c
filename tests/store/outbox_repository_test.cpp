#include "store/outbox_repository.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using std::chrono::seconds;

const engine::Timestamp kNow = at("2026-03-03T10:00:00Z");
const seconds kLease{60};

engine::OutboxMessage email(const std::string& to) {
    return {"email", to, "Votre dossier", R"({"reference":"WATER-2026-00001"})"};
}

class OutboxRepositoryTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 4;
        return o;
    }
    store::OutboxRepository outbox() { return store::OutboxRepository(db()); }

    std::vector<std::int64_t> enqueue(int n, engine::Timestamp when = kNow) {
        std::vector<engine::OutboxMessage> messages;
        for (int i = 0; i < n; ++i)
            messages.push_back(email("user" + std::to_string(i) + "@asso.org"));
        return outbox().enqueue(messages, when);
    }
};

TEST_P(OutboxRepositoryTest, ClaimReturnsDueRowsOldestFirstAndClaimsThem) {
    auto ids = enqueue(3);
    auto later = enqueue(1, kNow + seconds(30));
    auto rows = outbox().claim("w1", kNow, kLease, 10);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].id, ids[0]);
    EXPECT_EQ(rows[0].channel, "email");
    EXPECT_EQ(rows[0].recipient, "user0@asso.org");
    EXPECT_EQ(rows[0].subject, "Votre dossier");
    EXPECT_EQ(rows[0].payload, R"({"reference":"WATER-2026-00001"})");
    EXPECT_EQ(rows[0].attempts, 0);
    EXPECT_FALSE(rows[0].applicationId);
    EXPECT_EQ(
        countRows(db(), "outbox", "claimed_by = 'w1' AND claimed_until = '2026-03-03T10:01:00Z'"),
        3);
    // Claimed rows are not claimable again while the lease runs; the later
    // row becomes due at its time.
    EXPECT_TRUE(outbox().claim("w2", kNow + seconds(10), kLease, 10).empty());
    auto due = outbox().claim("w2", kNow + seconds(30), kLease, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].id, later[0]);
}

TEST_P(OutboxRepositoryTest, ClaimHonoursTheLimit) {
    enqueue(5);
    EXPECT_EQ(outbox().claim("w1", kNow, kLease, 2).size(), 2u);
    EXPECT_EQ(outbox().claim("w2", kNow, kLease, 0).size(), 1u);  // clamped to 1
    EXPECT_EQ(outbox().claim("w3", kNow, kLease, 100).size(), 2u);
}

TEST_P(OutboxRepositoryTest, AnExpiredLeaseMakesTheRowClaimableAndTheFirstWorkerLosesIt) {
    auto id = enqueue(1).front();
    ASSERT_EQ(outbox().claim("w1", kNow, kLease, 10).size(), 1u);
    EXPECT_TRUE(outbox().claim("w2", kNow + kLease - seconds(1), kLease, 10).empty());
    auto reclaimed = outbox().claim("w2", kNow + kLease, kLease, 10);
    ASSERT_EQ(reclaimed.size(), 1u);
    EXPECT_EQ(reclaimed[0].id, id);

    // w1 woke up after its lease: it lost the row.
    EXPECT_FALSE(outbox().markSent(id, "w1", kNow + kLease + seconds(1)));
    outbox().markFailed(id, "w1", "late", kNow + seconds(3600));  // no effect
    EXPECT_EQ(countRows(db(), "outbox", "attempts = 0 AND claimed_by = 'w2'"), 1);

    EXPECT_TRUE(outbox().markSent(id, "w2", kNow + kLease + seconds(2)));
    EXPECT_FALSE(outbox().markSent(id, "w2", kNow + kLease + seconds(3)));  // once
    EXPECT_EQ(countRows(db(), "outbox", "sent_at = '2026-03-03T10:01:02Z'"), 1);
    EXPECT_TRUE(outbox().claim("w3", kNow + seconds(86400), kLease, 10).empty());
}

TEST_P(OutboxRepositoryTest, AWorkerWhoseExpiredLeaseWasNotTakenMaySendStill) {
    auto id = enqueue(1).front();
    ASSERT_EQ(outbox().claim("w1", kNow, kLease, 10).size(), 1u);
    EXPECT_TRUE(outbox().markSent(id, "w1", kNow + kLease * 2));
}

TEST_P(OutboxRepositoryTest, AFailureCountsAnAttemptReleasesTheClaimAndDelaysTheRow) {
    auto id = enqueue(1).front();
    ASSERT_EQ(outbox().claim("w1", kNow, kLease, 10).size(), 1u);
    outbox().markFailed(id, "w1", "450 mailbox busy", kNow + seconds(300));
    EXPECT_EQ(countRows(db(), "outbox",
                        "attempts = 1 AND last_error = '450 mailbox busy' AND claimed_by IS NULL "
                        "AND next_attempt_at = '2026-03-03T10:05:00Z'"),
              1);
    EXPECT_TRUE(outbox().claim("w1", kNow + seconds(299), kLease, 10).empty());
    auto retry = outbox().claim("w2", kNow + seconds(300), kLease, 10);
    ASSERT_EQ(retry.size(), 1u);
    EXPECT_EQ(retry[0].attempts, 1);
    EXPECT_FALSE(outbox().markSent(id, "w1", kNow + seconds(301)));
    EXPECT_TRUE(outbox().markSent(id, "w2", kNow + seconds(301)));
}

TEST_P(OutboxRepositoryTest, ExpandReplacesTheParentWithOneRowPerAddressOnce) {
    auto parent = outbox()
                      .enqueue({{"email", "role:reviewers:WATER", "Nouveau dossier", "{}"}}, kNow)
                      .front();
    ASSERT_EQ(outbox().claim("w1", kNow, kLease, 10).size(), 1u);
    std::vector<engine::OutboxMessage> children{
        {"email", "ines@paris.fr", "Nouveau dossier", "{}"},
        {"email", "paul@paris.fr", "Nouveau dossier", "{}"},
        {"email", "ines@paris.fr", "Nouveau dossier", "{}"}};     // the same address twice
    EXPECT_FALSE(outbox().expand(parent, "w2", children, kNow));  // not w2's row
    EXPECT_TRUE(outbox().expand(parent, "w1", children, kNow + seconds(1)));
    EXPECT_FALSE(outbox().expand(parent, "w1", children, kNow + seconds(2)));  // already done

    EXPECT_EQ(
        countRows(db(), "outbox", "id = " + std::to_string(parent) + " AND sent_at IS NOT NULL"),
        1);
    auto rows = outbox().claim("w3", kNow + seconds(1), kLease, 10);
    ASSERT_EQ(rows.size(), 2u);
    std::set<std::string> recipients;
    for (const auto& r : rows) {
        recipients.insert(r.recipient);
        EXPECT_EQ(r.parentId, parent);
    }
    EXPECT_EQ(recipients, (std::set<std::string>{"ines@paris.fr", "paul@paris.fr"}));
}

TEST_P(OutboxRepositoryTest, AnAbandonedRowIsNeverClaimedAgain) {
    auto id = enqueue(1).front();
    ASSERT_EQ(outbox().claim("w1", kNow, kLease, 10).size(), 1u);
    EXPECT_FALSE(outbox().abandon(id, "w2", "550 no such user", kNow));
    EXPECT_TRUE(outbox().abandon(id, "w1", "550 no such user", kNow));
    EXPECT_TRUE(outbox().claim("w1", kNow + seconds(86400), kLease, 10).empty());
    EXPECT_FALSE(outbox().markSent(id, "w1", kNow));
    auto stats = outbox().stats();
    EXPECT_EQ(stats.abandoned, 1);
    EXPECT_EQ(stats.pending, 0);
}

TEST_P(OutboxRepositoryTest, StatsCountPendingSentAndFailedAttempts) {
    auto empty = outbox().stats();
    EXPECT_EQ(empty.pending, 0);
    EXPECT_EQ(empty.sent, 0);
    EXPECT_EQ(empty.failedAttempts, 0);
    EXPECT_FALSE(empty.oldestPending);

    auto ids = enqueue(3);
    enqueue(1, kNow + seconds(100));
    ASSERT_EQ(outbox().claim("w", kNow, kLease, 3).size(), 3u);
    ASSERT_TRUE(outbox().markSent(ids[0], "w", kNow));
    outbox().markFailed(ids[1], "w", "timeout", kNow);
    ASSERT_EQ(outbox().claim("w", kNow, kLease, 1).size(), 1u);
    outbox().markFailed(ids[1], "w", "timeout", kNow);

    auto stats = outbox().stats();
    EXPECT_EQ(stats.pending, 3);
    EXPECT_EQ(stats.sent, 1);
    EXPECT_EQ(stats.failedAttempts, 2);
    EXPECT_EQ(stats.retrying, 1);
    EXPECT_EQ(stats.abandoned, 0);
    EXPECT_EQ(stats.oldestPending, kNow);
}

// Workers in two "processes" (two Database objects), two threads each,
// claiming small batches at once: every row is claimed by exactly one.
TEST_P(OutboxRepositoryTest, ConcurrentWorkersNeverClaimTheSameRow) {
    constexpr int kRows = 160;
    auto all = enqueue(kRows);
    auto other = open(options());
    std::vector<store::Database*> processes{&db(), other.get()};

    std::mutex mutex;
    std::map<std::int64_t, std::string> owner;
    int duplicates = 0, lostSends = 0;
    std::atomic<int> ready{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
        workers.emplace_back([&, w] {
            store::OutboxRepository repo(*processes[std::size_t(w % 2)]);
            const std::string id = "worker-" + std::to_string(w);
            ++ready;
            while (ready.load() < 4) std::this_thread::yield();
            for (;;) {
                auto rows = repo.claim(id, kNow, kLease, 7);
                if (rows.empty()) break;
                for (const auto& r : rows) {
                    {
                        std::lock_guard<std::mutex> lock(mutex);
                        if (!owner.emplace(r.id, id).second) ++duplicates;
                    }
                    if (!repo.markSent(r.id, id, kNow)) {
                        std::lock_guard<std::mutex> lock(mutex);
                        ++lostSends;
                    }
                }
            }
        });
    }
    for (auto& t : workers) t.join();
    EXPECT_EQ(duplicates, 0);
    EXPECT_EQ(lostSends, 0);
    EXPECT_EQ(owner.size(), all.size());
    EXPECT_EQ(outbox().stats().sent, kRows);
    EXPECT_EQ(outbox().stats().pending, 0);
}

// A claimer does not wait for what another connection holds. PostgreSQL:
// rows locked by another transaction are skipped (FOR UPDATE SKIP LOCKED)
// and the others taken. SQLite: an open read transaction elsewhere does
// not block the claim's write transaction (WAL).
TEST_P(OutboxRepositoryTest, ClaimDoesNotWaitForRowsHeldByAnotherConnection) {
    auto ids = enqueue(3);
    auto holder = open(options());
    auto s = holder->session();
    long long held = ids[0];
    long long seen = 0;
    *s << "BEGIN";
    if (isPostgres())
        *s << "SELECT id FROM outbox WHERE id = :id FOR UPDATE", soci::use(held), soci::into(seen);
    else
        *s << "SELECT id FROM outbox WHERE id = :id", soci::use(held), soci::into(seen);
    ASSERT_EQ(seen, held);

    auto claimed =
        std::async(std::launch::async, [&] { return outbox().claim("w", kNow, kLease, 10); });
    bool finished = claimed.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    *s << "ROLLBACK";  // unblocks the claim if it was (wrongly) waiting
    ASSERT_TRUE(finished) << "claim waited for another connection";
    auto rows = claimed.get();
    if (isPostgres()) {
        ASSERT_EQ(rows.size(), 2u);
        for (const auto& r : rows) EXPECT_NE(r.id, held);
    } else {
        EXPECT_EQ(rows.size(), 3u);
    }
}

GRANTFLOW_INSTANTIATE_BACKENDS(OutboxRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
