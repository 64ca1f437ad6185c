// `grantflow workflow publish|diff|versions|migrate` as an operator runs
// them, on each backend: the workflows folder is published at start, a
// candidate's diff, its publication, a refused mapping and a dry run that
// changes nothing, then the migration itself.
#include <filesystem>
#include <fstream>

#include "store/audit_verifier.hpp"
#include "tests/app/cli_fixture.hpp"
#include "tests/services/workflow_versions_data.hpp"

using grantflow::testing::CliTest;
using grantflow::testing::contains;

namespace {

class WorkflowCli : public CliTest {
protected:
    void SetUp() override {
        CliTest::SetUp();
        if (HasFatalFailure()) return;
        folder_ = std::filesystem::temp_directory_path() /
                  ("grantflow-wf-" + std::to_string(::getpid()) + "-" + GetParam());
        std::filesystem::create_directories(folder_ / "workflows");
        write(folder_ / "workflows" / "grants.json", grantflow::testing::kGrantsV1);
        write(folder_ / "grants-v2.json", grantflow::testing::kGrantsV2);
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(folder_, ignored);
        CliTest::TearDown();
    }
    static void write(const std::filesystem::path& path, const std::string& text) {
        std::ofstream(path) << text;
    }
    // Every command with the test's own workflows folder.
    grantflow::testing::ProgramResult run(std::vector<std::string> args) {
        args.insert(args.end(), {"--workflows", (folder_ / "workflows").string()});
        return CliTest::run(std::move(args));
    }
    long long count(const std::string& sql) {
        long long n = 0;
        *db().session() << sql, soci::into(n);
        return n;
    }
    std::string dump() {
        std::string out;
        std::string state;
        long long id = 0, version = 0;
        int wv = 0;
        auto s = db().session();
        soci::statement st =
            (s->prepare << "SELECT id, state, workflow_version, version FROM "
                           "applications ORDER BY id",
             soci::into(id), soci::into(state), soci::into(wv), soci::into(version));
        st.execute();
        while (st.fetch())
            out += std::to_string(id) + state + std::to_string(wv) + std::to_string(version) + ";";
        return out + std::to_string(count("SELECT COUNT(*) FROM audit_entries"));
    }
    std::string candidate() const { return (folder_ / "grants-v2.json").string(); }

    std::filesystem::path folder_;
};

}  // namespace

TEST_P(WorkflowCli, TheFolderIsPublishedAndACandidateIsDiffedThenPublished) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto versions = run({"workflow", "versions"});
    ASSERT_EQ(versions.exitCode, 0) << versions.err;
    EXPECT_TRUE(contains(versions.out, "GRANTS           1")) << versions.out;
    EXPECT_TRUE(contains(versions.out, "workflows folder")) << versions.out;

    auto diff = run({"workflow", "diff", candidate()});
    ASSERT_EQ(diff.exitCode, 0) << diff.err;
    EXPECT_TRUE(contains(diff.out, "GRANTS: version 1 -> 2")) << diff.out;
    EXPECT_TRUE(contains(diff.out, "- state escalated")) << diff.out;
    EXPECT_TRUE(contains(diff.out, "+ transition start_review")) << diff.out;
    EXPECT_TRUE(contains(diff.out, "    roles: reviewer -> reviewer, clerk")) << diff.out;
    EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_versions"), 1) << "a diff publishes nothing";

    auto publish = run({"workflow", "publish", candidate()});
    ASSERT_EQ(publish.exitCode, 0) << publish.err;
    EXPECT_TRUE(contains(publish.out, "published GRANTS version 2")) << publish.out;
    auto again = run({"workflow", "publish", candidate()});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(contains(again.err, "GRANTS version 2 is already published")) << again.err;
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_entries WHERE action = 'workflow_published'"), 2);

    // The folder's version 1 is older than the version in force but
    // published as it is: the next command starts.
    EXPECT_EQ(run({"workflow", "versions", "GRANTS"}).exitCode, 0);
}

TEST_P(WorkflowCli, AChangedPublishedFileIsRefusedNamingTheFile) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    std::string changed = grantflow::testing::kGrantsV1;
    changed.replace(changed.find("\"title\": \"Grants\""), 17, "\"title\": \"Aid\"");
    write(folder_ / "workflows" / "grants.json", changed);
    auto refused = run({"workflow", "versions"});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.err, "grants.json")) << refused.err;
    EXPECT_TRUE(contains(refused.err, "already published with other content")) << refused.err;
}

TEST_P(WorkflowCli, MigrateRefusesALostStateDryRunsAndMoves) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    ASSERT_EQ(run({"workflow", "publish", candidate()}).exitCode, 0);
    *db().session() << "INSERT INTO organisations (name) VALUES ('Asso')";
    for (int i = 1; i <= 3; ++i)
        *db().session() << "INSERT INTO applications (reference, programme, workflow_version, "
                           "organization_id, title, amount_requested_cents, state, version, year, "
                           "created_at, state_entered_at) VALUES ('GRANTS-2026-0000" +
                               std::to_string(i) + "', 'GRANTS', 1, 1, 'T', 100, '" +
                               (i == 3 ? "closed" : "escalated") +
                               "', 1, 2026, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')";
    const std::string before = dump();

    auto unmapped = run({"workflow", "migrate", "GRANTS", "--from", "1", "--to", "2"});
    EXPECT_EQ(unmapped.exitCode, 2);
    EXPECT_TRUE(contains(unmapped.err, "must be mapped (--map OLD=NEW): escalated"))
        << unmapped.err;
    auto nowhere = run({"workflow", "migrate", "GRANTS", "--from", "1", "--to", "2", "--map",
                        "escalated=reviewing"});
    EXPECT_EQ(nowhere.exitCode, 2);
    EXPECT_TRUE(contains(nowhere.err,
                         "`reviewing` (for `escalated`) is not a state of GRANTS "
                         "version 2"))
        << nowhere.err;
    auto badMap =
        run({"workflow", "migrate", "GRANTS", "--from", "1", "--to", "2", "--map", "escalated"});
    EXPECT_EQ(badMap.exitCode, 2);
    EXPECT_TRUE(contains(badMap.err, "--map must be OLD=NEW")) << badMap.err;

    auto dry = run({"workflow", "migrate", "GRANTS", "--from", "1", "--to", "2", "--map",
                    "escalated=under_review", "--dry-run"});
    ASSERT_EQ(dry.exitCode, 0) << dry.err;
    EXPECT_TRUE(contains(dry.out, "GRANTS-2026-00001  escalated -> under_review")) << dry.out;
    EXPECT_FALSE(contains(dry.out, "GRANTS-2026-00003")) << "closed applications stay";
    EXPECT_TRUE(contains(dry.out, "dry run: 2 application(s) would move")) << dry.out;
    EXPECT_EQ(dump(), before);

    auto real = run({"workflow", "migrate", "GRANTS", "--from", "1", "--to", "2", "--map",
                     "escalated=under_review"});
    ASSERT_EQ(real.exitCode, 0) << real.err;
    EXPECT_TRUE(contains(real.out, "migrated 2 application(s) (GRANTS version 1 -> 2)"))
        << real.out;
    EXPECT_EQ(count("SELECT COUNT(*) FROM applications WHERE workflow_version = 2 AND state = "
                    "'under_review' AND version = 2"),
              2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_entries WHERE action = 'workflow_migrated'"), 2);
    EXPECT_TRUE(grantflow::store::AuditVerifier(db()).verify().ok());
}

GRANTFLOW_INSTANTIATE_BACKENDS(WorkflowCli);
