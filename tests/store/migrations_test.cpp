#include "store/migrations.hpp"

#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "store/application_search.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

// Every test here starts from an empty database: what the migrations do to
// it is the subject.
class MigrationsTest : public BackendTest {
protected:
    ScratchDatabase::Start start() const override { return ScratchDatabase::Start::Empty; }
};

TEST_P(MigrationsTest, OpeningAnEmptyDatabaseAppliesEveryMigrationOnce) {
    const int latest = store::migrations().back().version;
    EXPECT_EQ(store::schemaVersion(db()), latest);
    EXPECT_EQ(countRows(db(), "schema_migrations"),
              static_cast<long long>(store::migrations().size()));
    // The chain head exists from the start, at the genesis hash.
    EXPECT_EQ(countRows(db(), "audit_head", "last_seq = 0"), 1);
}

TEST_P(MigrationsTest, ReopeningAppliesNothingAndKeepsTheData) {
    createEnvelope(db(), "WATER", 2026, engine::Money::fromEuros(1000));
    auto again = open();
    EXPECT_EQ(store::applyMigrations(*again), 0);
    EXPECT_EQ(countRows(*again, "schema_migrations"),
              static_cast<long long>(store::migrations().size()));
    EXPECT_EQ(countRows(*again, "envelopes"), 1);
    EXPECT_EQ(countRows(*again, "audit_head"), 1);
}

TEST_P(MigrationsTest, MigrationVersionsAreIncreasingFromOne) {
    int expected = 1;
    for (const auto& m : store::migrations()) EXPECT_EQ(m.version, expected++) << m.name;
}

TEST_P(MigrationsTest, ADatabaseFromANewerProgramIsRefused) {
    execute(db(),
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', "
            "'2030-01-01T00:00:00Z')");
    EXPECT_THROW(store::applyMigrations(db()), std::runtime_error);
}

TEST_P(MigrationsTest, SqliteSessionsRunWithWalFullSyncAndForeignKeys) {
    if (isPostgres()) {
        // PostgreSQL: durability comes from synchronous_commit, left on.
        auto s = db().session();
        std::string sync;
        *s << "SHOW synchronous_commit", soci::into(sync);
        EXPECT_EQ(sync, "on");
        return;
    }
    // Lease every pooled session at once, so each one is looked at.
    std::vector<std::unique_ptr<store::Database::Session>> sessions;
    for (std::size_t i = 0; i < db().poolSize(); ++i)
        sessions.push_back(std::make_unique<store::Database::Session>(db()));
    for (auto& s : sessions) {
        std::string mode;
        int sync = -1, fk = -1, timeout = -1;
        **s << "PRAGMA journal_mode", soci::into(mode);
        **s << "PRAGMA synchronous", soci::into(sync);
        **s << "PRAGMA foreign_keys", soci::into(fk);
        **s << "PRAGMA busy_timeout", soci::into(timeout);
        EXPECT_EQ(mode, "wal");
        EXPECT_EQ(sync, 2);  // FULL
        EXPECT_EQ(fk, 1);
        EXPECT_EQ(timeout, 10000);
    }
}

// PostgreSQL: a search reads the trigram indexes' pending list in full, so
// the list is kept short (docs/store.md, "Searching applications").
TEST_P(MigrationsTest, PostgresSearchIndexesKeepAShortPendingList) {
    if (!isPostgres()) {
        EXPECT_EQ(countRows(db(), "sqlite_master", "name = 'applications_search'"), 1)
            << "SQLite searches through its FTS5 table instead";
        return;
    }
    auto s = db().session();
    for (std::string index : {"applications_title_trigrams", "applications_reference_trigrams"}) {
        std::string options;
        *s << "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = :name",
            soci::use(index), soci::into(options);
        EXPECT_EQ(options, "gin_pending_list_limit=64") << index;
    }
}

