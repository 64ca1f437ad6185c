#include "store/session_repository.hpp"

#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using std::chrono::hours;
using std::chrono::seconds;

const engine::Timestamp kNow = at("2026-02-01T08:00:00Z");

class SessionRepositoryTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        userId_ =
            store::UserRepository(db())
                .create({"clerk@paris.fr", "Clerc", "hash", engine::Role::Clerk, std::nullopt, {}},
                        kNow)
                .value()
                .id;
    }
    store::SessionRepository sessions() { return store::SessionRepository(db()); }
    std::int64_t userId_ = 0;
};

TEST_P(SessionRepositoryTest, ACreatedSessionIsActiveUntilItExpires) {
    ASSERT_TRUE(sessions().create("hash-1", userId_, "csrf-1", kNow, kNow + hours(8)).ok());
    auto found = sessions().findActive("hash-1", kNow + hours(1));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->session.tokenHash, "hash-1");
    EXPECT_EQ(found->session.userId, userId_);
    EXPECT_EQ(found->session.csrfToken, "csrf-1");
    EXPECT_EQ(found->session.createdAt, kNow);
    EXPECT_EQ(found->session.expiresAt, kNow + hours(8));
    EXPECT_EQ(found->session.lastSeenAt, kNow);
    EXPECT_EQ(found->account.id, userId_);
    EXPECT_EQ(found->account.email, "clerk@paris.fr");
    EXPECT_EQ(found->account.role, engine::Role::Clerk);
    EXPECT_TRUE(found->account.active);
    EXPECT_TRUE(found->account.programmes.empty());

    EXPECT_TRUE(sessions().findActive("hash-1", kNow + hours(8) - seconds(1)));
    EXPECT_FALSE(sessions().findActive("hash-1", kNow + hours(8)));
    EXPECT_FALSE(sessions().findActive("other", kNow));
}

TEST_P(SessionRepositoryTest, ASessionIsReadWithItsAccountsProgrammesAndState) {
    store::UserRepository users(db());
    const auto reviewer = users
                              .create({"rev@paris.fr",
                                       "Relecteur",
                                       "hash",
                                       engine::Role::Reviewer,
                                       std::nullopt,
                                       {"WATER", "HEALTH"}},
                                      kNow)
                              .value();
    ASSERT_TRUE(sessions().create("rev", reviewer.id, "csrf", kNow, kNow + hours(8)).ok());
    auto found = sessions().findActive("rev", kNow);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->account.id, reviewer.id);
    EXPECT_EQ(found->account.programmes, (std::vector<std::string>{"HEALTH", "WATER"}))
        << "one row per programme, gathered in order";
    EXPECT_EQ(found->session.csrfToken, "csrf");

    // A deactivated account still comes with its session: refusing it is
    // the service's rule.
    {
        long long id = reviewer.id;
        *db().session() << "UPDATE users SET active = 0 WHERE id = :id", soci::use(id);
    }
    found = sessions().findActive("rev", kNow);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->account.active);
}

TEST_P(SessionRepositoryTest, ARevokedSessionIsNoLongerActive) {
    ASSERT_TRUE(sessions().create("hash-1", userId_, "csrf", kNow, kNow + hours(8)).ok());
    ASSERT_TRUE(sessions().create("hash-2", userId_, "csrf", kNow, kNow + hours(8)).ok());
    sessions().revoke("hash-1", kNow + seconds(5));
    sessions().revoke("hash-1", kNow + seconds(9));  // again: nothing happens
    sessions().revoke("unknown", kNow);
    EXPECT_FALSE(sessions().findActive("hash-1", kNow + seconds(10)));
    EXPECT_TRUE(sessions().findActive("hash-2", kNow + seconds(10)));
    EXPECT_EQ(countRows(db(), "sessions", "revoked_at = '2026-02-01T08:00:05Z'"), 1);
}

TEST_P(SessionRepositoryTest, RevokingAllOfAUsersSessionsLeavesOthersAlone) {
    auto other =
        store::UserRepository(db())
            .create({"other@paris.fr", "Autre", "hash", engine::Role::Admin, std::nullopt, {}},
                    kNow)
            .value();
    ASSERT_TRUE(sessions().create("a", userId_, "c", kNow, kNow + hours(1)).ok());
    ASSERT_TRUE(sessions().create("b", userId_, "c", kNow, kNow + hours(1)).ok());
    ASSERT_TRUE(sessions().create("c", other.id, "c", kNow, kNow + hours(1)).ok());
    EXPECT_EQ(sessions().revokeAllForUser(userId_, kNow), 2);
    EXPECT_FALSE(sessions().findActive("a", kNow));
    EXPECT_FALSE(sessions().findActive("b", kNow));
    EXPECT_TRUE(sessions().findActive("c", kNow));
}

TEST_P(SessionRepositoryTest, TouchRecordsActivityOnActiveSessionsOnly) {
    ASSERT_TRUE(sessions().create("hash-1", userId_, "csrf", kNow, kNow + hours(1)).ok());
    sessions().touch("hash-1", kNow + seconds(90));
    sessions().touch("hash-1", kNow + seconds(30));  // never moves back
    EXPECT_EQ(sessions().findActive("hash-1", kNow)->session.lastSeenAt, kNow + seconds(90));
    sessions().revoke("hash-1", kNow + seconds(100));
    sessions().touch("hash-1", kNow + seconds(200));
    EXPECT_EQ(countRows(db(), "sessions", "last_seen_at = '2026-02-01T08:01:30Z'"), 1);
}

TEST_P(SessionRepositoryTest, PurgeDeletesExpiredAndRevokedSessionsOnly) {
    ASSERT_TRUE(sessions().create("expired", userId_, "c", kNow, kNow + hours(1)).ok());
    ASSERT_TRUE(sessions().create("revoked", userId_, "c", kNow, kNow + hours(9)).ok());
    ASSERT_TRUE(sessions().create("active", userId_, "c", kNow, kNow + hours(9)).ok());
    sessions().revoke("revoked", kNow);
    EXPECT_EQ(sessions().purgeExpired(kNow + hours(1)), 2);
    EXPECT_EQ(countRows(db(), "sessions"), 1);
    EXPECT_TRUE(sessions().findActive("active", kNow + hours(1)));
    EXPECT_EQ(sessions().purgeExpired(kNow + hours(1)), 0);
}

TEST_P(SessionRepositoryTest, InvalidSessionsAreRefused) {
    EXPECT_EQ(sessions().create("", userId_, "c", kNow, kNow + hours(1)).error().code,
              ErrorCode::Invalid);
    EXPECT_EQ(sessions().create("h", userId_, "", kNow, kNow + hours(1)).error().code,
              ErrorCode::Invalid);
    EXPECT_EQ(sessions().create("h", userId_, "c", kNow, kNow).error().code, ErrorCode::Invalid);
    EXPECT_EQ(sessions().create("h", 999, "c", kNow, kNow + hours(1)).error().code,
              ErrorCode::NotFound);
    ASSERT_TRUE(sessions().create("h", userId_, "c", kNow, kNow + hours(1)).ok());
    EXPECT_EQ(sessions().create("h", userId_, "c2", kNow, kNow + hours(1)).error().code,
              ErrorCode::Conflict);
    EXPECT_EQ(countRows(db(), "sessions"), 1);
    EXPECT_EQ(sessions().findActive("h", kNow)->session.csrfToken, "c");
}

GRANTFLOW_INSTANTIATE_BACKENDS(SessionRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
