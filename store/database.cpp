#include "store/database.hpp"

#include <poll.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <thread>

#include "store/group_commit.hpp"
#include "store/migrations.hpp"

namespace grantflow::store {

namespace {

constexpr int kSqliteBusy = 5;         // SQLITE_BUSY
constexpr int kSqliteLocked = 6;       // SQLITE_LOCKED
constexpr int kSqliteFull = 13;        // SQLITE_FULL
constexpr int kSqliteConstraint = 19;  // SQLITE_CONSTRAINT

Backend backendOf(const std::string& connectionString) {
    if (connectionString.rfind("sqlite3://", 0) == 0 || connectionString.rfind("sqlite3:", 0) == 0)
        return Backend::Sqlite;
    if (connectionString.rfind("postgresql://", 0) == 0 ||
        connectionString.rfind("postgresql:", 0) == 0)
        return Backend::Postgres;
    throw std::invalid_argument(
        "unsupported database connection string (expected sqlite3://db=... or "
        "postgresql://host=... dbname=...)");
}

// The message of a SOCI error on one line, for logs.
std::string oneLine(const soci::soci_error& e) {
    std::string s = e.get_error_message();
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

// The PostgreSQL connection string with libpq's connect_timeout, unless it
// sets one: without it, opening a connection to a host that does not answer
// waits as long as the operating system's TCP timeouts (minutes).
std::string withConnectTimeout(const std::string& connectionString, std::chrono::seconds timeout) {
    if (timeout.count() <= 0 || connectionString.find("connect_timeout=") != std::string::npos)
        return connectionString;
    return connectionString + " connect_timeout=" + std::to_string(timeout.count());
}

// SQLSTATEs of a database that does not answer: the connection refused or
// lost (class 08), the server shutting down, crashed or starting (57P01,
// 57P02, 57P03), a statement cancelled by statement_timeout (57014), no
// connection slot left (53300).
bool isUnavailableState(const std::string& state) {
    return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03" ||
           state == "57014" || state == "53300";
}

void logRollbackFailed(logging::LogSink& log, const soci::soci_error& e) {
    log.write(logging::LogLine("warning", "db_rollback_failed").add("error", oneLine(e)));
}

// Whether an idle pooled PostgreSQL connection shows no sign of having
// been lost, judged without a round trip: libpq has not seen it fail, and
// nothing has arrived on its socket since its last statement. An idle
// connection is sent nothing (grantflow does not LISTEN) unless the server
// ends it: a terminated backend or a shutdown writes a FATAL message and
// closes the stream, which makes the socket readable. Any such sign sends
// the lease to the full check, a ping.
bool idleConnectionLooksIntact(soci::session& sql) {
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    if (!backend || !backend->conn_ || PQstatus(backend->conn_) != CONNECTION_OK) return false;
    pollfd socket{PQsocket(backend->conn_), POLLIN, 0};
    return ::poll(&socket, 1, 0) == 0;
}

// Process-wide SQLite settings, which only take before SQLite initialises,
// hence before the first connection opens (called later, when another part
// of the process opened SQLite first, they are refused and the defaults
// stay, which costs speed only):
// - No memory statistics (SQLITE_CONFIG_MEMSTATUS): by default SQLite
//   counts every allocation of every connection under one global mutex,
//   for sqlite3_memory_used(), which grantflow never asks; under load,
//   sixteen threads taking turns on it cost a twentieth of the server's
//   CPU in lock hand-offs.
// - Sub-journals kept in memory up to 4 MiB (SQLITE_CONFIG_STMTJRNL_SPILL,
//   64 KiB by default): a group-committed batch runs each write in a
//   savepoint, whose sub-journal keeps the pages it changes; past the
//   threshold SQLite writes it to a temporary file, created, written and
//   deleted for each batch (a third of a create's time, measured). Only the
//   writer has one, so this bounds the memory to 4 MiB; a larger one (a
//   migration rewriting a table) still spills to disk.
constexpr int kSubJournalInMemory = 4 << 20;

void configureSqlite() {
    static const bool once = [] {
        sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite_api::sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kSubJournalInMemory);
        return true;
    }();
    (void)once;
}

}  // namespace

const char* toString(Backend b) {
    switch (b) {
        case Backend::Sqlite: return "sqlite";
        case Backend::Postgres: return "postgres";
    }
    return "unknown";
}

bool isTransient(const soci::soci_error& e) {
    if (auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        int primary = s->result() & 0xff;
        return primary == kSqliteBusy || primary == kSqliteLocked;
    }
    if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        std::string state = p->sqlstate();
        return state == "40001" || state == "40P01";
    }
    return false;
}

