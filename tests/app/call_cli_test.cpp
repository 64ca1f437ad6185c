// `grantflow call open|list` as an operator runs them, on each backend.
#include "store/audit_verifier.hpp"
#include "tests/app/cli_fixture.hpp"

using grantflow::testing::CliTest;
using grantflow::testing::contains;

namespace {

class CallCli : public CliTest {};

}  // namespace

TEST_P(CallCli, OpensACallListsItAndAuditsIt) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto opened = run(
        {"call", "open", "HEALTH", "--from", "2031-02-01", "--to", "2031-03-31", "--year", "2031"});
    ASSERT_EQ(opened.exitCode, 0) << opened.err;
    EXPECT_TRUE(contains(opened.out, "HEALTH       2031-02-01 2031-03-31 2031")) << opened.out;
    EXPECT_TRUE(contains(opened.out, "HEALTH 2031")) << opened.out;
    auto titled = run({"call", "open", "WATER", "--from", "2031-02-01", "--to", "2031-03-31",
                       "--year", "2031", "--title", "Eau et assainissement 2031"});
    ASSERT_EQ(titled.exitCode, 0) << titled.err;

    auto all = run({"call", "list"});
    ASSERT_EQ(all.exitCode, 0) << all.err;
    EXPECT_TRUE(contains(all.out, "HEALTH 2031")) << all.out;
    EXPECT_TRUE(contains(all.out, "Eau et assainissement 2031")) << all.out;
    auto water = run({"call", "list", "WATER"});
    ASSERT_EQ(water.exitCode, 0) << water.err;
    EXPECT_FALSE(contains(water.out, "HEALTH")) << water.out;
    EXPECT_TRUE(contains(water.out, "Eau et assainissement 2031")) << water.out;

    int audited = 0;
    *db().session() << "SELECT COUNT(*) FROM audit_entries WHERE action = 'call_opened'",
        soci::into(audited);
    EXPECT_EQ(audited, 2);
    EXPECT_TRUE(grantflow::store::AuditVerifier(db()).verify().ok());
}

TEST_P(CallCli, BadArgumentsAreNamedAndFail) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto unknown = run(
        {"call", "open", "NOPE", "--from", "2031-02-01", "--to", "2031-03-31", "--year", "2031"});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(contains(unknown.err, "CODE: no programme `NOPE`")) << unknown.err;
    auto backwards = run(
        {"call", "open", "HEALTH", "--from", "2031-03-31", "--to", "2031-02-01", "--year", "2031"});
    EXPECT_EQ(backwards.exitCode, 2);
    EXPECT_TRUE(contains(backwards.err, "--to: must be on or after")) << backwards.err;
    auto badDay =
        run({"call", "open", "HEALTH", "--from", "1 Feb", "--to", "2031-02-01", "--year", "2031"});
    EXPECT_EQ(badDay.exitCode, 2);
    EXPECT_TRUE(contains(badDay.err, "--from: must be a date YYYY-MM-DD")) << badDay.err;
    auto year = run(
        {"call", "open", "HEALTH", "--from", "2031-02-01", "--to", "2031-03-31", "--year", "1999"});
    EXPECT_EQ(year.exitCode, 2);
    EXPECT_TRUE(contains(year.err, "--year must be between 2000 and 2200")) << year.err;
    auto missing = run({"call", "open", "HEALTH", "--from", "2031-02-01", "--year", "2031"});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(contains(missing.err, "--to")) << missing.err;
    auto emergency = run({"call", "open", "EMERGENCY", "--from", "2031-02-01", "--to", "2031-03-31",
                          "--year", "2031"});
    EXPECT_EQ(emergency.exitCode, 2);
    EXPECT_TRUE(contains(emergency.err, "CODE: EMERGENCY takes applications all year round"))
        << emergency.err;

    ASSERT_EQ(run({"call", "open", "HEALTH", "--from", "2031-02-01", "--to", "2031-03-31", "--year",
                   "2031"})
                  .exitCode,
              0);
    auto overlap = run(
        {"call", "open", "HEALTH", "--from", "2031-03-01", "--to", "2031-04-30", "--year", "2031"});
    EXPECT_EQ(overlap.exitCode, 2);
    EXPECT_TRUE(contains(overlap.err, "--from: overlaps call 1 (2031-02-01 – 2031-03-31)"))
        << overlap.err;
    auto listUnknown = run({"call", "list", "NOPE"});
    EXPECT_EQ(listUnknown.exitCode, 2);
    EXPECT_TRUE(contains(listUnknown.err, "CODE: no programme `NOPE`")) << listUnknown.err;

    int calls = 0;
    *db().session() << "SELECT COUNT(*) FROM calls", soci::into(calls);
    EXPECT_EQ(calls, 1);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CallCli);
