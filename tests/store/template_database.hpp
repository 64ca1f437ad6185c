#pragma once
// Migrated template databases for the storage fixtures (backend_fixture.hpp).
//
// Running every migration for each test is most of a small test's time on
// PostgreSQL, and each test is its own process under ctest. So the first
// process that needs a database migrates a template once per test run and
// per schema, and every test then starts from a copy:
//
// - PostgreSQL: a database `gf_template_<fingerprint>` on the test server,
//   copied with CREATE DATABASE ... TEMPLATE. It is built under another name
//   and renamed when complete, under an advisory lock, so that concurrent
//   test processes neither build it twice nor copy a half-migrated one; no
//   session stays connected to it (PostgreSQL refuses to copy a database
//   that has one).
// - SQLite: a file `<fingerprint>.db` in a folder of the temporary
//   directory, built the same way under flock() and copied per test.
//
// The fingerprint hashes every migration's version and statements, so a
// changed schema gets a new template and never a stale one. The templates
// live as long as the test server (scripts/test throws its cluster away) or
// the temporary directory.

#include <fcntl.h>
#include <soci/soci.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "logging/log.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace grantflow::testing {

// 16 hex digits identifying the schema the migrations build.
inline std::string schemaFingerprint() {
    std::uint64_t hash = 1469598103934665603ull;  // FNV-1a, stable across builds
    auto mix = [&hash](const std::string& text) {
        for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
        hash = (hash ^ 0xff) * 1099511628211ull;  // separator
    };
    for (const auto& migration : store::migrations()) {
        mix(std::to_string(migration.version));
        for (const auto& statement : migration.statements) mix(statement);
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

// Opens and closes a Database on `connectionString`, which migrates it.
inline void migrateOnce(const std::string& connectionString) {
    logging::NullLogSink log;
    store::DatabaseOptions options;
    options.poolSize = 1;
    store::Database db(connectionString, log, options);
}

// The name of the migrated template database on the PostgreSQL server that
// `admin` is connected to, building it first if no process has yet.
// `connectionFor(name)` gives the connection string of database `name`.
template <class ConnectionFor>
std::string postgresTemplate(soci::session& admin, ConnectionFor connectionFor) {
    const std::string name = "gf_template_" + schemaFingerprint();
    // Session-level lock, released below or when the session ends.
    admin << "SELECT pg_advisory_lock(hashtext('grantflow test template'))";
    try {
        int exists = 0;
        admin << "SELECT COUNT(*) FROM pg_database WHERE datname = :n", soci::use(name),
            soci::into(exists);
        if (exists == 0) {
            // A half-built template left by a process that died is dropped
            // (looked up first: DROP ... IF EXISTS prints a notice).
            const std::string building = name + "_building";
            int leftover = 0;
            admin << "SELECT COUNT(*) FROM pg_database WHERE datname = :n", soci::use(building),
                soci::into(leftover);
            if (leftover > 0) admin << "DROP DATABASE " + building + " WITH (FORCE)";
            admin << "CREATE DATABASE " + building;
            migrateOnce(connectionFor(building));
            admin << "ALTER DATABASE " + building + " RENAME TO " + name;
        }
    } catch (...) {
        admin << "SELECT pg_advisory_unlock(hashtext('grantflow test template'))";
        throw;
    }
    admin << "SELECT pg_advisory_unlock(hashtext('grantflow test template'))";
    return name;
}

// The path of the migrated SQLite template file, building it first if no
// process has yet.
inline std::filesystem::path sqliteTemplate() {
    namespace fs = std::filesystem;
    const fs::path folder = fs::temp_directory_path() / "grantflow-test-templates";
    fs::create_directories(folder);
    const fs::path file = folder / (schemaFingerprint() + ".db");
    if (fs::exists(file)) return file;

    const std::string lockPath = (folder / "lock").string();
    int lock = ::open(lockPath.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (lock < 0) throw std::runtime_error("cannot open " + lockPath);
    ::flock(lock, LOCK_EX);
    try {
        if (!fs::exists(file)) {
            const fs::path building = folder / (schemaFingerprint() + ".building");
            fs::remove(building);
            fs::remove(building.string() + "-wal");
            fs::remove(building.string() + "-shm");
            // Closing the last connection checkpoints the WAL into the file.
            migrateOnce("sqlite3://db=" + building.string());
            if (fs::exists(building.string() + "-wal"))
                throw std::runtime_error("template " + building.string() + " kept its WAL");
            fs::rename(building, file);
        }
    } catch (...) {
        ::close(lock);  // closing releases the lock
        throw;
    }
    ::close(lock);
    return file;
}

}  // namespace grantflow::testing
