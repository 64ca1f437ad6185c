#pragma once
// Group commit: concurrent Database::write() calls share one transaction and
// one flush to disk (SQLite fdatasync, PostgreSQL WAL flush).
//
// A caller hands its write to run() and blocks. The first caller to find no
// batch in progress becomes the leader: it takes every write waiting (at
// most kMaxBatch), runs them one after another on one pooled session inside
// one transaction (BEGIN IMMEDIATE on SQLite, BEGIN on PostgreSQL), each in
// its own SAVEPOINT, and commits once. Writes that arrive meanwhile wait for
// the next batch, whose leader is one of them: the leader, once its batch is
// committed, wakes the writes of that batch and hands the lead to the
// oldest write waiting, each on its own condition variable, so that no
// thread is woken only to find its batch not done and sleep again.
//
// Guarantees (see docs/store.md, "Group commit"):
// - A write whose callback returns an error Result or throws is rolled back
//   to its savepoint: it never undoes the other writes of its batch, and
//   they never undo it.
// - run() returns only after the COMMIT that holds the write succeeded, so a
//   caller that answers 2xx answers for data on disk. Errors and exceptions
//   are handed back after that COMMIT too (a refusal may have read the
//   batch's earlier writes, which must then be durable).
// - When the batch as a whole fails before its COMMIT (a transient failure
//   after its retries, a statement error that ended the whole transaction),
//   nothing of it was committed, and each of its writes runs again alone, in
//   its own transaction with the usual retries: one write's failure is never
//   another's. When the COMMIT itself fails for good (I/O error, connection
//   lost), every write of the batch gets that failure, as a lone write
//   would: none is answered as done. So does every write of a batch that
//   failed because the database does not answer (Database::outageOf says
//   Unavailable): running them again one by one would only meet the outage
//   once per write, each after its own connection attempt.
// - Writes run in the order they arrived, one at a time: the batch is the
//   same as running them serially, each seeing the ones before it.
// - A batch of one write runs exactly as a write always did (no savepoint).
//
// Callbacks may therefore run more than once, as Database::write already
// says. A write issued from inside a callback (a nested write) is run on its
// own transaction instead of waiting for the batch that runs it.
//
// Thread-safety: run() may be called from any number of threads.

#include <soci/soci.h>

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace grantflow::store {

class Database;

class GroupCommit {
public:
    // One write: runs its statements on `sql` and says whether to keep them
    // (true) or roll them back (false). May throw.
    using Work = std::function<bool(soci::session& sql)>;

    static constexpr std::size_t kMaxBatch = 64;

    explicit GroupCommit(Database& db) : db_(db) {}
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    // Runs `work` in a batch and returns once that batch is committed (or
    // the write was rolled back and its outcome is final). Rethrows what the
    // write threw, or the failure that ended its own transaction.
    void run(const Work& work);

    // Writes queued for the next batch right now.
    std::size_t waiting();

private:
    // Lives on its caller's stack until run() returns; its fields are
    // guarded by mutex_ except while the batch holding it runs.
    struct Request {
        const Work* work = nullptr;
        std::exception_ptr error;
        bool done = false;
        bool leads = false;  // handed the lead of the next batch
        std::condition_variable wake;
    };

    enum class Outcome { Committed, NotCommitted, CommitFailed };

    void lead(std::vector<Request*>& batch);
    Outcome runTogether(std::vector<Request*>& batch);
    void nextSavepoint(soci::session& sql);
    Outcome failed(std::vector<Request*>& batch, bool committing, const std::exception& failure);
    void runAlone(Request& request);

    Database& db_;
    std::mutex mutex_;
    std::vector<Request*> waiting_;
    bool leading_ = false;  // a batch runs, or its leader is handing over
};

}  // namespace grantflow::store
