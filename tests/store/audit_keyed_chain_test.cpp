// The keyed audit chain (grantflow-audit-v2): what someone who can write
// every table but does not hold the key can no longer hide.
#include <functional>

#include "security/digest.hpp"
#include "security/hmac.hpp"
#include "store/audit_chain.hpp"
#include "store/audit_cross_check.hpp"
#include "store/audit_head.hpp"
#include "store/audit_monitor.hpp"
#include "store/audit_verifier.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/audit_forger.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using Problem = store::AuditVerification::Problem;

const std::string kKey(64, 'k');
const std::string kOtherKey(64, 'o');

// A forger's guess at the key.
std::string hmacWithOtherKey(const std::string& prev, const std::string& canonical) {
    return security::hmacSha256Hex(kOtherKey, prev + canonical);
}

store::DatabaseOptions keyed(const std::string& key, std::vector<std::string> previous = {}) {
    store::DatabaseOptions options;
    options.auditKeys = store::AuditKeyring(key, std::move(previous));
    return options;
}

class AuditKeyedChainTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override { return keyed(kKey); }
    // open() without a key gives an unkeyed writer (the upgrade tests).
    bool unkeyed() const override { return true; }

    // Five entries through `db`: two creations and three transitions.
    void writeTrail(store::Database& db) {
        store::SociWorkflowStore store(db);
        std::int64_t org = createOrganisation(db);
        auto a = store.insertApplication(sampleDraft(org), createdAudit()).value();
        auto b = store.insertApplication(sampleDraft(org), createdAudit()).value();
        ASSERT_TRUE(store.commit(sampleChange(a, "submitted", 1)).ok());
        ASSERT_TRUE(store.commit(sampleChange(b, "submitted", 1)).ok());
        auto review = sampleChange(a, "under_review", 2);
        review.fromState = "submitted";
        ASSERT_TRUE(store.commit(review).ok());
    }
};

TEST_P(AuditKeyedChainTest, EntriesAreSignedWithTheKeyAndVerify) {
    writeTrail(db());
    auto rows = rowsOf(db());
    ASSERT_EQ(rows.size(), 5u);
    const std::string id = store::AuditKeyring::idOf(kKey);
    for (const auto& r : rows) EXPECT_EQ(r.keyId, id) << r.seq;
    // HMAC-SHA-256 of prev_hash || the v2 text, under the key.
    EXPECT_EQ(rows[0].hash,
              security::hmacSha256Hex(
                  kKey, store::kGenesisHash +
                            store::canonicalAuditText(rows[0].toEntry(), rows[0].at, id)));
    EXPECT_EQ(store::canonicalAuditText(rows[0].toEntry(), rows[0].at, id).substr(0, 19),
              "grantflow-audit-v2\n");
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_TRUE(v.ok()) << v.detail;
    EXPECT_EQ(v.entriesChecked, 5);
    EXPECT_EQ(v.keyedFromSeq, 1);
}

TEST_P(AuditKeyedChainTest, AChainForgedWithPlainSha256IsDetectedAtTheFirstForgedSeq) {
    writeTrail(db());
    forge(db(), 3, plainSha256, store::AuditKeyring::idOf(kKey));
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_EQ(v.problem, Problem::ContentMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 3);
    EXPECT_EQ(v.entriesChecked, 2);
}

TEST_P(AuditKeyedChainTest, AChainForgedAsUnkeyedV1EntriesIsDetectedAtTheFirstForgedSeq) {
    writeTrail(db());
    forge(db(), 3, plainSha256, "");
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_EQ(v.problem, Problem::FormatMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 3);
}

TEST_P(AuditKeyedChainTest, AChainForgedWithAWrongKeyIsDetectedAtTheFirstForgedSeq) {
    writeTrail(db());
    // Claiming the real key's id: the HMAC does not match.
    forge(db(), 2, hmacWithOtherKey, store::AuditKeyring::idOf(kKey));
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_EQ(v.problem, Problem::ContentMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 2);
}

