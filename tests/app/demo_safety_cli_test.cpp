// The demo's data never mixes with real data, on each backend: `grantflow
// demo` refuses a database holding anything but its own data, saying what it
// found, and `grantflow serve` refuses a database with the demo accounts
// (their password is published) unless started with --demo.
#include <unistd.h>

#include <filesystem>

#include "tests/app/cli_fixture.hpp"

using namespace grantflow::testing;

namespace {

constexpr int kExitConfig = 78;

class DemoSafetyCli : public CliTest {
protected:
    void SetUp() override {
        CliTest::SetUp();
        files_ = std::filesystem::temp_directory_path() /
                 ("gf-demo-safety-" + std::to_string(::getpid()) + "-" + GetParam());
        ASSERT_EQ(run({"init"}).exitCode, 0);
    }
    void TearDown() override {
        std::filesystem::remove_all(files_);
        CliTest::TearDown();
    }

    ProgramResult demo() { return run({"demo", "--files", files_.string()}); }
    ProgramResult addUser(const std::string& email) {
        return run({"user", "add", "--email", email, "--role", "clerk"}, "Seine-et-Marne-77\n");
    }
    long long count(const std::string& table) {
        long long n = 0;
        *db().session() << "SELECT COUNT(*) FROM " + table, soci::into(n);
        return n;
    }

    std::filesystem::path files_;
};

}  // namespace

TEST_P(DemoSafetyCli, DemoRefusesADatabaseWithAccountsOfItsOwnAndNamesThem) {
    ASSERT_EQ(addUser("camille@paris.fr").exitCode, 0);
    ASSERT_EQ(addUser("karim@paris.fr").exitCode, 0);

    auto refused = demo();
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.err,
                         "2 accounts not on demo.grantflow.fr (camille@paris.fr, karim@paris.fr)"))
        << refused.err;
    EXPECT_FALSE(contains(refused.out, "demo data created")) << refused.out;
    EXPECT_EQ(count("users"), 2) << "no demo account was added";
    EXPECT_EQ(count("applications"), 0);
    EXPECT_EQ(count("envelopes"), 0);
}

TEST_P(DemoSafetyCli, DemoRefusesEnvelopesSetWithoutItAndSaysWhatItFound) {
    ASSERT_EQ(run({"envelope", "set", "WATER", "2031", "100000000"}).exitCode, 0);

    auto refused = demo();
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.err, "this one holds 1 envelope, but no demo account"))
        << refused.err;
    EXPECT_EQ(count("users"), 0);
    EXPECT_EQ(count("envelopes"), 1) << "the operator's envelope is left as it was";
}

TEST_P(DemoSafetyCli, DemoRunsAgainOnItsOwnDataButNotOnceARealAccountJoinedIt) {
    auto first = demo();
    ASSERT_EQ(first.exitCode, 0) << first.err;
    auto again = demo();
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_TRUE(contains(again.out, "demo data already present")) << again.out;

    ASSERT_EQ(addUser("camille@paris.fr").exitCode, 0);
    auto refused = demo();
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.err, "1 account not on demo.grantflow.fr (camille@paris.fr)"))
        << refused.err;
}

TEST_P(DemoSafetyCli, ServeRefusesTheDemoAccountsWithoutDemo) {
    ASSERT_EQ(demo().exitCode, 0);
    auto refused = run({"serve", "--port", "0", "--files", files_.string()});
    EXPECT_EQ(refused.exitCode, kExitConfig) << refused.out << refused.err;
    EXPECT_TRUE(
        contains(refused.err, "demo accounts (@demo.grantflow.fr) whose password is published"))
        << refused.err;
    EXPECT_TRUE(contains(refused.err, "Start with --demo")) << refused.err;
    EXPECT_FALSE(contains(refused.out, "grantflow serving")) << refused.out;

    auto help = runProgram(kGrantflowProgram, {"serve", "--help"});
    EXPECT_TRUE(contains(help.out, "--demo")) << help.out;
}

GRANTFLOW_INSTANTIATE_BACKENDS(DemoSafetyCli);