// A database made by a program that knew only migration 1, with data in
// it, is brought to the latest version when opened.
TEST_P(MigrationsTest, AVersionOneDatabaseIsUpgradedAndItsTitlesMadeSearchable) {
    {
        // Replay migration 1 by hand on a fresh database (the test's own
        // database already has everything).
        execute(db(), "DROP TABLE IF EXISTS schema_migrations");
        // Every table the migrations create (SQLite's FTS5 table too), newest
        // first (so that no foreign key points at a dropped table).
        std::vector<std::string> tables;
        const std::regex create(R"(CREATE (?:VIRTUAL )?TABLE (\w+))");
        for (const auto& migration : store::migrations())
            for (const auto& statement : migration.statements)
                for (std::sregex_iterator it(statement.begin(), statement.end(), create), last;
                     it != last; ++it)
                    tables.push_back((*it)[1]);
        for (auto table = tables.rbegin(); table != tables.rend(); ++table)
            execute(db(), "DROP TABLE IF EXISTS " + *table + (isPostgres() ? " CASCADE" : ""));
        for (std::string statement : store::migrations().front().statements) {
            const std::string token = "{{id}}";
            auto pos = statement.find(token);
            if (pos != std::string::npos)
                statement.replace(pos, token.size(),
                                  isPostgres()
                                      ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                                      : "INTEGER PRIMARY KEY AUTOINCREMENT");
            execute(db(), statement);
        }
        execute(db(),
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TEXT NOT NULL)");
        execute(db(),
                "INSERT INTO schema_migrations VALUES (1, 'initial schema', "
                "'2026-01-01T00:00:00Z')");
        execute(db(), "INSERT INTO organisations (name) VALUES ('A')");
        execute(db(),
                "INSERT INTO users (email, name, password_hash, role, organization_id, "
                "created_at) VALUES ('a@asso.example.org', 'A', 'hash', 'applicant', 1, "
                "'2026-01-01T00:00:00Z')");
        execute(db(),
                "INSERT INTO applications (reference, programme, workflow_version, "
                "organization_id, title, amount_requested_cents, state, version, year, "
                "created_at, state_entered_at) VALUES ('WATER-2026-00001', 'WATER', 1, 1, "
                "'Puits à OUAGADOUGOU', 100, 'draft', 1, 2026, '2026-01-01T00:00:00Z', "
                "'2026-01-01T00:00:00Z')");
        ASSERT_EQ(store::schemaVersion(db()), 1);
    }
    auto upgraded = open();  // applies the rest
    EXPECT_EQ(store::schemaVersion(*upgraded), store::migrations().back().version);
    EXPECT_EQ(countRows(*upgraded, "applications", "title_search LIKE '%ouagadougou%'"), 1);
    // The search indexes of migration 16 hold the rows already there.
    engine::ApplicationFilter byTitle, byReference;
    byTitle.q = "ouagadougou";
    byReference.q = "water-2026-00001";
    EXPECT_EQ(store::ApplicationSearch(*upgraded).list(byTitle).items.size(), 1u);
    EXPECT_EQ(store::ApplicationSearch(*upgraded).list(byReference).items.size(), 1u);
    EXPECT_EQ(countRows(*upgraded, "messages"), 0);
    EXPECT_EQ(countRows(*upgraded, "sessions"), 0);
    EXPECT_EQ(countRows(*upgraded, "login_attempts"), 0);
    EXPECT_EQ(countRows(*upgraded, "outbox", "last_error IS NULL AND parent_id IS NULL"), 0);
    EXPECT_EQ(countRows(*upgraded, "deliberations"), 0);
    EXPECT_EQ(countRows(*upgraded, "document_jobs"), 0);
    // Organisations from before kinds existed are associations.
    EXPECT_EQ(countRows(*upgraded, "organisations", "kind = 'association'"), 1);
    EXPECT_EQ(countRows(*upgraded, "iban_changes"), 0);
    // Accounts older than e-mail verification count as confirmed.
    EXPECT_EQ(countRows(*upgraded, "users", "email_verified_at = created_at"), 1);
}

