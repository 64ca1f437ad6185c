#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using namespace std::chrono_literals;

class DatabaseTest : public BackendTest {
protected:
    void TearDown() override {
        if (held_.joinable()) releaseWhenWaiting(0);
        BackendTest::TearDown();
    }

    // Starts a write that runs `statement` and then holds the writer: the
    // writes started meanwhile wait together, to run as one batch.
    void holdTheWriter(const std::string& statement) {
        std::promise<void> running;
        auto started = running.get_future();
        held_ = std::thread([this, statement, &running] {
            auto r = db().write([&](soci::session& sql) -> engine::Status {
                sql << statement;
                running.set_value();
                released_.wait();
                return engine::Unit{};
            });
            EXPECT_TRUE(r.ok());
        });
        started.wait();
    }
    // Waits (10 s at most) until `n` writes wait behind the held one, then
    // lets it finish; false when fewer were waiting.
    bool releaseWhenWaiting(std::size_t n) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (db().stats().writesWaiting < n && std::chrono::steady_clock::now() < deadline)
            std::this_thread::yield();
        const bool all = db().stats().writesWaiting == n;
        release_.set_value();
        held_.join();
        return all;
    }

    // How many lines the databases logged that contain `text`.
    std::size_t loggedLines(const std::string& text) {
        std::size_t count = 0;
        for (const auto& line : logSink().lines())
            if (line.find(text) != std::string::npos) ++count;
        return count;
    }

private:
    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
    std::thread held_;
};

TEST_P(DatabaseTest, TheBackendIsDetectedFromTheConnectionString) {
    EXPECT_EQ(db().backend(), isPostgres() ? store::Backend::Postgres : store::Backend::Sqlite);
    logging::NullLogSink log;
    EXPECT_THROW(store::Database("mysql://db=x", log), std::invalid_argument);
}

TEST_P(DatabaseTest, StatsCountTheSessionsLeasedRightNow) {
    const auto before = db().stats().sessionsInUse;
    {
        auto first = db().session();
        auto second = db().session();
        EXPECT_EQ(db().stats().sessionsInUse, before + 2);
    }
    EXPECT_EQ(db().stats().sessionsInUse, before);
}

TEST_P(DatabaseTest, AnErrorResultRollsTheTransactionBack) {
    auto r = db().write([](soci::session& sql) -> engine::Status {
        sql << "INSERT INTO programmes (code, title) VALUES ('X', 'x')";
        return engine::makeError(engine::ErrorCode::Invalid, "changed my mind");
    });
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(countRows(db(), "programmes"), 0);
}

