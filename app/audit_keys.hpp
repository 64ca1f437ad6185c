#pragma once
// Where a command or the server gets the audit chain's key, and the
// database opened with it (docs/store.md, "Keys").
//
// - Settings::auditKey (GRANTFLOW_AUDIT_KEY, or audit.key in serve's config
//   file): the secret itself, 32 characters or more.
// - Otherwise the key file: Settings::auditKeyFile, by default
//   defaultAuditKeyFile(db): beside a SQLite database (`FILE.audit-key`),
//   `var/audit.key` for PostgreSQL. A missing file is created, mode 0600,
//   holding 32 random bytes as 64 hex digits, and a warning says so; a
//   new database therefore works with no configuration (scripts/run).
// - Settings::auditPreviousKeyFiles: the keys of earlier rotations, which
//   only verify; each file must exist.
// A database whose trail was signed by a key that is not configured is
// refused by openDatabase() (a lost or replaced key file must not quietly
// start a second key).
//
// Called once per process at start, from the main thread.

#include <memory>
#include <string>

#include "app/settings.hpp"
#include "logging/log.hpp"
#include "store/database.hpp"

namespace grantflow::app {

std::string defaultAuditKeyFile(const std::string& connection);

// The database with the settings' keyring. Throws std::runtime_error for
// an unreadable or short key, a key file that cannot be created, or a trail
// keyed with a key the keyring lacks (store::auditKeyProblem; a key file
// created by this call is then removed again).
std::unique_ptr<store::Database> openDatabase(const Settings& settings, logging::LogSink& log,
                                              store::DatabaseOptions options = {});

}  // namespace grantflow::app
