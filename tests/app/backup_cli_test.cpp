// `grantflow backup` and `grantflow restore` on each backend: a backup of a
// database in use restores into a new database with the same records and
// an audit chain that verifies; nothing is overwritten.
#include <unistd.h>

#include <filesystem>

#include "tests/app/cli_fixture.hpp"

using namespace grantflow::testing;

namespace {

int count(grantflow::store::Database& db, const std::string& table) {
    auto s = db.session();
    int n = 0;
    *s << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
}

}  // namespace

class BackupCli : public CliTest {};

TEST_P(BackupCli, ABackupRestoresIntoANewDatabaseWithTheSameRecordsAndAnIntactChain) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("gf-backup-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ASSERT_EQ(run({"demo", "--files", (dir / "files").string()}).exitCode, 0);
    const std::string file = (dir / "grantflow.backup").string();

    auto backup = run({"backup", "--out", file});
    ASSERT_EQ(backup.exitCode, 0) << backup.err;
    EXPECT_TRUE(contains(backup.out, "backup written to " + file)) << backup.out;
    auto again = run({"backup", "--out", file});
    EXPECT_NE(again.exitCode, 0);
    EXPECT_TRUE(contains(again.err, "exists already")) << again.err;

    ScratchDatabase target(GetParam(), ScratchDatabase::Start::Empty);
    auto restore = runProgram(kGrantflowProgram,
                              {"restore", "--from", file, "--db", target.connectionString()});
    ASSERT_EQ(restore.exitCode, 0) << restore.out << restore.err;
    EXPECT_TRUE(contains(restore.out, "audit trail intact")) << restore.out;
    {
        grantflow::logging::MemoryLogSink log;
        grantflow::store::Database restored(target.connectionString(), log);
        for (const char* table : {"applications", "users", "audit_entries", "budget_ledger"})
            EXPECT_EQ(count(restored, table), count(db(), table)) << table;
    }

    auto twice = runProgram(kGrantflowProgram,
                            {"restore", "--from", file, "--db", target.connectionString()});
    EXPECT_NE(twice.exitCode, 0);
    EXPECT_TRUE(contains(twice.err, "not empty")) << twice.err;
    std::filesystem::remove_all(dir);
}

GRANTFLOW_INSTANTIATE_BACKENDS(BackupCli);
