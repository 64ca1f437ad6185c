// `grantflow` as an operator uses it, against a real database on each backend.
#include <unistd.h>

#include <filesystem>
#include <map>

#include "tests/app/cli_fixture.hpp"

using namespace grantflow::testing;

namespace {

const std::string kWorkflows = std::string(GRANTFLOW_SOURCE_DIR) + "/workflows";

}  // namespace

class Cli : public CliTest {};

TEST_P(Cli, InitAndDemoAreIdempotent) {
    auto init = run({"init"});
    ASSERT_EQ(init.exitCode, 0) << init.err;
    EXPECT_TRUE(contains(init.out, "programmes: CULTURE_IF EMERGENCY HEALTH WATER")) << init.out;
    EXPECT_EQ(run({"init"}).exitCode, 0);

    const auto files = std::filesystem::temp_directory_path() /
                       ("gf-demo-files-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::remove_all(files);
    auto demo = run({"demo", "--files", files.string()});
    ASSERT_EQ(demo.exitCode, 0) << demo.err;
    EXPECT_TRUE(contains(demo.out, "demo data created"));
    EXPECT_TRUE(contains(demo.out, "clerk@demo.grantflow.fr"));
    // The demo's files (attachments and documents, with their folders) are
    // the server account's only.
    int filesStored = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(files)) {
        using std::filesystem::perms;
        const perms mode = entry.status().permissions();
        EXPECT_EQ(mode & (perms::group_all | perms::others_all), perms::none)
            << entry.path() << " is readable by others";
        filesStored += entry.is_regular_file() ? 1 : 0;
    }
    // On PostgreSQL the files are kept in the database (files.store).
    if (!isPostgres()) {
        EXPECT_GT(filesStored, 0);
    }
    auto again = run({"demo", "--files", files.string()});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_TRUE(contains(again.out, "demo data already present"));

    int users = 0, applications = 0;
    auto s = db().session();
    *s << "SELECT COUNT(*) FROM users", soci::into(users);
    *s << "SELECT COUNT(*) FROM applications", soci::into(applications);
    EXPECT_EQ(users, 9);
    EXPECT_EQ(applications, 8);

    // Every stage a visitor needs: drafts, the reviewers' queue, and grants
    // ready for a deliberation (EMERGENCY's after two reviewers), moved by
    // the engine, so their budget is reserved and their files are stored.
    std::map<std::string, int> states;
    {
        std::string state;
        int count = 0;
        soci::statement st =
            (s->prepare << "SELECT state, COUNT(*) FROM applications GROUP BY state",
             soci::into(state), soci::into(count));
        st.execute();
        while (st.fetch()) states[state] = count;
    }
    EXPECT_EQ(states, (std::map<std::string, int>{
                          {"approved", 3}, {"draft", 2}, {"submitted", 2}, {"under_review", 1}}));
    long long reserved = 0;
    *s << "SELECT SUM(amount_cents) FROM budget_ledger WHERE kind = 'reserve'",
        soci::into(reserved);
    EXPECT_EQ(reserved, (45'000 + 60'000 + 50'000) * 100LL);
    int attachments = 0;
    *s << "SELECT COUNT(*) FROM attachments", soci::into(attachments);
    EXPECT_GT(attachments, 0);
    std::size_t stored = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(files))
        if (entry.is_regular_file() && entry.path().parent_path().filename() != "tmp") ++stored;
    if (isPostgres()) {
        int blobs = 0;
        *s << "SELECT COUNT(*) FROM blobs", soci::into(blobs);
        stored += static_cast<std::size_t>(blobs);
    }
    EXPECT_GT(stored, 0u);
    std::filesystem::remove_all(files);
}

TEST_P(Cli, UserAddReadsThePasswordFromStandardInput) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto ok = run({"user", "add", "--email", "Camille@Paris.fr", "--role", "reviewer",
                   "--programmes", "HEALTH,WATER"},
                  "Seine-et-Marne-77\n");
    ASSERT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_TRUE(contains(ok.out, "camille@paris.fr (reviewer)")) << ok.out;

    auto dup = run({"user", "add", "--email", "camille@paris.fr", "--role", "clerk"},
                   "Seine-et-Marne-77\n");
    EXPECT_EQ(dup.exitCode, 1);
    EXPECT_FALSE(dup.err.empty());

    auto weak = run({"user", "add", "--email", "x@paris.fr", "--role", "clerk"}, "password\n");
    EXPECT_EQ(weak.exitCode, 2);
    EXPECT_TRUE(contains(weak.err, "the password must be at least 12 characters long")) << weak.err;

    auto noPassword = run({"user", "add", "--email", "y@paris.fr", "--role", "clerk"});
    EXPECT_EQ(noPassword.exitCode, 2);
    EXPECT_TRUE(contains(noPassword.err, "standard input")) << noPassword.err;

    auto badRole =
        run({"user", "add", "--email", "z@paris.fr", "--role", "mayor"}, "Seine-et-Marne-77\n");
    EXPECT_EQ(badRole.exitCode, 2);
    auto badProgramme =
        run({"user", "add", "--email", "z@paris.fr", "--role", "reviewer", "--programmes", "SPACE"},
            "Seine-et-Marne-77\n");
    EXPECT_EQ(badProgramme.exitCode, 2);
    EXPECT_TRUE(contains(badProgramme.err, "unknown programme `SPACE`"));
}

