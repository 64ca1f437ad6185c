#pragma once
// Storage tests run against both backends. This header is self-contained so
// that other test folders (engine integration, server) can include it and
// link grantflow_store:
//
//   class MyTest : public grantflow::testing::BackendTest {};
//   TEST_P(MyTest, DoesSomething) { store::SociWorkflowStore store(db()); ... }
//   GRANTFLOW_INSTANTIATE_BACKENDS(MyTest);
//
// "sqlite": a fresh database file in a new temporary directory.
// "postgres": a fresh database created through the admin connection string
// in GRANTFLOW_TEST_PG (SOCI keyword form, e.g.
// "postgresql://host=/tmp/sock port=54329 dbname=postgres user=grantflow"),
// dropped afterwards. Without GRANTFLOW_TEST_PG the postgres cases FAIL:
// they are never skipped silently.
//
// Each database starts as a copy of a migrated template (template_database.hpp)
// unless the test asks for an empty one, as the migration tests do.

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include "logging/memory_log_sink.hpp"
#include "store/database.hpp"
#include "tests/store/template_database.hpp"

namespace grantflow::testing {

inline constexpr const char* kTestPgVariable = "GRANTFLOW_TEST_PG";

// A fresh, empty database for one test, removed when destroyed.
class ScratchDatabase {
public:
    // Migrated: a copy of the migrated template, as any program would find
    // it after its first start. Empty: no table at all.
    enum class Start { Migrated, Empty };

    // `backend` is "sqlite" or "postgres". Throws std::runtime_error with a
    // message saying what to do when PostgreSQL is not configured.
    explicit ScratchDatabase(const std::string& backend, Start start = Start::Migrated)
        : backend_(backend) {
        if (backend == "sqlite")
            createSqlite(start);
        else if (backend == "postgres")
            createPostgres(start);
        else
            throw std::invalid_argument("unknown test backend `" + backend + "`");
    }

    ~ScratchDatabase() {
        std::error_code ignored;  // best effort: a leftover temp dir must not fail a test
        if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
        if (!pgName_.empty()) {
            try {
                soci::session admin(pgAdmin_);
                admin << "DROP DATABASE IF EXISTS " + pgName_ + " WITH (FORCE)";
            } catch (const std::exception& e) {
                ADD_FAILURE() << "could not drop test database " << pgName_ << ": " << e.what();
            }
        }
    }

    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& connectionString() const { return connectionString_; }
    const std::string& backend() const { return backend_; }

    static bool postgresConfigured() {
        const char* v = std::getenv(kTestPgVariable);
        return v && *v;
    }

    // Replaces (or adds) the dbname keyword of a SOCI PostgreSQL string.
    static std::string withDatabaseName(const std::string& connection, const std::string& name) {
        std::istringstream words(connection);
        std::string word, out;
        bool replaced = false;
        while (words >> word) {
            if (word.rfind("dbname=", 0) == 0) {
                word = "dbname=" + name;
                replaced = true;
            } else if (word.rfind("postgresql://dbname=", 0) == 0) {
                word = "postgresql://dbname=" + name;
                replaced = true;
            }
            out += (out.empty() ? "" : " ") + word;
        }
        if (!replaced) out += " dbname=" + name;
        return out;
    }

private:
    void createSqlite(Start start) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "grantflow-store-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
        directory_ = pattern;
        const auto file = std::filesystem::path(directory_) / "test.db";
        if (start == Start::Migrated) std::filesystem::copy_file(sqliteTemplate(), file);
        connectionString_ = "sqlite3://db=" + file.string() + " timeout=10";
    }

