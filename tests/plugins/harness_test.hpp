#pragma once
// GoogleTest fixtures for the plugin tests that run on the real store: each
// test gets a fresh database on one backend (tests/store/backend_fixture.hpp:
// a new SQLite file, or a new PostgreSQL database through GRANTFLOW_TEST_PG,
// dropped afterwards) and a WorkflowHarness over it, `h`.
//
//   class MyTest : public grantflow::testing::HarnessTest<> {};
//   TEST_P(MyTest, DoesSomething) { h->createDraft(...); }
//   GRANTFLOW_INSTANTIATE_BACKENDS(MyTest);
//
// For a suite run for each programme on each backend, the parameter is
// (backend, programme):
//
//   class PerProgramme : public grantflow::testing::HarnessTest<BackendAndProgramme> {};
//   GRANTFLOW_INSTANTIATE_BACKENDS_AND_PROGRAMMES(PerProgramme, "HEALTH", "WATER");
//
// SharedHarnessTest<> is the same with one database per backend for the
// whole suite, for suites whose tests cannot see each other's rows.
//
// BackendTest itself is parameterised by the backend name alone, hence this
// template; it keeps BackendTest's rule that the postgres cases fail, never
// skip, without GRANTFLOW_TEST_PG. A subclass overriding SetUp() calls
// HarnessTest::SetUp() first and returns when HasFatalFailure().

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "logging/log.hpp"
#include "store/database.hpp"
#include "tests/plugins/workflow_harness.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {

using BackendAndProgramme = std::tuple<std::string, std::string>;

inline const std::string& backendOf(const std::string& backend) { return backend; }
inline const std::string& backendOf(const BackendAndProgramme& p) { return std::get<0>(p); }

template <class Param = std::string>
class HarnessTest : public ::testing::TestWithParam<Param> {
protected:
    void SetUp() override {
        const std::string& backend = backendOf(this->GetParam());
        if (backend == "postgres" && !ScratchDatabase::postgresConfigured())
            FAIL() << "PostgreSQL tests need a server: set " << kTestPgVariable
                   << " (scripts/lib/pg.sh gf_pg_start does it)";
        scratch_ = std::make_unique<ScratchDatabase>(backend);
        // One thread per test, and no store call holds a session while it
        // leases another: two connections are plenty, and each PostgreSQL
        // connection costs a server process.
        store::DatabaseOptions options;
        options.poolSize = 2;
        db_ = std::make_unique<store::Database>(scratch_->connectionString(), log_, options);
        h = std::make_unique<WorkflowHarness>(*db_);
    }

    void TearDown() override {
        h.reset();
        db_.reset();  // close the pool before the database is dropped
        scratch_.reset();
    }

    // Declared in destruction order's reverse: the harness goes first.
    logging::NullLogSink log_;
    std::unique_ptr<ScratchDatabase> scratch_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<WorkflowHarness> h;
};

// The same, but one database and one harness per backend for the whole
// suite, dropped when the suite ends: for suites whose tests read nothing
// from the store that another test of the suite writes (each test inserts
// its own rows and the steps under test read only those). It saves a
// database per test, which on PostgreSQL is most of a small test's time.
template <class Param = std::string>
class SharedHarnessTest : public ::testing::TestWithParam<Param> {
protected:
    static void TearDownTestSuite() { suiteDatabases().clear(); }

    void SetUp() override {
        const std::string& backend = backendOf(this->GetParam());
        if (backend == "postgres" && !ScratchDatabase::postgresConfigured())
            FAIL() << "PostgreSQL tests need a server: set " << kTestPgVariable
                   << " (scripts/lib/pg.sh gf_pg_start does it)";
        auto& shared = suiteDatabases()[backend];
        if (!shared) shared = std::make_unique<Shared>(backend);
        h = &shared->harness;
    }

    WorkflowHarness* h = nullptr;

private:
    struct Shared {
        explicit Shared(const std::string& backend)
            : scratch(backend), db(scratch.connectionString(), log, options()), harness(db) {}
        static store::DatabaseOptions options() {
            store::DatabaseOptions o;
            o.poolSize = 2;
            return o;
        }
        // Members are destroyed in reverse: harness, pool, then the database.
        logging::NullLogSink log;
        ScratchDatabase scratch;
        store::Database db;
        WorkflowHarness harness;
    };

    static std::map<std::string, std::unique_ptr<Shared>>& suiteDatabases() {
        static std::map<std::string, std::unique_ptr<Shared>> databases;
        return databases;
    }
};

// "HEALTH_sqlite": a test name per (backend, programme).
inline std::string backendAndProgrammeName(
    const ::testing::TestParamInfo<BackendAndProgramme>& info) {
    return std::get<1>(info.param) + "_" + std::get<0>(info.param);
}

}  // namespace grantflow::testing

#define GRANTFLOW_INSTANTIATE_BACKENDS_AND_PROGRAMMES(Suite, ...)                             \
    INSTANTIATE_TEST_SUITE_P(                                                                 \
        Backends, Suite,                                                                      \
        ::testing::Combine(::testing::Values(std::string("sqlite"), std::string("postgres")), \
                           ::testing::Values(__VA_ARGS__)),                                   \
        ::grantflow::testing::backendAndProgrammeName)
