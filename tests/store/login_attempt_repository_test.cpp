#include "store/login_attempt_repository.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using std::chrono::minutes;

const engine::Timestamp kNow = at("2026-02-01T08:00:00Z");

class LoginAttemptRepositoryTest : public BackendTest {
protected:
    store::LoginAttemptRepository attempts() { return store::LoginAttemptRepository(db()); }
};

TEST_P(LoginAttemptRepositoryTest, FailuresAreCountedPerNormalisedEmailSinceATime) {
    attempts().record("Alice@Asso.org", "10.0.0.1", false, kNow - minutes(30));
    attempts().record("alice@asso.org ", "10.0.0.2", false, kNow - minutes(10));
    attempts().record(" ALICE@ASSO.ORG", "10.0.0.3", false, kNow - minutes(5));
    attempts().record("bob@asso.org", "10.0.0.1", false, kNow - minutes(5));

    EXPECT_EQ(attempts().failuresForEmail("alice@asso.org", kNow - minutes(60)), 3);
    EXPECT_EQ(attempts().failuresForEmail("Alice@asso.org", kNow - minutes(15)), 2);
    EXPECT_EQ(attempts().failuresForEmail("alice@asso.org", kNow - minutes(5)), 1);  // inclusive
    EXPECT_EQ(attempts().failuresForEmail("carol@asso.org", kNow - minutes(60)), 0);
}

TEST_P(LoginAttemptRepositoryTest, AReservationIsRefusedAtTheLimitAndASuccessRestartsTheEmail) {
    const engine::AttemptLimits limits{
        .since = kNow - minutes(15), .maxFailuresPerEmail = 2, .maxFailuresPerAddress = 3};
    attempts().record("alice@asso.org", "10.0.0.1", false, kNow - minutes(20));  // outside
    auto first = attempts().reserve("Alice@asso.org", "10.0.0.1", limits, kNow - minutes(3));
    auto second = attempts().reserve("alice@asso.org", "10.0.0.2", limits, kNow - minutes(2));
    ASSERT_TRUE(first && second);
    EXPECT_NE(*first, *second);
    EXPECT_FALSE(attempts().reserve("alice@asso.org", "10.0.0.3", limits, kNow));
    EXPECT_EQ(attempts().failuresForEmail("alice@asso.org", kNow - minutes(15)), 2);

    // A success counts from then on for the e-mail, not for the address.
    attempts().markSucceeded(*second);
    EXPECT_EQ(attempts().lastSuccessForEmail("alice@asso.org"), kNow - minutes(2));
    ASSERT_TRUE(attempts().reserve("alice@asso.org", "10.0.0.1", limits, kNow));
    ASSERT_TRUE(attempts().reserve("bob@asso.org", "10.0.0.1", limits, kNow));
    EXPECT_FALSE(attempts().reserve("carol@asso.org", "10.0.0.1", limits, kNow))
        << "10.0.0.1 has 3 failures within the window";
}

TEST_P(LoginAttemptRepositoryTest, SignInsAreAuditedWhenAdmittedAndWhenTheySucceed) {
    const engine::AttemptLimits limits{
        .since = kNow - minutes(15), .maxFailuresPerEmail = 5, .maxFailuresPerAddress = 5};
    auto failed = attempts().reserve("Alice@asso.org", "10.0.0.1", limits, kNow - minutes(2));
    auto good = attempts().reserve("alice@asso.org", "10.0.0.1", limits, kNow);
    ASSERT_TRUE(failed && good);
    attempts().markSucceeded(*good);
    // Link requests and registrations are counted here too, not audited as sign-ins.
    ASSERT_TRUE(attempts().reserve("password_reset:alice@asso.org", "password_reset:10.0.0.1",
                                   limits, kNow));

    auto s = db().session();
    std::vector<std::string> actions(3), details(3);
    *s << "SELECT action, details FROM audit_entries ORDER BY seq", soci::into(actions),
        soci::into(details);
    ASSERT_EQ(actions.size(), 3u);
    EXPECT_EQ(actions[0], "sign_in_attempt");
    EXPECT_EQ(details[0], "{\"attempt_id\":" + std::to_string(*failed) +
                              ",\"email\":\"alice@asso.org\",\"address\":\"10.0.0.1\"}");
    EXPECT_EQ(actions[1], "sign_in_attempt");
    EXPECT_EQ(actions[2], "signed_in");
    EXPECT_NE(details[2].find("\"attempt_id\":" + std::to_string(*good)), std::string::npos);
}

