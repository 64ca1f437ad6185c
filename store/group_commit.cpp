#include "store/group_commit.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "store/database.hpp"

namespace grantflow::store {

namespace {

// Set while this thread leads a batch: a write issued from inside one of
// the batch's callbacks must not wait for the batch that is running it.
thread_local bool tLeading = false;

class Leading {
public:
    Leading() { tLeading = true; }
    ~Leading() { tLeading = false; }
    Leading(const Leading&) = delete;
    Leading& operator=(const Leading&) = delete;
};

}  // namespace

void GroupCommit::run(const Work& work) {
    Request request;
    request.work = &work;
    if (tLeading) {
        runAlone(request);
    } else {
        std::unique_lock<std::mutex> lock(mutex_);
        waiting_.push_back(&request);
        if (leading_)
            request.wake.wait(lock, [&] { return request.done || request.leads; });
        else
            leading_ = request.leads = true;
        if (!request.done) {
            // Lead: take the writes waiting, in order of arrival (ours the
            // first: the lead goes to the oldest write waiting).
            std::size_t n = std::min(waiting_.size(), kMaxBatch);
            std::vector<Request*> batch(waiting_.begin(),
                                        waiting_.begin() + static_cast<std::ptrdiff_t>(n));
            waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n));
            lock.unlock();
            lead(batch);
            lock.lock();
            // Notified under the lock: a woken write cannot return, and
            // free its Request, before the lock is released.
            for (Request* r : batch) {
                r->done = true;
                if (r != &request) r->wake.notify_one();
            }
            if (waiting_.empty()) {
                leading_ = false;
            } else {
                waiting_.front()->leads = true;
                waiting_.front()->wake.notify_one();
            }
        }
    }
    if (request.error) std::rethrow_exception(request.error);
}

std::size_t GroupCommit::waiting() {
    std::lock_guard<std::mutex> lock(mutex_);
    return waiting_.size();
}

void GroupCommit::lead(std::vector<Request*>& batch) {
    Leading leading;
    if (batch.size() > 1) {
        switch (runTogether(batch)) {
            case Outcome::Committed: return;
            case Outcome::CommitFailed: return;  // each write has the failure (see failed())
            case Outcome::NotCommitted: break;
        }
    }
    for (Request* r : batch) runAlone(*r);
}

// One transaction per write, retried: what Database::write always did.
void GroupCommit::runAlone(Request& request) {
    for (int attempt = 1;; ++attempt) {
        request.error = nullptr;
        try {
            Database::WriteTransaction tx(db_);
            if ((*request.work)(tx.sql())) tx.commit();
            return;
        } catch (const soci::soci_error& e) {
            if (db_.shouldRetry(e, attempt)) continue;
            request.error = std::current_exception();
            return;
        } catch (...) {
            request.error = std::current_exception();
            return;
        }
    }
}

// Releases the savepoint of the write just run and sets the next one's. On
// PostgreSQL both go in one message (SOCI sends a statement without
// parameters with PQexec, which runs each statement of its text in turn):
// one round trip instead of two, per write of a batch. SQLite compiles only
// the first statement of a text, and its statements cost no round trip.
void GroupCommit::nextSavepoint(soci::session& sql) {
    if (db_.backend() == Backend::Postgres) {
        sql << "RELEASE SAVEPOINT grantflow_write; SAVEPOINT grantflow_write";
        return;
    }
    sql << "RELEASE SAVEPOINT grantflow_write";
    sql << "SAVEPOINT grantflow_write";
}

// The batch in one transaction, each write in its own savepoint.
// NotCommitted: the transaction failed before its COMMIT, so nothing of it is
// on disk and the caller runs each write again alone. CommitFailed: the
// COMMIT itself failed for good (an I/O error, the connection lost): whether
// it reached the disk is unknown, so running the writes again could apply
// them twice; each gets the failure, as a lone write would.
GroupCommit::Outcome GroupCommit::runTogether(std::vector<Request*>& batch) {
    for (int attempt = 1;; ++attempt) {
        bool committing = false;
        try {
            Database::WriteTransaction tx(db_);
            soci::session& sql = tx.sql();
            sql << "SAVEPOINT grantflow_write";
            for (std::size_t i = 0; i < batch.size(); ++i) {
                Request* r = batch[i];
                r->error = nullptr;
                bool keep = false;
                try {
                    keep = (*r->work)(sql);
                } catch (const soci::soci_error& e) {
                    // A transient failure (busy, deadlock) is the batch's:
                    // it is retried as a whole.
                    if (isTransient(e)) throw;
                    r->error = std::current_exception();
                } catch (...) {
                    r->error = std::current_exception();
                }
                // On PostgreSQL this also clears the failed-transaction
                // state a statement error leaves; on SQLite it fails (and so
                // fails the batch) if the error ended the whole transaction.
                if (!keep) sql << "ROLLBACK TO SAVEPOINT grantflow_write";
                // The COMMIT releases the last savepoint with the rest.
                if (i + 1 < batch.size()) nextSavepoint(sql);
            }
            committing = true;
            tx.commit();
            return Outcome::Committed;
        } catch (const soci::soci_error& e) {
            if (db_.shouldRetry(e, attempt)) continue;
            return failed(batch, committing, e);
        } catch (const std::exception& e) {
            return failed(batch, committing, e);
        } catch (...) {
            return failed(batch, committing, std::runtime_error("unknown failure"));
        }
    }
}

namespace {

// A copy of `failure` of the same type, as far as what reads it needs
// (Database::outageOf, the server's problem mapping). Every exception_ptr
// made from one exception points at that one object, and
// soci_error::what() builds its message inside the object on first use:
// writes of one batch rethrowing one failure in their own threads raced
// there (a double free under AddressSanitizer when the disk filled up).
std::exception_ptr copyOf(const std::exception& failure) {
    if (auto* e = dynamic_cast<const soci::postgresql_soci_error*>(&failure))
        return std::make_exception_ptr(*e);
    if (auto* e = dynamic_cast<const soci::sqlite3_soci_error*>(&failure))
        return std::make_exception_ptr(*e);
    if (auto* e = dynamic_cast<const soci::soci_error*>(&failure))
        return std::make_exception_ptr(*e);
    if (auto* e = dynamic_cast<const DatabaseUnreachable*>(&failure))
        return std::make_exception_ptr(*e);
    return std::make_exception_ptr(std::runtime_error(failure.what()));
}

}  // namespace

// The batch's transaction failed with `failure`.
// Before its COMMIT, the writes may run again alone, unless the database
// does not answer: then each would only find it down again, one after the
// other, so each gets the failure now. A failed COMMIT is every write's.
GroupCommit::Outcome GroupCommit::failed(std::vector<Request*>& batch, bool committing,
                                         const std::exception& failure) {
    const bool unavailable = db_.outageOf(failure) == engine::ErrorCode::Unavailable;
    if (!committing && !unavailable) return Outcome::NotCommitted;
    // Each write its own copy of the failure: see copyOf.
    for (Request* r : batch) r->error = copyOf(failure);
    return Outcome::CommitFailed;
}

}  // namespace grantflow::store
