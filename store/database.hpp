#pragma once
// A grantflow database: a pool of SOCI sessions on one SQLite file or one
// PostgreSQL database, and the transaction rules every repository follows.
//
//   Database db("sqlite3://db=var/grantflow.db timeout=10", log);
//   auto r = db.write([&](soci::session& sql) -> engine::Result<Foo> { ... });
//
// Rules (see docs/store.md):
// - Every pooled session is set up the same way when opened. SQLite: WAL,
//   synchronous=FULL, busy_timeout, foreign_keys=ON. PostgreSQL: notices
//   silenced; synchronous_commit is left as the server has it (on unless an
//   operator chose otherwise, which is logged as a warning).
// - Writes go through write(): a transaction that starts with
//   BEGIN IMMEDIATE on SQLite (the write lock is taken up front, so two
//   writers never deadlock trying to upgrade a read lock) and a plain
//   READ COMMITTED BEGIN on PostgreSQL. A write is kept only when the
//   callback returns an ok Result; an error Result or an exception rolls it
//   back. Concurrent writes of one process are group-committed
//   (store/group_commit.hpp): one transaction and one flush to disk for
//   several writes, each in its own savepoint, so one write's failure never
//   undoes another, and write() returns only once the COMMIT holding its
//   write succeeded. Within one process SQLite writers also queue on a
//   mutex, so they wait for each other in order instead of polling the busy
//   handler.
// - PostgreSQL connections are opened with a connect timeout (libpq's
//   connect_timeout, unless the connection string sets one) and, when
//   asked, a statement timeout. A pooled session whose connection was lost
//   (libpq saw it fail, or the server ended it: its socket became
//   readable while idle, then a ping fails) is reconnected when it is next
//   leased; when that fails, the lease throws DatabaseUnreachable at once
//   (no waiting for the database to come back), and the next lease tries
//   again. outageOf() tells the HTTP boundary which failures mean "the
//   database does not answer" (503) or "its disk is full" (507) rather
//   than a bug.
// - Transient failures (SQLITE_BUSY/LOCKED after the busy timeout, and
//   PostgreSQL serialization failures and deadlocks) are retried a few times
//   with back-off, each retry logged and counted; anything else propagates.
//   The callback may therefore run more than once: it must only touch the
//   database and its own locals.
// - Reads use a pooled session directly (session()), or read() for a
//   consistent snapshot over several statements.
// - Each pooled session keeps the statements the hot queries prepare
//   (store/statement_cache.hpp): Session::prepared<Q>(), or prepared<Q>(sql)
//   on a session leased by write() or read().
//
// Thread-safety: a Database may be used from any number of threads; each
// call leases its own session. Not fork-safe: a child process opens its own.

#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/database_status.hpp"
#include "engine/result.hpp"
#include "logging/log.hpp"
#include "store/audit_keyring.hpp"
#include "store/statement_cache.hpp"