TEST_P(LoginAttemptRepositoryTest, ParallelReservationsThroughTwoPoolsNeverPassTheLimit) {
    // Two Database objects are two pools of connections, as two server
    // processes would have.
    auto other = open();
    store::LoginAttemptRepository here(db()), there(*other);
    const engine::AttemptLimits limits{
        .since = kNow - minutes(15), .maxFailuresPerEmail = 5, .maxFailuresPerAddress = 100};
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 24; ++i)
        threads.emplace_back([&, i] {
            auto& repository = i % 2 == 0 ? here : there;
            if (repository.reserve("alice@asso.org", "10.0.0." + std::to_string(i), limits, kNow))
                ++admitted;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(admitted.load(), 5);
    EXPECT_EQ(attempts().failuresForEmail("alice@asso.org", kNow - minutes(15)), 5);
}

TEST_P(LoginAttemptRepositoryTest, FailuresAreCountedPerAddress) {
    attempts().record("a@asso.org", "10.0.0.1", false, kNow - minutes(3));
    attempts().record("b@asso.org", "10.0.0.1", false, kNow - minutes(2));
    attempts().record("c@asso.org", "10.0.0.1", true, kNow - minutes(1));
    attempts().record("a@asso.org", "10.0.0.2", false, kNow - minutes(1));
    EXPECT_EQ(attempts().failuresForAddress("10.0.0.1", kNow - minutes(10)), 2);
    EXPECT_EQ(attempts().failuresForAddress("10.0.0.2", kNow - minutes(10)), 1);
    EXPECT_EQ(attempts().failuresForAddress("10.0.0.3", kNow - minutes(10)), 0);
}

TEST_P(LoginAttemptRepositoryTest, ASuccessDoesNotEraseFailuresButIsReported) {
    attempts().record("alice@asso.org", "10.0.0.1", false, kNow - minutes(3));
    attempts().record("alice@asso.org", "10.0.0.1", true, kNow - minutes(2));
    attempts().record("alice@asso.org", "10.0.0.1", false, kNow - minutes(1));
    EXPECT_EQ(attempts().failuresForEmail("alice@asso.org", kNow - minutes(10)), 2);
    EXPECT_EQ(attempts().lastSuccessForEmail("ALICE@asso.org"), kNow - minutes(2));
    EXPECT_FALSE(attempts().lastSuccessForEmail("bob@asso.org"));
    // The caller's window after the last success sees one failure.
    EXPECT_EQ(attempts().failuresForEmail("alice@asso.org", kNow - minutes(2)), 1);
}

TEST_P(LoginAttemptRepositoryTest, OldAttemptsArePurged) {
    attempts().record("a@asso.org", "10.0.0.1", false, kNow - minutes(90));
    attempts().record("a@asso.org", "10.0.0.1", false, kNow - minutes(30));
    EXPECT_EQ(attempts().purgeBefore(kNow - minutes(60)), 1);
    EXPECT_EQ(attempts().failuresForEmail("a@asso.org", kNow - minutes(120)), 1);
}

TEST_P(LoginAttemptRepositoryTest, SqlMetacharactersInInputAreJustText) {
    const std::string nasty = "x' OR '1'='1 --@asso.org";
    attempts().record(nasty, "'; DROP TABLE users; --", false, kNow);
    EXPECT_EQ(attempts().failuresForEmail(nasty, kNow), 1);
    EXPECT_EQ(attempts().failuresForEmail("a@asso.org", kNow), 0);
    EXPECT_EQ(attempts().failuresForAddress("'; DROP TABLE users; --", kNow), 1);
    EXPECT_EQ(countRows(db(), "users"), 0);  // the table is still there
}

GRANTFLOW_INSTANTIATE_BACKENDS(LoginAttemptRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
