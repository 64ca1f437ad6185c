#pragma once
// Numbered schema migrations, applied at start-up (Database does it when
// opened unless told not to; `grantflow init` may call applyMigrations()
// explicitly). Each migration runs once, in its own transaction, and is
// recorded in `schema_migrations`. Several processes may start at once: on
// PostgreSQL an advisory lock, on SQLite BEGIN IMMEDIATE, makes them apply
// each migration exactly once.
//
// To change the schema, append a migration to the list in migrations.cpp;
// never edit one that has shipped.

#include <string>
#include <vector>

namespace grantflow::store {

class Database;

struct Migration {
    int version = 0;
    std::string name;
    // Statements run in order. The tokens {{id}} (an auto-increment bigint
    // primary key) and {{bigint}} are replaced per backend; everything else
    // must be SQL that SQLite and PostgreSQL both accept, unless the
    // statement starts with "{{sqlite}} " or "{{postgres}} ": it then runs on
    // that backend only (e.g. SQLite rebuilding a table whose CHECK changes,
    // where PostgreSQL alters the constraint).
    std::vector<std::string> statements;
};

const std::vector<Migration>& migrations();

// Applies the migrations not yet recorded and returns how many it applied.
// Throws std::runtime_error when the database was migrated by a newer
// program (a version this program does not know).
int applyMigrations(Database& db);

// The highest applied migration version, 0 for an empty database.
int schemaVersion(Database& db);

}  // namespace grantflow::store