    void createPostgres(Start start) {
        if (!postgresConfigured())
            throw std::runtime_error(std::string("PostgreSQL test database not configured: set ") +
                                     kTestPgVariable +
                                     " to an admin connection string; scripts/test does this");
        pgAdmin_ = std::getenv(kTestPgVariable);
        pgName_ = uniqueName();
        soci::session admin(pgAdmin_);
        std::string copy;
        if (start == Start::Migrated)
            copy = " TEMPLATE " + postgresTemplate(admin, [this](const std::string& name) {
                       return withDatabaseName(pgAdmin_, name);
                   });
        admin << "CREATE DATABASE " + pgName_ + copy;
        connectionString_ = withDatabaseName(pgAdmin_, pgName_);
    }

    static std::string uniqueName() {
        static std::atomic<int> counter{0};
        std::random_device rd;
        std::ostringstream name;
        name << "gf_test_" << ::getpid() << "_" << counter.fetch_add(1) << "_" << std::hex
             << (rd() & 0xffffff);
        return name.str();
    }

    std::string backend_;
    std::string connectionString_;
    std::string directory_;
    std::string pgAdmin_;
    std::string pgName_;
};

// The audit key of every test's databases and of the grantflow processes
// tests start (BackendTest sets GRANTFLOW_AUDIT_KEY to it unless the
// environment names one), so that a test and the server it runs sign the
// trail alike.
inline const std::string kTestAuditKey = "grantflow-tests-audit-key-0123456789abcdef";

inline store::AuditKeyring testAuditKeys() {
    const char* key = std::getenv("GRANTFLOW_AUDIT_KEY");
    return store::AuditKeyring(key && *key ? std::string(key) : kTestAuditKey);
}

// A test parameterised by backend name, with a migrated Database ready.
class BackendTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "postgres" && !ScratchDatabase::postgresConfigured())
            FAIL()
                << "PostgreSQL tests need a server: set " << kTestPgVariable
                << " (e.g. postgresql://host=/tmp/sock port=54329 dbname=postgres user=grantflow); "
                   "scripts/test does this";
        ::setenv("GRANTFLOW_AUDIT_KEY", kTestAuditKey.c_str(), 0);
        scratch_ = std::make_unique<ScratchDatabase>(GetParam(), start());
        db_ = open(options());
    }

    void TearDown() override {
        db_.reset();  // close the pool before the database is dropped
        scratch_.reset();
    }

    // Options of the fixture's Database; override for a bigger pool.
    virtual store::DatabaseOptions options() const { return {}; }
    // True for tests of unkeyed (v1) trails: the fixture's databases then
    // get no audit key unless their options hold one.
    virtual bool unkeyed() const { return false; }
    // What the database holds before the fixture's Database opens it.
    virtual ScratchDatabase::Start start() const { return ScratchDatabase::Start::Migrated; }

    store::Database& db() { return *db_; }
    // The test's sink: the fixture's databases log to it (retries,
    // unexpected settings), and so may whatever the test wires up.
    logging::MemoryLogSink& logSink() { return log_; }
    bool isPostgres() const { return GetParam() == "postgres"; }
    const std::string& connectionString() const { return scratch_->connectionString(); }

    // Another Database on the same test database (another "process").
    // Signed with testAuditKeys() unless `options` or unkeyed() say otherwise.
    std::unique_ptr<store::Database> open(store::DatabaseOptions options = {}) {
        if (!options.auditKeys.keyed() && !unkeyed()) options.auditKeys = testAuditKeys();
        return std::make_unique<store::Database>(scratch_->connectionString(), log_, options);
    }

private:
    logging::MemoryLogSink log_;  // declared first: outlives every Database of the test
    std::unique_ptr<ScratchDatabase> scratch_;
    std::unique_ptr<store::Database> db_;
};

}  // namespace grantflow::testing

#define GRANTFLOW_INSTANTIATE_BACKENDS(Suite)                                               \
    INSTANTIATE_TEST_SUITE_P(                                                               \
        Backends, Suite, ::testing::Values(std::string("sqlite"), std::string("postgres")), \
        [](const ::testing::TestParamInfo<std::string>& info) { return info.param; })