TEST_P(DatabaseTest, AnExceptionRollsTheTransactionBackAndPropagates) {
    EXPECT_THROW(db().write([](soci::session& sql) -> engine::Status {
        sql << "INSERT INTO programmes (code, title) VALUES ('X', 'x')";
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_EQ(countRows(db(), "programmes"), 0);
    // The session went back to the pool usable.
    EXPECT_TRUE(db().write([](soci::session& sql) -> engine::Status {
                        sql << "INSERT INTO programmes (code, title) VALUES ('Y', 'y')";
                        return engine::Unit{};
                    })
                    .ok());
    EXPECT_EQ(countRows(db(), "programmes"), 1);
}

// A transient failure is retried, counted and logged: on SQLite a writer
// held off by another process's lock, on PostgreSQL a deadlock victim.
TEST_P(DatabaseTest, TransientFailuresAreRetriedUntilTheWriteGoesThrough) {
    store::DatabaseOptions options;
    options.poolSize = 2;
    options.busyTimeout = 100ms;
    auto other = open(options);
    execute(db(), "INSERT INTO programmes (code, title) VALUES ('A', 'a')");
    execute(db(), "INSERT INTO programmes (code, title) VALUES ('B', 'b')");

    if (!isPostgres()) {
        // Another "process" holds the write lock for a while.
        soci::session holder(connectionString());
        holder << "BEGIN IMMEDIATE";
        std::thread release([&] {
            std::this_thread::sleep_for(250ms);
            holder << "COMMIT";
        });
        auto r = other->write([](soci::session& sql) -> engine::Status {
            sql << "UPDATE programmes SET title = 'a2' WHERE code = 'A'";
            return engine::Unit{};
        });
        release.join();
        EXPECT_TRUE(r.ok());
        EXPECT_GE(other->stats().retries, 1u);
        EXPECT_EQ(loggedLines("level=warning event=db_retry attempt="), other->stats().retries);
        return;
    }

    // Two transactions lock A and B in opposite orders: PostgreSQL aborts
    // one with a deadlock (40P01), which is retried and then succeeds.
    auto lockInOrder = [](store::Database& d, const char* first, const char* second) {
        return d.write([&](soci::session& sql) -> engine::Status {
            sql << std::string("UPDATE programmes SET title = title WHERE code = '") + first + "'";
            std::this_thread::sleep_for(200ms);
            sql << std::string("UPDATE programmes SET title = title WHERE code = '") + second + "'";
            return engine::Unit{};
        });
    };
    engine::Status a = engine::Unit{}, b = engine::Unit{};
    std::thread t1([&] { a = lockInOrder(db(), "A", "B"); });
    std::thread t2([&] { b = lockInOrder(*other, "B", "A"); });
    t1.join();
    t2.join();
    EXPECT_TRUE(a.ok());
    EXPECT_TRUE(b.ok());
    EXPECT_EQ(db().stats().retries + other->stats().retries, 1u);
    EXPECT_EQ(loggedLines("level=warning event=db_retry attempt=1 "), 1u);
}

TEST_P(DatabaseTest, ATransientFailureThatPersistsIsReportedAfterTheLastAttempt) {
    store::DatabaseOptions options;
    options.poolSize = 1;
    options.busyTimeout = 50ms;
    options.maxAttempts = isPostgres() ? 1 : 2;
    auto other = open(options);
    if (!isPostgres()) {
        soci::session holder(connectionString());
        holder << "BEGIN IMMEDIATE";
        EXPECT_THROW(other->write([](soci::session&) -> engine::Status { return engine::Unit{}; }),
                     soci::soci_error);
        EXPECT_EQ(other->stats().retries, 1u);
        EXPECT_EQ(loggedLines("level=error event=db_retry_exhausted attempts=2 "), 1u);
        holder << "ROLLBACK";
        return;
    }
    // With one attempt allowed, the deadlock victim's error reaches the caller.
    execute(db(), "INSERT INTO programmes (code, title) VALUES ('A', 'a')");
    execute(db(), "INSERT INTO programmes (code, title) VALUES ('B', 'b')");
    auto lockInOrder = [](store::Database& d, const char* first, const char* second) {
        try {
            auto r = d.write([&](soci::session& sql) -> engine::Status {
                sql << std::string("UPDATE programmes SET title = title WHERE code = '") + first +
                           "'";
                std::this_thread::sleep_for(200ms);
                sql << std::string("UPDATE programmes SET title = title WHERE code = '") + second +
                           "'";
                return engine::Unit{};
            });
            return r.ok() ? 0 : 2;
        } catch (const soci::soci_error& e) {
            return store::isTransient(e) ? 1 : 3;
        }
    };
    store::DatabaseOptions single = options;
    auto first = open(single);
    int a = 0, b = 0;
    std::thread t1([&] { a = lockInOrder(*first, "A", "B"); });
    std::thread t2([&] { b = lockInOrder(*other, "B", "A"); });
    t1.join();
    t2.join();
    EXPECT_EQ(a + b, 1) << "exactly one deadlock victim, reported as a transient error";
    EXPECT_EQ(first->stats().retries + other->stats().retries, 0u);
    EXPECT_EQ(loggedLines("level=error event=db_retry_exhausted attempts=1 "), 1u);
}

// Writes that arrive while another runs are committed together, in one
// transaction; each is in its own savepoint, so the ones that fail (an error
// Result, an exception, a statement error) undo themselves only.
TEST_P(DatabaseTest, WritesWaitingTogetherCommitInOneTransactionAndAFailureUndoesOnlyItself) {
    holdTheWriter("INSERT INTO programmes (code, title) VALUES ('FIRST', 'first')");
    const auto transactionsBefore = db().stats().writeTransactions;

    // Five writes queue behind the first one: two good, one refused, one
    // throwing, one breaking a unique constraint after a good statement.
    auto insert = [&](const std::string& code) {
        return db().write([code](soci::session& sql) -> engine::Result<std::string> {
            sql << "INSERT INTO programmes (code, title) VALUES ('" + code + "', 'x')";
            return code;
        });
    };
    std::vector<std::thread> writers;
    engine::Result<std::string> good1 = std::string(), good2 = std::string();
    engine::Status refused = engine::Unit{};
    bool threw = false, violated = false;
    writers.emplace_back([&] { good1 = insert("GOOD1"); });
    writers.emplace_back([&] {
        refused = db().write([](soci::session& sql) -> engine::Status {
            sql << "INSERT INTO programmes (code, title) VALUES ('REFUSED', 'x')";
            return engine::makeError(engine::ErrorCode::Conflict, "refused");
        });
    });
    writers.emplace_back([&] {
        try {
            (void)db().write([](soci::session& sql) -> engine::Status {
                sql << "INSERT INTO programmes (code, title) VALUES ('THROWN', 'x')";
                throw std::runtime_error("boom");
            });
        } catch (const std::runtime_error&) {
            threw = true;
        }
    });
    writers.emplace_back([&] {
        try {
            (void)db().write([](soci::session& sql) -> engine::Status {
                sql << "INSERT INTO programmes (code, title) VALUES ('HALF', 'x')";
                sql << "INSERT INTO programmes (code, title) VALUES ('FIRST', 'again')";
                return engine::Unit{};
            });
        } catch (const soci::soci_error& e) {
            violated = store::isUniqueViolation(e);
        }
    });
    writers.emplace_back([&] { good2 = insert("GOOD2"); });
    EXPECT_TRUE(releaseWhenWaiting(writers.size()));
    for (auto& w : writers) w.join();

    ASSERT_TRUE(good1.ok());
    EXPECT_EQ(good1.value(), "GOOD1");
    ASSERT_TRUE(good2.ok());
    EXPECT_FALSE(refused.ok());
    EXPECT_TRUE(threw);
    EXPECT_TRUE(violated);
    EXPECT_EQ(db().stats().writeTransactions - transactionsBefore, 2u)
        << "the first write's transaction, then one for the five waiting";
    auto s = db().session();
    std::vector<std::string> codes(10);
    *s << "SELECT code FROM programmes ORDER BY code", soci::into(codes);
    EXPECT_EQ(codes, (std::vector<std::string>{"FIRST", "GOOD1", "GOOD2"}));
    EXPECT_EQ(db().stats().writesWaiting, 0u);
}

// A batch whose COMMIT fails gives the failure to each of its writes, each
// its own exception object: the writers rethrow it in their own threads, and
// soci_error::what() writes into the object the first time it is called.
TEST_P(DatabaseTest, AFailedBatchCommitGivesEachWriteItsOwnCopyOfTheFailure) {
    // A foreign key checked only at COMMIT makes the batch's COMMIT fail.
    ASSERT_TRUE(db().write([](soci::session& sql) -> engine::Status {
                        sql << "CREATE TABLE test_parents (id INTEGER PRIMARY KEY)";
                        sql << "CREATE TABLE test_children (parent INTEGER REFERENCES "
                               "test_parents (id) DEFERRABLE INITIALLY DEFERRED)";
                        return engine::Unit{};
                    })
                    .ok());
    holdTheWriter("INSERT INTO test_parents (id) VALUES (1)");

    // Two writes wait together behind it: a good one and an orphan child.
    std::exception_ptr failures[2];
    const char* statements[2] = {"INSERT INTO test_parents (id) VALUES (2)",
                                 "INSERT INTO test_children (parent) VALUES (99)"};
    std::vector<std::thread> writers;
    for (int i = 0; i < 2; ++i)
        writers.emplace_back([&, i] {
            try {
                (void)db().write([&](soci::session& sql) -> engine::Status {
                    sql << statements[i];
                    return engine::Unit{};
                });
            } catch (...) {
                failures[i] = std::current_exception();
            }
        });
    EXPECT_TRUE(releaseWhenWaiting(writers.size()));
    for (auto& w : writers) w.join();

    ASSERT_TRUE(failures[0] && failures[1]) << "a failed COMMIT is every write's";
    EXPECT_NE(failures[0], failures[1]) << "one exception object shared by two threads";
    std::string messages[2];
    for (int i = 0; i < 2; ++i) {
        try {
            std::rethrow_exception(failures[i]);
        } catch (const soci::soci_error& e) {
            messages[i] = e.what();
        } catch (...) {
            ADD_FAILURE() << "the failure lost its type";
        }
    }
    EXPECT_FALSE(messages[0].empty());
    EXPECT_EQ(messages[0], messages[1]);
    auto s = db().session();
    int parents = 0;
    *s << "SELECT COUNT(*) FROM test_parents", soci::into(parents);
    EXPECT_EQ(parents, 1) << "only the first write, committed alone";
}

TEST_P(DatabaseTest, OutagesAreToldApartFromBugs) {
    using engine::ErrorCode;
    const store::Database& database = db();
    EXPECT_EQ(database.outageOf(store::DatabaseUnreachable("connection refused")),
              ErrorCode::Unavailable);
    for (const char* state : {"08006", "08001", "57P01", "57P03", "57014", "53300"})
        EXPECT_EQ(database.outageOf(soci::postgresql_soci_error("down", state)),
                  ErrorCode::Unavailable)
            << state;
    EXPECT_EQ(database.outageOf(soci::postgresql_soci_error("disk full", "53100")),
              ErrorCode::InsufficientStorage);
    EXPECT_EQ(database.outageOf(soci::sqlite3_soci_error("database or disk is full", 13)),
              ErrorCode::InsufficientStorage);
    // Bugs and expected failures are not outages.
    EXPECT_FALSE(database.outageOf(soci::postgresql_soci_error("duplicate", "23505")));
    EXPECT_FALSE(database.outageOf(soci::postgresql_soci_error("syntax", "42601")));
    EXPECT_FALSE(database.outageOf(soci::sqlite3_soci_error("constraint", 19)));
    EXPECT_FALSE(database.outageOf(std::runtime_error("a damaged row")));
}

GRANTFLOW_INSTANTIATE_BACKENDS(DatabaseTest);

// PostgreSQL only: SQLite has no connection to lose.
class PostgresConnectionTest : public DatabaseTest {};

TEST_P(PostgresConnectionTest, ALostConnectionIsReconnectedAtTheNextLease) {
    {
        auto s = db().session();
        int one = 0;
        *s << "SELECT 1", soci::into(one);  // this pooled session is connected
    }
    // Another process ends every connection of ours, as a restart would,
    // waiting (up to 5 s each) until each backend is gone: by then its
    // FATAL message has reached our socket, the sign the lease looks for.
    auto other = open({.poolSize = 1});
    {
        auto s = other->session();
        int ended = 0;
        *s << "SELECT COUNT(*) FROM pg_stat_activity, LATERAL pg_terminate_backend(pid, 5000) t "
              "WHERE datname = current_database() AND pid <> pg_backend_pid() AND t",
            soci::into(ended);
        ASSERT_GE(ended, 1);
    }
    int one = 0;
    {
        auto s = db().session();
        *s << "SELECT 1", soci::into(one);
    }
    EXPECT_EQ(one, 1);
    EXPECT_GE(loggedLines("event=db_reconnect"), 1u);
    auto written = db().write([](soci::session& sql) -> engine::Status {
        sql << "CREATE TABLE reconnected (id INTEGER)";
        return engine::Unit{};
    });
    EXPECT_TRUE(written.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresConnectionTest,
                         ::testing::Values(std::string("postgres")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });

}  // namespace
}  // namespace grantflow::testing
