#include "store/backup.hpp"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <iterator>
#include <memory>
#include <vector>

#include "store/database.hpp"

namespace grantflow::store {

namespace {

namespace sq = ::sqlite_api;

// A database opened only to be copied: one session, the schema untouched.
DatabaseOptions copyOptions() {
    DatabaseOptions o;
    o.poolSize = 1;
    o.applyMigrations = false;
    return o;
}

sq::sqlite3* handleOf(soci::session& sql) {
    return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

// Copies every page of `from` into `to` (the online backup API).
void copySqlite(sq::sqlite3* from, sq::sqlite3* to, const std::string& what) {
    sq::sqlite3_backup* backup = sq::sqlite3_backup_init(to, "main", from, "main");
    if (!backup) throw BackupError(what + ": " + sq::sqlite3_errmsg(to));
    int rc = 0;
    do {
        rc = sq::sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sq::sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sq::sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw BackupError(what + ": " + sq::sqlite3_errstr(rc));
}

// A raw SQLite connection to a file, closed when it goes.
struct SqliteFile {
    sq::sqlite3* db = nullptr;
    SqliteFile(const std::string& file, int flags) {
        if (sq::sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
            std::string message = db ? sq::sqlite3_errmsg(db) : "out of memory";
            sq::sqlite3_close(db);
            throw BackupError("cannot open " + file + ": " + message);
        }
    }
    ~SqliteFile() { sq::sqlite3_close(db); }
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;
};

// libpq takes SOCI's keyword form as it is, without the scheme.
std::string conninfo(const std::string& connectionString) {
    for (const char* scheme : {"postgresql://", "postgresql:"})
        if (connectionString.rfind(scheme, 0) == 0)
            return connectionString.substr(std::string(scheme).size());
    return connectionString;
}

// Runs a PostgreSQL client program; throws with its standard error when it fails.
void runClient(const std::string& program, const std::vector<std::string>& args) {
    Poco::Pipe errors;
    std::unique_ptr<Poco::ProcessHandle> process;
    try {
        process = std::make_unique<Poco::ProcessHandle>(
            Poco::Process::launch(program, args, nullptr, nullptr, &errors));
    } catch (const Poco::Exception& e) {
        throw BackupError("cannot run " + program +
                          " (is the PostgreSQL client installed?): " + e.displayText());
    }
    Poco::PipeInputStream in(errors);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    int status = process->wait();
    if (status != 0)
        throw BackupError(program + " failed (exit " + std::to_string(status) + "): " + text);
}

int tablesIn(Database& db) {
    auto s = db.session();
    int n = 0;
    if (db.backend() == Backend::Sqlite)
        *s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", soci::into(n);
    else
        *s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
              "current_schema()",
            soci::into(n);
    return n;
}

}  // namespace

void backupDatabase(const std::string& connectionString, const std::string& file,
                    logging::LogSink& log) {
    if (std::filesystem::exists(file)) throw BackupError(file + " exists already");
    Database db(connectionString, log, copyOptions());
    if (db.backend() == Backend::Postgres) {
        runClient("pg_dump", {"--format=custom", "--no-owner", "--file=" + file,
                              "--dbname=" + conninfo(connectionString)});
        return;
    }
    auto session = db.session();
    try {
        SqliteFile to(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        copySqlite(handleOf(*session), to.db, "backup to " + file);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(file, ignored);  // never leave half a backup
        throw;
    }
}

void restoreDatabase(const std::string& file, const std::string& connectionString,
                     logging::LogSink& log) {
    if (!std::filesystem::is_regular_file(file)) throw BackupError("no backup file " + file);
    Database db(connectionString, log, copyOptions());
    if (int tables = tablesIn(db); tables > 0)
        throw BackupError("the target database is not empty (" + std::to_string(tables) +
                          " tables): restore into a new database");
    if (db.backend() == Backend::Postgres) {
        runClient("pg_restore", {"--no-owner", "--no-privileges", "--exit-on-error",
                                 "--dbname=" + conninfo(connectionString), file});
        return;
    }
    SqliteFile from(file, SQLITE_OPEN_READONLY);
    auto session = db.session();
    copySqlite(from.db, handleOf(*session), "restore from " + file);
}

}  // namespace grantflow::store