TEST_P(AuditKeyedChainTest, AnEntryNamingAnUnknownKeyIsDetected) {
    writeTrail(db());
    forge(db(), 4, hmacWithOtherKey, store::AuditKeyring::idOf(kOtherKey));
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_EQ(v.problem, Problem::UnknownKey) << v.detail;
    EXPECT_EQ(v.brokenSeq, 4);
}

TEST_P(AuditKeyedChainTest, AVerifierWithTheWrongKeyRefusesTheTrail) {
    writeTrail(db());
    auto other = open(keyed(kOtherKey));
    auto v = store::AuditVerifier(*other).verify();
    EXPECT_EQ(v.problem, Problem::UnknownKey) << v.detail;
    EXPECT_EQ(v.brokenSeq, 1);
    EXPECT_TRUE(store::auditKeyProblem(*other).has_value());
    EXPECT_FALSE(store::auditKeyProblem(db()).has_value());
}

TEST_P(AuditKeyedChainTest, ARotatedKeyVerifiesTheOldEntriesWhenKeptAsPrevious) {
    writeTrail(db());
    auto rotated = open(keyed(kOtherKey, {kKey}));
    EXPECT_FALSE(store::auditKeyProblem(*rotated).has_value());
    writeTrail(*rotated);
    auto rows = rowsOf(*rotated);
    EXPECT_EQ(rows.front().keyId, store::AuditKeyring::idOf(kKey));
    EXPECT_EQ(rows.back().keyId, store::AuditKeyring::idOf(kOtherKey));
    auto v = store::AuditVerifier(*rotated).verify();
    EXPECT_TRUE(v.ok()) << v.detail;
    EXPECT_EQ(v.entriesChecked, 10);
    // Without the old key, its entries cannot be checked.
    auto forgetful = open(keyed(kOtherKey));
    EXPECT_EQ(store::AuditVerifier(*forgetful).verify().problem, Problem::UnknownKey);
}

TEST_P(AuditKeyedChainTest, AnUpgradedTrailKeepsItsUnkeyedEntriesAndKeysTheRest) {
    auto unkeyed = open();
    writeTrail(*unkeyed);  // v1, as written before the upgrade
    writeTrail(db());      // keyed from seq 6
    auto rows = rowsOf(db());
    ASSERT_EQ(rows.size(), 10u);
    EXPECT_FALSE(rows[4].keyed());
    EXPECT_TRUE(rows[5].keyed());
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_TRUE(v.ok()) << v.detail;
    EXPECT_EQ(v.entriesChecked, 10);
    EXPECT_EQ(v.keyedFromSeq, 6);
    // Once keyed, an unkeyed writer is refused rather than break the chain.
    EXPECT_THROW(writeTrail(*unkeyed), std::logic_error);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(AuditKeyedChainTest, MovingTheSwitchOverToHideKeyedEntriesIsDetected) {
    auto unkeyed = open();
    writeTrail(*unkeyed);
    writeTrail(db());
    execute(db(), "UPDATE audit_head SET keyed_from_seq = 8 WHERE id = 1");
    auto v = store::AuditVerifier(db()).verify();
    EXPECT_EQ(v.problem, Problem::FormatMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 6);
}

TEST_P(AuditKeyedChainTest, AnExportedHeadVerifiesUntilTheTrailIsRewritten) {
    writeTrail(db());
    const auto head = store::readAuditHead(db());
    EXPECT_EQ(head.seq, 5);
    const std::string line = signAuditHead(head, *db().auditKeys().current());
    EXPECT_EQ(line.rfind("grantflow-audit-head seq=5 hash=" + head.hash + " at=", 0), 0u) << line;
    auto check = store::checkExportedHead(db(), line);
    EXPECT_TRUE(check.ok) << check.detail;
    writeTrail(db());  // the trail grows: the exported entry is still there
    EXPECT_TRUE(store::checkExportedHead(db(), line).ok);

    // An altered line, or one signed with another key, is refused.
    std::string altered = line;
    altered.replace(altered.find("seq=5"), 5, "seq=4");
    EXPECT_FALSE(store::checkExportedHead(db(), altered).ok);
    auto other = open(keyed(kOtherKey, {kKey}));
    EXPECT_FALSE(
        store::checkExportedHead(db(), signAuditHead(head, *other->auditKeys().current())).ok);

    forge(db(), 2, plainSha256, store::AuditKeyring::idOf(kKey));
    check = store::checkExportedHead(db(), line);
    EXPECT_FALSE(check.ok);
    EXPECT_NE(check.detail.find("rewritten"), std::string::npos) << check.detail;
}

TEST_P(AuditKeyedChainTest, IncrementalVerificationStartsFromTheCheckpoint) {
    writeTrail(db());
    auto first = store::AuditVerifier(db()).verify();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first.verified.seq, 5);
    writeTrail(db());
    auto next = store::AuditVerifier(db()).verifyFrom(first.verified);
    EXPECT_TRUE(next.ok()) << next.detail;
    EXPECT_EQ(next.verified.seq, 10);
    EXPECT_EQ(next.entriesChecked, 10);

    // A rewrite before the checkpoint changes the checkpoint's hash.
    forge(db(), 3, plainSha256, store::AuditKeyring::idOf(kKey));
    auto after = store::AuditVerifier(db()).verifyFrom(next.verified);
    EXPECT_EQ(after.problem, Problem::PrevHashMismatch) << after.detail;
    EXPECT_EQ(after.brokenSeq, 10);
}