bool isUniqueViolation(const soci::soci_error& e) {
    if (auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e))
        return (s->result() & 0xff) == kSqliteConstraint &&
               e.get_error_message().find("UNIQUE constraint failed") != std::string::npos;
    if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e))
        return p->sqlstate() == "23505";
    return false;
}

Database::Database(std::string connectionString, logging::LogSink& log, DatabaseOptions options)
    : connectionString_(std::move(connectionString)),
      log_(log),
      options_(options),
      backend_(backendOf(connectionString_)) {
    openString_ = backend_ == Backend::Postgres
                      ? withConnectTimeout(connectionString_, options_.connectTimeout)
                      : connectionString_;
    if (options_.poolSize == 0)
        throw std::invalid_argument("database pool size must be at least 1");
    if (options_.maxAttempts < 1) options_.maxAttempts = 1;
    if (backend_ == Backend::Sqlite) configureSqlite();
    pool_ = std::make_unique<soci::connection_pool>(options_.poolSize);
    groupCommit_ = std::make_unique<GroupCommit>(*this);
    for (std::size_t i = 0; i < options_.poolSize; ++i) {
        statements_.push_back(std::make_unique<StatementCache>(backend_ == Backend::Sqlite));
        soci::session& sql = pool_->at(i);
        sql.open(openString_);
        setUpSession(sql);
    }
    if (backend_ == Backend::Postgres) {
        std::string syncCommit;
        pool_->at(0) << "SHOW synchronous_commit", soci::into(syncCommit);
        if (syncCommit != "on")
            log_.write(logging::LogLine("warning", "db_durability")
                           .add("synchronous_commit", syncCommit)
                           .add("detail", "a committed write may be lost if the server crashes"));
    }
    if (options_.applyMigrations) applyMigrations(*this);
    // After the migrations, which may rightly take longer than a request.
    for (std::size_t i = 0; i < options_.poolSize; ++i) limitStatements(pool_->at(i));
}

Database::~Database() {
    // The kept statements go before the sessions they were prepared on.
    statements_.clear();
}

void Database::runWrite(const std::function<bool(soci::session&)>& work) {
    groupCommit_->run(work);
}

bool Database::ping() noexcept {
    try {
        int one = 0;
        auto sql = session();
        *sql << "SELECT 1", soci::into(one);
        return one == 1;
    } catch (const std::exception&) {
        return false;
    }
}

engine::DatabaseCounters Database::counters() const {
    DatabaseStats s = stats();
    return {options_.poolSize, s.sessionsInUse, s.writeTransactions, s.retries};
}

std::optional<engine::ErrorCode> Database::outageOf(const std::exception& failure) const noexcept {
    if (dynamic_cast<const DatabaseUnreachable*>(&failure)) return engine::ErrorCode::Unavailable;
    if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&failure)) {
        const std::string state = p->sqlstate();
        if (state == "53100") return engine::ErrorCode::InsufficientStorage;  // disk_full
        if (isUnavailableState(state) ||
            p->get_error_category() == soci::soci_error::connection_error)
            return engine::ErrorCode::Unavailable;
    }
    if (auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&failure))
        if ((s->result() & 0xff) == kSqliteFull) return engine::ErrorCode::InsufficientStorage;
    return std::nullopt;
}

DatabaseStats Database::stats() const {
    return DatabaseStats{writeTransactions_.load(), retries_.load(), sessionsInUse_.load(),
                         groupCommit_->waiting()};
}

void Database::setUpSession(soci::session& sql) {
    if (backend_ == Backend::Sqlite) {
        // busy_timeout first: switching to WAL needs a lock another process may hold.
        sql << "PRAGMA busy_timeout = " + std::to_string(options_.busyTimeout.count());
        // journal_mode answers with the mode in force; anything but "wal"
        // (e.g. "memory" for an in-memory database) is not what we run on.
        std::string mode;
        sql << "PRAGMA journal_mode = WAL", soci::into(mode);
        if (mode != "wal")
            log_.write(logging::LogLine("warning", "db_journal_mode")
                           .add("mode", mode)
                           .add("detail", "WAL not available"));
        sql << "PRAGMA synchronous = FULL";
        sql << "PRAGMA foreign_keys = ON";
    } else {
        sql << "SET client_min_messages TO warning";
    }
}

