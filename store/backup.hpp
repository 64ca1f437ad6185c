#pragma once
// Backups of a grantflow database taken while servers run, and restores
// into a new, empty database (`grantflow backup`, `grantflow restore`).
//
// - SQLite: the online backup API copies the database page by page into a
//   new file: a consistent snapshot while readers and writers go on (a
//   write during the copy makes it start again). The backup is itself a
//   SQLite database; restoring copies it back the same way.
// - PostgreSQL: `pg_dump --format=custom`, a consistent snapshot taken in
//   one transaction, restored with `pg_restore` (both from PATH, of a
//   version at least the server's).
//
// A restore refuses a target database that already holds tables, so that
// it can never mix two histories; the caller then verifies the audit chain.

#include <stdexcept>
#include <string>

#include "logging/log.hpp"

namespace grantflow::store {

struct BackupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Writes the database at `connectionString` to `file`, which must not exist.
void backupDatabase(const std::string& connectionString, const std::string& file,
                    logging::LogSink& log);
// Fills the empty database at `connectionString` from a backup `file` of
// the same backend.
void restoreDatabase(const std::string& file, const std::string& connectionString,
                     logging::LogSink& log);

}  // namespace grantflow::store
