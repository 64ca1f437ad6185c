#include "store/login_attempt_repository.hpp"

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
