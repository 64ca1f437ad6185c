// `grantflow audit verify` and `grantflow audit head` against a keyed trail
// that someone without the key rewrote, on each backend.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/audit_keyring.hpp"
#include "tests/app/cli_fixture.hpp"
#include "tests/store/audit_forger.hpp"

using namespace grantflow;
using namespace grantflow::testing;

namespace {

class AuditCli : public CliTest {
protected:
    void SetUp() override {
        CliTest::SetUp();
        ASSERT_EQ(run({"init"}).exitCode, 0);
        ASSERT_EQ(run({"demo"}).exitCode, 0);
    }

    std::string keyId() const {
        return store::AuditKeyring::idOf(testAuditKeys().current()->secret);
    }

    std::string headFile(const std::string& line) {
        const auto file = std::filesystem::temp_directory_path() /
                          ("gf-audit-head-" + std::to_string(::getpid()) + "-" + GetParam());
        std::ofstream(file) << line;
        files_.push_back(file);
        return file.string();
    }

    void TearDown() override {
        for (const auto& f : files_) std::filesystem::remove(f);
        CliTest::TearDown();
    }

    std::vector<std::filesystem::path> files_;
};

TEST_P(AuditCli, AChainRehashedWithSha256IsBrokenAtTheFirstForgedEntry) {
    auto intact = run({"audit", "verify"});
    ASSERT_EQ(intact.exitCode, 0) << intact.err;
    forge(db(), 10, plainSha256, keyId());
    auto broken = run({"audit", "verify"});
    EXPECT_EQ(broken.exitCode, 1);
    EXPECT_TRUE(contains(broken.err, "audit trail BROKEN at entry 10 (content-mismatch)"))
        << broken.err;
}

TEST_P(AuditCli, AVerifierWithAnotherKeyIsRefused) {
    const char* mine = std::getenv("GRANTFLOW_AUDIT_KEY");
    const std::string saved = mine ? mine : "";
    ::setenv("GRANTFLOW_AUDIT_KEY", std::string(64, 'w').c_str(), 1);
    auto wrong = run({"audit", "verify"});
    ::setenv("GRANTFLOW_AUDIT_KEY", saved.c_str(), 1);
    EXPECT_EQ(wrong.exitCode, 1);
    EXPECT_TRUE(contains(wrong.err, "is signed with audit key " + keyId())) << wrong.err;
}

TEST_P(AuditCli, AnExportedHeadVerifiesUntilTheTrailIsRewritten) {
    auto head = run({"audit", "head"});
    ASSERT_EQ(head.exitCode, 0) << head.err;
    EXPECT_TRUE(contains(head.out, "grantflow-audit-head seq=")) << head.out;
    const std::string file = headFile(head.out);

    ASSERT_EQ(run({"envelope", "set", "WATER", "2031", "100000"}).exitCode, 0);
    auto kept = run({"audit", "verify", "--head", file});
    EXPECT_EQ(kept.exitCode, 0) << kept.err;
    EXPECT_TRUE(contains(kept.out, "exported head intact")) << kept.out;

    forge(db(), 5, plainSha256, keyId());
    auto rewritten = run({"audit", "verify", "--head", file});
    EXPECT_EQ(rewritten.exitCode, 1);
    EXPECT_TRUE(contains(rewritten.err, "exported head BROKEN")) << rewritten.err;
}

TEST_P(AuditCli, AStateWrittenWithoutItsEntryIsReportedWithItsIds) {
    execute(db(), "UPDATE applications SET state = 'granted' WHERE id = 1");
    execute(db(),
            "UPDATE budget_ledger SET amount_cents = amount_cents + 1 WHERE id = "
            "(SELECT MIN(id) FROM budget_ledger)");
    auto checked = run({"audit", "verify"});
    EXPECT_EQ(checked.exitCode, 1);
    EXPECT_TRUE(contains(checked.out, "audit trail intact")) << checked.out;
    EXPECT_TRUE(contains(checked.err, "MISMATCH application_state: application 1 ("))
        << checked.err;
    EXPECT_TRUE(contains(checked.err, "MISMATCH ledger_entry: ledger row ")) << checked.err;
    EXPECT_TRUE(contains(checked.err, "2 mismatch(es)")) << checked.err;
}

GRANTFLOW_INSTANTIATE_BACKENDS(AuditCli);

}  // namespace
