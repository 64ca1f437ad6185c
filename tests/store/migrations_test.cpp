#include "store/migrations.hpp"

#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

class MigrationsTest : public BackendTest {};

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

GRANTFLOW_INSTANTIATE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace grantflow::testing
