// `grantflow envelope set|list` as an operator runs them, on each backend.
#include "store/audit_verifier.hpp"
#include "tests/app/cli_fixture.hpp"

using grantflow::testing::CliTest;
using grantflow::testing::contains;

namespace {

class EnvelopeCli : public CliTest {};

}  // namespace

TEST_P(EnvelopeCli, SetsAnEnvelopeListsItAndAuditsIt) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto set = run({"envelope", "set", "WATER", "2031", "100000000"});
    ASSERT_EQ(set.exitCode, 0) << set.err;
    EXPECT_TRUE(contains(set.out, "WATER")) << set.out;
    EXPECT_TRUE(contains(set.out, "envelope=100000000")) << set.out;

    auto list = run({"envelope", "list", "--year", "2031"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_TRUE(contains(list.out, "EMERGENCY")) << list.out;
    EXPECT_TRUE(contains(list.out,
                         "WATER            2031  envelope=100000000  reserved=0  "
                         "committed=0  paid=0  available=100000000"))
        << list.out;
    auto other = run({"envelope", "list", "--year", "2030"});
    EXPECT_FALSE(contains(other.out, "envelope=100000000")) << other.out;

    int audited = 0;
    *db().session() << "SELECT COUNT(*) FROM audit_entries WHERE action = 'envelope_set'",
        soci::into(audited);
    EXPECT_EQ(audited, 1);
    EXPECT_TRUE(grantflow::store::AuditVerifier(db()).verify().ok());
}

TEST_P(EnvelopeCli, BadArgumentsAreNamedAndFail) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto unknown = run({"envelope", "set", "NOPE", "2031", "1"});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(contains(unknown.err, "CODE: no programme `NOPE`")) << unknown.err;
    auto year = run({"envelope", "set", "WATER", "1999", "1"});
    EXPECT_EQ(year.exitCode, 2);
    EXPECT_TRUE(contains(year.err, "YEAR must be between 2000 and 2200")) << year.err;
    auto amount = run({"envelope", "set", "WATER", "2031", "12.5"});
    EXPECT_EQ(amount.exitCode, 2);
    EXPECT_TRUE(contains(amount.err, "AMOUNT_CENTS must be a whole number")) << amount.err;
    auto negative = run({"envelope", "set", "WATER", "2031", "-1"});
    EXPECT_EQ(negative.exitCode, 2);
    EXPECT_TRUE(contains(negative.err, "AMOUNT_CENTS must be between 0")) << negative.err;
    auto missing = run({"envelope", "set", "WATER"});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(contains(missing.err, "usage: grantflow envelope set")) << missing.err;
    auto verb = run({"envelope", "drop"});
    EXPECT_NE(verb.exitCode, 0);
}

TEST_P(EnvelopeCli, AnEnvelopeBelowUseIsRefusedWithTheFigures) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    ASSERT_EQ(run({"envelope", "set", "WATER", "2031", "1000"}).exitCode, 0);
    *db().session() << "UPDATE envelopes SET reserved_cents = 600 WHERE programme = 'WATER' AND "
                       "year = 2031";
    auto lower = run({"envelope", "set", "WATER", "2031", "599"});
    EXPECT_EQ(lower.exitCode, 1);
    EXPECT_TRUE(contains(lower.err, "reserved 6.00 EUR (600 cents)")) << lower.err;
}

GRANTFLOW_INSTANTIATE_BACKENDS(EnvelopeCli);
