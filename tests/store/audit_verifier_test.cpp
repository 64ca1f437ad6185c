#include "store/audit_verifier.hpp"

#include "store/audit_chain.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using Problem = store::AuditVerification::Problem;

// The unkeyed (v1) chain, as written before the audit key: its rules still
// hold for the entries before a trail's switch-over.
class AuditVerifierTest : public BackendTest {
protected:
    bool unkeyed() const override { return true; }

    // Five entries: two creations and three transitions.
    void writeTrail() {
        std::int64_t org = createOrganisation(db());
        auto a = store().insertApplication(sampleDraft(org), createdAudit()).value();
        auto b = store().insertApplication(sampleDraft(org), createdAudit()).value();
        ASSERT_TRUE(store().commit(sampleChange(a, "submitted", 1)).ok());
        ASSERT_TRUE(store().commit(sampleChange(b, "submitted", 1)).ok());
        auto review = sampleChange(a, "under_review", 2);
        review.fromState = "submitted";
        ASSERT_TRUE(store().commit(review).ok());
    }

    store::AuditVerification verify() { return store::AuditVerifier(db()).verify(); }
    store::SociWorkflowStore& store() {
        if (!store_) store_ = std::make_unique<store::SociWorkflowStore>(db());
        return *store_;
    }
    std::unique_ptr<store::SociWorkflowStore> store_;
};

TEST_P(AuditVerifierTest, AnEmptyTrailIsIntact) {
    auto v = verify();
    EXPECT_TRUE(v.ok()) << v.detail;
    EXPECT_EQ(v.entriesChecked, 0);
}

TEST_P(AuditVerifierTest, AnUntouchedTrailVerifiesEveryEntry) {
    writeTrail();
    auto v = verify();
    EXPECT_TRUE(v.ok()) << v.detail;
    EXPECT_EQ(v.entriesChecked, 5);
    EXPECT_EQ(v.brokenSeq, 0);
}

TEST_P(AuditVerifierTest, EachEntryChainsThePreviousHash) {
    writeTrail();
    auto first = store().history(1);
    ASSERT_EQ(first.size(), 3u);  // seq 1, 3, 5
    EXPECT_EQ(first[0].prevHash, store::kGenesisHash);
    EXPECT_EQ(first[0].hash, store::auditHash(store::kGenesisHash, first[0]));
    auto second = store().history(2);
    EXPECT_EQ(second[0].prevHash, first[0].hash);  // seq 2 follows seq 1
    EXPECT_EQ(first[1].prevHash, second[0].hash);  // seq 3 follows seq 2
}

TEST_P(AuditVerifierTest, AnEditedCommentIsDetectedAtItsSeq) {
    writeTrail();
    execute(db(), "UPDATE audit_entries SET comment = 'nothing to see' WHERE seq = 3");
    auto v = verify();
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.problem, Problem::ContentMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 3);
    EXPECT_EQ(v.entriesChecked, 2);
}

TEST_P(AuditVerifierTest, AnEditedTimestampIsDetected) {
    writeTrail();
    execute(db(), "UPDATE audit_entries SET at = '2020-01-01T00:00:00Z' WHERE seq = 4");
    auto v = verify();
    EXPECT_EQ(v.problem, Problem::ContentMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 4);
}

TEST_P(AuditVerifierTest, AnEntryRehashedAfterEditingBreaksTheNextLink) {
    writeTrail();
    // A forger who recomputes the edited entry's hash still breaks entry 3.
    auto entries = store().history(2);  // seq 2 and 4
    engine::AuditEntry forged = entries[0];
    forged.comment = "forged";
    std::string hash = store::auditHash(forged.prevHash, forged);
    execute(db(),
            "UPDATE audit_entries SET comment = 'forged', hash = '" + hash + "' WHERE seq = 2");
    auto v = verify();
    EXPECT_EQ(v.problem, Problem::PrevHashMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 3);
}

TEST_P(AuditVerifierTest, ADeletedEntryIsDetectedAtItsSeq) {
    writeTrail();
    execute(db(), "DELETE FROM audit_entries WHERE seq = 2");
    auto v = verify();
    EXPECT_EQ(v.problem, Problem::MissingEntry) << v.detail;
    EXPECT_EQ(v.brokenSeq, 2);
    EXPECT_EQ(v.entriesChecked, 1);
}

TEST_P(AuditVerifierTest, ADeletedLastEntryIsDetectedByTheHead) {
    writeTrail();
    execute(db(), "DELETE FROM audit_entries WHERE seq = 5");
    auto v = verify();
    EXPECT_EQ(v.problem, Problem::HeadMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 5);
}

TEST_P(AuditVerifierTest, AFirstEntryWithAForgedPreviousHashIsDetected) {
    writeTrail();
    execute(db(),
            "UPDATE audit_entries SET prev_hash = '" + std::string(64, 'f') + "' WHERE seq = 1");
    auto v = verify();
    EXPECT_EQ(v.problem, Problem::PrevHashMismatch) << v.detail;
    EXPECT_EQ(v.brokenSeq, 1);
}

TEST(AuditChainTest, CanonicalTextIsLengthPrefixedSoFieldsCannotBleedIntoEachOther) {
    engine::AuditEntry a;
    a.seq = 1;
    a.comment = "x\nto_state=1:y";
    engine::AuditEntry b;
    b.seq = 1;
    b.comment = "x";
    b.toState = "y";
    EXPECT_NE(store::canonicalAuditText(a), store::canonicalAuditText(b));
    EXPECT_NE(store::auditHash(store::kGenesisHash, a), store::auditHash(store::kGenesisHash, b));
    EXPECT_EQ(
        store::canonicalAuditText(b),
        "grantflow-audit-v1\nseq=1:1\napplication_id=1:0\nactor_id=1:0\nactor_role=0:\naction=0:\n"
        "from_state=0:\nto_state=1:y\ncomment=1:x\nat=20:1970-01-01T00:00:00Z\ndetails=0:\n");
}

GRANTFLOW_INSTANTIATE_BACKENDS(AuditVerifierTest);

}  // namespace
}  // namespace grantflow::testing