TEST_P(Cli, AuditVerifyFindsATamperedRow) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    ASSERT_EQ(run({"demo"}).exitCode, 0);
    auto intact = run({"audit", "verify"});
    ASSERT_EQ(intact.exitCode, 0) << intact.err;
    // The demo's 51 entries (its registrations, calls, files and steps)
    // after the 4 bundled workflows published at init.
    EXPECT_TRUE(contains(intact.out, "audit trail intact: 55 entries verified")) << intact.out;

    {
        auto s = db().session();
        *s << "UPDATE audit_entries SET comment = 'nothing to see' WHERE seq = 4";
    }
    auto broken = run({"audit", "verify"});
    EXPECT_EQ(broken.exitCode, 1);
    EXPECT_TRUE(contains(broken.err, "audit trail BROKEN at entry 4")) << broken.err;
    EXPECT_TRUE(contains(broken.err, "3 entries before it are intact")) << broken.err;
}

GRANTFLOW_INSTANTIATE_BACKENDS(Cli);

TEST(CliFiles, ANewSqliteDatabaseIsReadableByItsOwnerOnly) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("gf-umask-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto file = dir / "grantflow.db";
    auto init = runProgram(kGrantflowProgram,
                           {"init", "--db", "sqlite3://db=" + file.string(), "--workflows",
                            kWorkflows, "--plugins", GRANTFLOW_PLUGIN_DIR});
    ASSERT_EQ(init.exitCode, 0) << init.err;
    using std::filesystem::perms;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(entry.status().permissions() & (perms::group_all | perms::others_all),
                  perms::none)
            << entry.path();
    std::filesystem::remove_all(dir);
}

TEST(CliWorkflow, CheckAcceptsTheBundledProgrammes) {
    std::vector<std::string> args{"workflow", "check"};
    for (const char* f : {"health.json", "water.json", "emergency.json", "culture_if.json"})
        args.push_back(kWorkflows + "/" + f);
    auto r = runProgram(kGrantflowProgram, args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "ok " + kWorkflows + "/emergency.json: EMERGENCY version "))
        << r.out;
    EXPECT_FALSE(contains(r.out, "problem")) << r.out;
}

TEST(CliWorkflow, CheckNamesTheFileLineAndPathOfEachProblem) {
    std::string bad = std::string(GRANTFLOW_TEST_DATA_DIR) + "/workflows-bad/syntax_error.json";
    auto r = runProgram(kGrantflowProgram, {"workflow", "check", kWorkflows + "/health.json", bad});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(contains(r.out, "ok " + kWorkflows + "/health.json"));
    EXPECT_TRUE(contains(r.err, bad + ":6: $: JSON syntax error")) << r.err;
}

TEST(CliWorkflow, DefinitionsNeedingAMissingPluginFailClearly) {
    auto empty = std::filesystem::temp_directory_path() / "grantflow-no-plugins";
    std::filesystem::create_directories(empty);
    auto r = runProgram(kGrantflowProgram, {"workflow", "check", "--plugins", empty.string(),
                                            kWorkflows + "/water.json"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(contains(
        r.err, "unknown guard `oudin_santini.legal_cap` (is the plugin `oudin_santini` loaded?)"))
        << r.err;
}

TEST(CliWorkflow, APluginForAnotherSdkIsRefusedNamingItsFile) {
    auto dir = std::filesystem::temp_directory_path() / "grantflow-bad-plugin";
    std::filesystem::create_directories(dir);
    std::string plugin =
        std::string(GRANTFLOW_BINARY_DIR) + "/tests/plugins/bad_plugins/wrong_sdk.so";
    std::filesystem::copy_file(plugin, dir / "wrong_sdk.so",
                               std::filesystem::copy_options::overwrite_existing);
    auto r = runProgram(kGrantflowProgram, {"workflow", "check", "--plugins", dir.string(),
                                            kWorkflows + "/health.json"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(contains(
        r.err, (dir / "wrong_sdk.so").string() + ": refused: was built for plugin SDK version"))
        << r.err;
}

TEST(CliWorkflow, DotPrintsAGraphThatGraphvizReads) {
    auto r = runProgram(kGrantflowProgram, {"workflow", "dot", kWorkflows + "/emergency.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.rfind("digraph \"EMERGENCY v", 0), 0u) << r.out.substr(0, 40);
    EXPECT_TRUE(contains(r.out, "\"pre_approved\" -> \"approved\"")) << r.out;
    auto svg = runProgram("/usr/bin/dot", {"-Tsvg"}, r.out);
    EXPECT_EQ(svg.exitCode, 0) << svg.err;
    EXPECT_TRUE(contains(svg.out, "<svg"));
}

TEST(CliWorkflow, UnknownCommandsAndOptionsAreUsageErrors) {
    auto unknown = runProgram(kGrantflowProgram, {"frobnicate"});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(contains(unknown.err, "unknown command `frobnicate`"));
    auto option = runProgram(kGrantflowProgram, {"init", "--colour", "blue"});
    EXPECT_EQ(option.exitCode, 2);
    EXPECT_TRUE(contains(option.err, "unknown option --colour"));
    auto help = runProgram(kGrantflowProgram, {"help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(contains(help.out, "audit verify"));
}