// Migration 10 rebuilds the Council tables on SQLite (a CHECK cannot be
// altered there) and alters their constraints on PostgreSQL: a database at
// version 9 with a deliberation keeps every row and link, and takes the new
// states, kinds and columns.
TEST_P(MigrationsTest, Version10KeepsTheCouncilRowsAndAdmitsWithdrawnDeliberations) {
    {
        execute(db(), "DROP TABLE IF EXISTS schema_migrations");
        std::vector<std::string> tables;
        const std::regex create(R"(CREATE (?:VIRTUAL )?TABLE (\w+))");
        for (const auto& migration : store::migrations())
            for (const auto& statement : migration.statements)
                for (std::sregex_iterator it(statement.begin(), statement.end(), create), last;
                     it != last; ++it)
                    tables.push_back((*it)[1]);
        for (auto table = tables.rbegin(); table != tables.rend(); ++table)
            execute(db(), "DROP TABLE IF EXISTS " + *table + (isPostgres() ? " CASCADE" : ""));
        execute(db(),
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TEXT NOT NULL)");
        for (const auto& migration : store::migrations()) {
            if (migration.version > 9) break;
            for (std::string statement : migration.statements) {
                for (auto [token, sqlite, postgres] :
                     {std::tuple{"{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
                                 "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
                      std::tuple{"{{bigint}}", "INTEGER", "BIGINT"}})
                    for (auto pos = statement.find(token); pos != std::string::npos;
                         pos = statement.find(token))
                        statement.replace(pos, std::string(token).size(),
                                          isPostgres() ? postgres : sqlite);
                execute(db(), statement);
            }
            execute(db(), "INSERT INTO schema_migrations VALUES (" +
                              std::to_string(migration.version) + ", 'replayed', " +
                              "'2026-01-01T00:00:00Z')");
        }
        ASSERT_EQ(store::schemaVersion(db()), 9);
        execute(db(), "INSERT INTO programmes (code, title) VALUES ('WATER', 'Eau')");
        execute(db(), "INSERT INTO organisations (name) VALUES ('A')");
        execute(db(),
                "INSERT INTO applications (reference, programme, workflow_version, "
                "organization_id, title, amount_requested_cents, state, version, year, "
                "created_at, state_entered_at) VALUES ('WATER-2026-00001', 'WATER', 1, 1, "
                "'Puits', 100, 'voted', 3, 2026, '2026-01-01T00:00:00Z', "
                "'2026-01-01T00:00:00Z')");
        execute(db(),
                "INSERT INTO council_sessions (session_date, title, created_at) VALUES "
                "('2026-07-07', 'Séance', '2026-01-01T00:00:00Z')");
        execute(db(),
                "INSERT INTO deliberations (session_id, programme, year, direction, number, "
                "reference, state, title, created_at, voted_at) VALUES (1, 'WATER', 2026, "
                "'DGRI', 4, '2026 DGRI 4', 'amended', 'Eau', '2026-01-01T00:00:00Z', "
                "'2026-07-07T10:00:00Z')");
        execute(db(),
                "INSERT INTO deliberation_items (deliberation_id, application_id, position, "
                "amount_proposed_cents, amount_voted_cents) VALUES (1, 1, 1, 100, 90)");
        execute(db(),
                "INSERT INTO deliberation_documents VALUES (1, 'pdf', 'abc', 'ab/abc', 10, "
                "'2026-01-01T00:00:00Z')");
        execute(db(),
                "INSERT INTO document_jobs (deliberation_id, state, created_at, updated_at) "
                "VALUES (1, 'done', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    }
    auto upgraded = open();  // applies 10 and later
    EXPECT_EQ(store::schemaVersion(*upgraded), store::migrations().back().version);
    EXPECT_EQ(countRows(*upgraded, "deliberations",
                        "reference = '2026 DGRI 4' AND votes_for "
                        "IS NULL AND posted_on IS NULL"),
              1);
    EXPECT_EQ(countRows(*upgraded, "deliberation_items", "outcome = 'amended'"), 1)
        << "an earlier vote's articles follow from the amounts";
    EXPECT_EQ(countRows(*upgraded, "deliberation_documents", "kind = 'pdf'"), 1);
    EXPECT_EQ(countRows(*upgraded, "document_jobs", "deliberation_id = 1"), 1);
    execute(*upgraded, "UPDATE deliberations SET state = 'withdrawn'");
    execute(*upgraded,
            "INSERT INTO deliberation_documents VALUES (1, 'adopted_pdf', 'def', 'de/def', 10, "
            "'2026-01-01T00:00:00Z')");
    EXPECT_THROW(execute(*upgraded, "UPDATE deliberations SET state = 'lost'"), soci::soci_error);
    EXPECT_THROW(execute(*upgraded,
                         "INSERT INTO deliberation_items (deliberation_id, "
                         "application_id, position, amount_proposed_cents) "
                         "VALUES (99, 1, 2, 100)"),
                 soci::soci_error)
        << "the foreign keys still hold";
    // New rows keep numbering after the copied ones.
    execute(*upgraded,
            "INSERT INTO document_jobs (deliberation_id, state, created_at, updated_at) VALUES "
            "(1, 'pending', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    EXPECT_EQ(countRows(*upgraded, "document_jobs", "id = 2"), 1);
}

GRANTFLOW_INSTANTIATE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace grantflow::testing