TEST_P(AuditKeyedChainTest, TheMonitorFlipsToBrokenAfterTamperingAndLogsIt) {
    writeTrail(db());
    store::AuditMonitor monitor(db(), logSink());
    monitor.check();
    EXPECT_FALSE(monitor.status().broken);
    EXPECT_EQ(monitor.status().verifiedSeq, 5);
    writeTrail(db());
    execute(db(), "UPDATE audit_entries SET comment = 'x' WHERE seq = 7");
    monitor.check();
    EXPECT_TRUE(monitor.status().broken);
    EXPECT_EQ(monitor.status().brokenSeq, 7);
    EXPECT_EQ(monitor.status().verifiedSeq, 6);
    bool logged = false;
    for (const auto& line : logSink().lines())
        logged = logged || line.find("audit_chain_broken") != std::string::npos;
    EXPECT_TRUE(logged);
}

TEST_P(AuditKeyedChainTest, CrossChecksReportStatesAndLedgerRowsThatDisagreeWithTheTrail) {
    writeTrail(db());
    EXPECT_TRUE(store::crossCheckAuditTrail(db()).empty());

    execute(db(), "UPDATE applications SET state = 'granted' WHERE id = 2");
    execute(db(),
            "INSERT INTO budget_ledger (application_id, programme, year, kind, amount_cents, line, "
            "at, audit_seq) VALUES (1, 'WATER', 2026, 'reserve', 500, '', "
            "'2026-03-02T10:00:00Z', 99)");
    execute(db(),
            "INSERT INTO budget_ledger (application_id, programme, year, kind, amount_cents, line, "
            "at, audit_seq) VALUES (1, 'WATER', 2026, 'reserve', 500, '', "
            "'2026-03-02T10:00:00Z', 2)");
    auto mismatches = store::crossCheckAuditTrail(db());
    ASSERT_EQ(mismatches.size(), 3u);
    EXPECT_EQ(mismatches[0].kind, "application_state");
    EXPECT_EQ(mismatches[0].id, 2);
    EXPECT_EQ(mismatches[0].seq, 4);
    EXPECT_EQ(mismatches[1].kind, "ledger_entry");
    EXPECT_NE(mismatches[1].detail.find("does not exist"), std::string::npos)
        << mismatches[1].detail;
    EXPECT_EQ(mismatches[2].seq, 2);  // entry 2 is about application 2
    EXPECT_NE(mismatches[2].detail.find("application 2"), std::string::npos)
        << mismatches[2].detail;
}

GRANTFLOW_INSTANTIATE_BACKENDS(AuditKeyedChainTest);

}  // namespace
}  // namespace grantflow::testing