void Database::limitStatements(soci::session& sql) {
    if (backend_ == Backend::Postgres && options_.statementTimeout.count() > 0)
        sql << "SET statement_timeout = " + std::to_string(options_.statementTimeout.count());
}

void Database::ensureConnected(soci::session& sql, StatementCache& statements) {
    if (backend_ != Backend::Postgres || idleConnectionLooksIntact(sql) || sql.is_connected())
        return;
    statements.clear();  // they belong to the lost connection
    try {
        sql.reconnect();
        setUpSession(sql);
        limitStatements(sql);
    } catch (const soci::soci_error& e) {
        // Closed, so that the next lease tries again rather than use a
        // connection that was not set up.
        sql.close();
        log_.write(logging::LogLine("warning", "db_unreachable")
                       .add("backend", "postgres")
                       .add("error", oneLine(e)));
        throw DatabaseUnreachable("the database does not answer: " + oneLine(e));
    }
    log_.write(logging::LogLine("warning", "db_reconnect").add("backend", "postgres"));
}

bool Database::shouldRetry(const soci::soci_error& e, int attempt) {
    if (!isTransient(e)) return false;
    if (attempt >= options_.maxAttempts) {
        log_.write(logging::LogLine("error", "db_retry_exhausted")
                       .add("attempts", static_cast<long long>(attempt))
                       .add("error", oneLine(e)));
        return false;
    }
    retries_.fetch_add(1);
    // Jittered exponential back-off: 5 ms, 10 ms, 20 ms... so that the
    // transactions that collided do not collide again in lockstep.
    thread_local std::minstd_rand jitter{std::random_device{}()};
    int base = 5 << std::min(attempt - 1, 6);
    auto delay = std::chrono::milliseconds(base + int(jitter() % unsigned(base)));
    log_.write(logging::LogLine("warning", "db_retry")
                   .add("attempt", static_cast<long long>(attempt))
                   .add("backoff_ms", static_cast<long long>(delay.count()))
                   .add("error", oneLine(e)));
    std::this_thread::sleep_for(delay);
    return true;
}

StatementCache& Database::statementsOf(soci::session& sql) {
    for (std::size_t i = 0; i < statements_.size(); ++i)
        if (&pool_->at(i) == &sql) return *statements_[i];
    throw std::logic_error("kept statements need a session leased from the database's pool");
}

Database::Session::Session(Database& db)
    : lease_(*db.pool_),
      sql_(db.pool_->at(lease_.position())),
      statements_(*db.statements_[lease_.position()]),
      inUse_(db.sessionsInUse_) {
    db.ensureConnected(sql_, statements_);
}

Database::WriteTransaction::WriteTransaction(Database& db)
    : db_(db),
      sqliteWriter_(db.backend_ == Backend::Sqlite
                        ? std::unique_lock<std::mutex>(db.sqliteWriterMutex_)
                        : std::unique_lock<std::mutex>()),
      session_(db) {
    // SOCI's own begin() issues a deferred BEGIN on SQLite, hence the
    // statement by hand.
    *session_ << (db_.backend_ == Backend::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    open_ = true;
}

Database::WriteTransaction::~WriteTransaction() {
    db_.writeTransactions_.fetch_add(1);
    if (!open_) return;
    try {
        *session_ << "ROLLBACK";
    } catch (const soci::soci_error& e) {
        // SQLite rolls back by itself after some errors (e.g. I/O), and a
        // lost PostgreSQL connection cannot roll back: either way nothing
        // was committed. Say so rather than hide it.
        logRollbackFailed(db_.log_, e);
    }
}

void Database::WriteTransaction::commit() {
    *session_ << "COMMIT";
    open_ = false;
}

Database::ReadScope::ReadScope(soci::session& sql, Backend backend, logging::LogSink& log)
    : sql_(sql), log_(log) {
    sql_ << (backend == Backend::Postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                          : "BEGIN");
}

Database::ReadScope::~ReadScope() {
    if (!open_) return;
    try {
        sql_ << "ROLLBACK";
    } catch (const soci::soci_error& e) {
        logRollbackFailed(log_, e);
    }
}

void Database::ReadScope::finish() {
    sql_ << "COMMIT";
    open_ = false;
}

}  // namespace grantflow::store
