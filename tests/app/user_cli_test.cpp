// `grantflow user add|list|disable|enable|set-role` as an operator runs
// them, on each backend: finance officers and auditors are added like the
// other roles; every change goes through the staff rules and is audited.
#include "store/audit_verifier.hpp"
#include "tests/app/cli_fixture.hpp"

using namespace grantflow::testing;

namespace {

const std::string kPassword = "Correct-Horse-Battery-9\n";

class UserCli : public CliTest {
protected:
    void add(const std::string& email, const std::string& role,
             const std::vector<std::string>& more = {}) {
        std::vector<std::string> args{"user", "add", "--email", email, "--role", role};
        args.insert(args.end(), more.begin(), more.end());
        auto added = run(args, kPassword);
        ASSERT_EQ(added.exitCode, 0) << added.err;
    }
    int audited(const std::string& action) {
        int n = 0;
        *db().session() << "SELECT COUNT(*) FROM audit_entries WHERE action = '" + action + "'",
            soci::into(n);
        return n;
    }
    int activeOf(const std::string& email) {
        int active = -1;
        *db().session() << "SELECT active FROM users WHERE email = :e", soci::use(email),
            soci::into(active);
        return active;
    }
};

}  // namespace

TEST_P(UserCli, FinanceAndAuditorAccountsAreAddedAndListed) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    add("fin@paris.fr", "finance");
    add("eye@paris.fr", "auditor");
    add("rev@paris.fr", "reviewer", {"--programmes", "HEALTH,WATER"});
    auto list = run({"user", "list"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_TRUE(contains(list.out, "fin@paris.fr")) << list.out;
    EXPECT_TRUE(contains(list.out, "finance   active")) << list.out;
    EXPECT_TRUE(contains(list.out, "auditor   active")) << list.out;
    EXPECT_TRUE(contains(list.out, "HEALTH,WATER")) << list.out;
}

TEST_P(UserCli, DisableEnableAndSetRoleAreAudited) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    add("boss@paris.fr", "admin");
    add("clerk@paris.fr", "clerk");

    auto off = run({"user", "disable", "clerk@paris.fr"});
    ASSERT_EQ(off.exitCode, 0) << off.err;
    EXPECT_TRUE(contains(off.out, "disabled")) << off.out;
    EXPECT_EQ(activeOf("clerk@paris.fr"), 0);
    ASSERT_EQ(run({"user", "enable", "clerk@paris.fr"}).exitCode, 0);
    EXPECT_EQ(activeOf("clerk@paris.fr"), 1);

    auto reviewer =
        run({"user", "set-role", "clerk@paris.fr", "reviewer", "--programmes", "HEALTH"});
    ASSERT_EQ(reviewer.exitCode, 0) << reviewer.err;
    EXPECT_TRUE(contains(reviewer.out, "reviewer")) << reviewer.out;
    EXPECT_TRUE(contains(reviewer.out, "HEALTH")) << reviewer.out;

    EXPECT_EQ(audited("user_changed"), 3);
    EXPECT_TRUE(grantflow::store::AuditVerifier(db()).verify().ok());
}

TEST_P(UserCli, TheLastActiveAdministratorStays) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    add("boss@paris.fr", "admin");
    auto off = run({"user", "disable", "boss@paris.fr"});
    EXPECT_EQ(off.exitCode, 1);
    EXPECT_TRUE(contains(off.err, "last active administrator")) << off.err;
    auto demote = run({"user", "set-role", "boss@paris.fr", "clerk"});
    EXPECT_EQ(demote.exitCode, 1);
    EXPECT_EQ(activeOf("boss@paris.fr"), 1);
    EXPECT_EQ(audited("user_changed"), 0);

    add("second@paris.fr", "admin");
    EXPECT_EQ(run({"user", "disable", "boss@paris.fr"}).exitCode, 0);
    EXPECT_EQ(activeOf("boss@paris.fr"), 0);
}

TEST_P(UserCli, BadArgumentsAreNamedAndFail) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    add("clerk@paris.fr", "clerk");
    auto unknown = run({"user", "disable", "nobody@paris.fr"});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(contains(unknown.err, "EMAIL: no staff account")) << unknown.err;
    auto role = run({"user", "set-role", "clerk@paris.fr", "wizard"});
    EXPECT_EQ(role.exitCode, 2);
    EXPECT_TRUE(contains(role.err, "ROLE")) << role.err;
    auto programmes =
        run({"user", "set-role", "clerk@paris.fr", "clerk", "--programmes", "HEALTH"});
    EXPECT_EQ(programmes.exitCode, 2);
    EXPECT_TRUE(contains(programmes.err, "programmes are for reviewers only")) << programmes.err;
    auto missing = run({"user", "set-role", "clerk@paris.fr"});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(contains(missing.err, "usage: grantflow user set-role")) << missing.err;
    auto help = runProgram(kGrantflowProgram, {"help"});
    EXPECT_TRUE(contains(help.out, "user disable EMAIL")) << help.out;
    EXPECT_TRUE(contains(help.out, "user set-role EMAIL ROLE")) << help.out;
}

GRANTFLOW_INSTANTIATE_BACKENDS(UserCli);