namespace grantflow::store {

class GroupCommit;

enum class Backend { Sqlite, Postgres };

const char* toString(Backend b);

struct DatabaseOptions {
    std::size_t poolSize = 8;
    std::chrono::milliseconds busyTimeout{10000};  // SQLite: how long a writer waits for the lock
    int maxAttempts = 5;                           // for transient failures, see above
    bool applyMigrations = true;                   // bring the schema up to date on open
    // PostgreSQL: how long opening a connection may take (connect_timeout,
    // added to the connection string unless it has one), and how long one
    // statement may run (statement_timeout of every session once the
    // migrations are applied; zero: no limit).
    std::chrono::seconds connectTimeout{5};
    std::chrono::milliseconds statementTimeout{0};
    // The keys every audit entry written through this Database is signed
    // with (store/audit_chain.hpp); empty: unkeyed v1 entries, refused
    // once the trail is keyed.
    AuditKeyring auditKeys{};
};

// A pooled PostgreSQL session lost its connection and could not open a new
// one: the database does not answer (stopped, restarting, unreachable).
class DatabaseUnreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct DatabaseStats {
    std::uint64_t writeTransactions = 0;  // committed or rolled back
    std::uint64_t retries = 0;            // transient failures retried
    std::size_t sessionsInUse = 0;        // pooled sessions leased right now
    std::size_t writesWaiting = 0;        // writes queued for the next group commit
};

class Database final : public engine::DatabaseStatus {
public:
    // Opens `poolSize` sessions. Throws soci::soci_error when the database
    // cannot be opened and std::invalid_argument for an unknown backend.
    // Retries, reconnections and unexpected settings are written to `log`,
    // which must outlive the Database.
    Database(std::string connectionString, logging::LogSink& log, DatabaseOptions options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Backend backend() const { return backend_; }
    const std::string& connectionString() const { return connectionString_; }
    std::size_t poolSize() const { return options_.poolSize; }
    const AuditKeyring& auditKeys() const { return options_.auditKeys; }
    DatabaseStats stats() const;

    // engine::DatabaseStatus
    bool ping() noexcept override;
    std::string backendName() const override { return toString(backend_); }
    engine::DatabaseCounters counters() const override;
    // Unavailable for DatabaseUnreachable and for PostgreSQL errors of a
    // lost or refused connection (SQLSTATE class 08), a server shutting
    // down or starting (57P01-57P03), a statement timeout (57014) or too
    // many connections (53300); InsufficientStorage for a full disk
    // (SQLITE_FULL, PostgreSQL 53100).
    std::optional<engine::ErrorCode> outageOf(
        const std::exception& failure) const noexcept override;

    // A session leased from the pool for the lifetime of the returned
    // object (reconnected first if a PostgreSQL connection was lost, else
    // DatabaseUnreachable is thrown), with the statements kept on it.
    class Session {
    public:
        explicit Session(Database& db);
        soci::session& operator*() { return sql_; }
        soci::session* operator->() { return &sql_; }
        // The kept statement Q of this session (see store/statement_cache.hpp).
        template <class Q>
        Prepared<Q> prepared() {
            return Prepared<Q>(statements_, sql_);
        }

    private:
        // Holds the pool position while the session is leased.
        class Lease {
        public:
            explicit Lease(soci::connection_pool& pool) : pool_(pool), position_(pool.lease()) {}
            ~Lease() { pool_.give_back(position_); }
            Lease(const Lease&) = delete;
            Lease& operator=(const Lease&) = delete;
            std::size_t position() const { return position_; }

        private:
            soci::connection_pool& pool_;
            std::size_t position_;
        };
        // Counts the lease while it is held: declared after the lease, so
        // it starts once a session is obtained and ends before it goes back.
        class InUse {
        public:
            explicit InUse(std::atomic<std::size_t>& count) : count_(count) { ++count_; }
            ~InUse() { --count_; }
            InUse(const InUse&) = delete;
            InUse& operator=(const InUse&) = delete;

        private:
            std::atomic<std::size_t>& count_;
        };
        Lease lease_;
        soci::session& sql_;
        StatementCache& statements_;
        InUse inUse_;
    };
    Session session() { return Session(*this); }

    // The kept statement Q of `sql`, a session leased from this database's
    // pool (e.g. the one write() or read() passes to its callback). Throws
    // std::logic_error for any other session.
    template <class Q>
    Prepared<Q> prepared(soci::session& sql) {
        return Prepared<Q>(statementsOf(sql), sql);
    }

    // RAII for one write transaction on a pooled session; see the rules
    // above. Rolls back when destroyed uncommitted. Prefer write(), which
    // also retries.
    class WriteTransaction {
    public:
        explicit WriteTransaction(Database& db);
        ~WriteTransaction();
        WriteTransaction(const WriteTransaction&) = delete;
        WriteTransaction& operator=(const WriteTransaction&) = delete;

        soci::session& sql() { return *session_; }
        void commit();

    private:
        Database& db_;
        std::unique_lock<std::mutex> sqliteWriter_;
        Session session_;
        bool open_ = false;
    };

    // Runs fn(soci::session&) -> engine::Result<T> in a write transaction,
    // keeping its changes when the result is ok, and returns the result once
    // they are committed. Retries transient failures.
    template <class Fn>
    auto write(Fn&& fn) -> decltype(fn(std::declval<soci::session&>())) {
        using R = decltype(fn(std::declval<soci::session&>()));
        // Builds the result in place from fn's return value (no temporary
        // to move from and destroy).
        struct Call {
            Fn& fn;
            soci::session& sql;
            operator R() const { return fn(sql); }
        };
        std::optional<R> result;
        runWrite([&](soci::session& sql) {
            result.reset();  // a run before a retry
            result.emplace(Call{fn, sql});
            return result->ok();
        });
        return std::move(*result);
    }

    // Runs fn(soci::session&) in a read-only snapshot transaction (REPEATABLE
    // READ on PostgreSQL, a deferred transaction on SQLite) and returns what
    // it returns.
    template <class Fn>
    auto read(Fn&& fn) -> decltype(fn(std::declval<soci::session&>())) {
        Session s(*this);
        ReadScope scope(*s, backend_, log_);
        auto result = fn(*s);
        scope.finish();
        return result;
    }

private:
    friend class GroupCommit;

    // Hands one write to the group commit; see write().
    void runWrite(const std::function<bool(soci::session&)>& work);

    class ReadScope {
    public:
        ReadScope(soci::session& sql, Backend backend, logging::LogSink& log);
        ~ReadScope();
        void finish();

    private:
        soci::session& sql_;
        logging::LogSink& log_;
        bool open_ = true;
    };

    void setUpSession(soci::session& sql);
    void limitStatements(soci::session& sql);  // the statement timeout
    void ensureConnected(soci::session& sql, StatementCache& statements);
    StatementCache& statementsOf(soci::session& sql);
    // Logs and backs off when `e` is transient and attempts remain; false
    // when the caller must rethrow.
    bool shouldRetry(const soci::soci_error& e, int attempt);

    std::string connectionString_;
    std::string openString_;  // connectionString_ with the connect timeout
    logging::LogSink& log_;
    DatabaseOptions options_;
    Backend backend_;
    std::unique_ptr<soci::connection_pool> pool_;
    // One per pooled session, at the same position; each used only by the
    // thread leasing that session.
    std::vector<std::unique_ptr<StatementCache>> statements_;
    std::mutex sqliteWriterMutex_;
    std::atomic<std::uint64_t> writeTransactions_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::size_t> sessionsInUse_{0};
    std::unique_ptr<GroupCommit> groupCommit_;
};

// True for the failures write() retries: SQLITE_BUSY / SQLITE_LOCKED, and
// PostgreSQL SQLSTATE 40001 (serialization failure) and 40P01 (deadlock).
bool isTransient(const soci::soci_error& e);
// True when `e` is a unique-constraint violation (PostgreSQL 23505, SQLite
// SQLITE_CONSTRAINT on a UNIQUE index).
bool isUniqueViolation(const soci::soci_error& e);

}  // namespace grantflow::store
