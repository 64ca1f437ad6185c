#include "services/session_service.hpp"

#include <gtest/gtest.h>

#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using namespace std::chrono_literals;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");

class SessionServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine::NewUser u;
        u.email = "alice@example.org";
        u.name = "Alice";
        u.passwordHash = "hash";
        alice_ = users_.create(u, kNow).value();
    }

    grantflow::testing::FakeUserStore users_;
    grantflow::testing::FakeSessionStore store_{users_};
    engine::ManualClock clock_{kNow};
    services::SessionService sessions_{store_, clock_, 1h};
    engine::User alice_;
};

}  // namespace

TEST_F(SessionServiceTest, ATokenFindsItsAccountAndSession) {
    auto opened = sessions_.open(alice_.id);
    EXPECT_EQ(opened.token.size(), 64u);
    EXPECT_EQ(opened.tokenHash, services::SessionService::hashToken(opened.token));
    auto found = sessions_.authenticate(opened.token);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->user.id, alice_.id);
    EXPECT_EQ(found->session.tokenHash, opened.tokenHash);
    EXPECT_EQ(found->session.csrfToken, opened.csrfToken);
    EXPECT_EQ(found->session.expiresAt, kNow + 1h);
}

TEST_F(SessionServiceTest, AnUnknownTokenFindsNobody) {
    sessions_.open(alice_.id);
    EXPECT_FALSE(sessions_.authenticate(std::string(64, 'a')));
}

TEST_F(SessionServiceTest, ARevokedSessionIsRefused) {
    auto opened = sessions_.open(alice_.id);
    sessions_.close(opened.tokenHash);
    EXPECT_FALSE(sessions_.authenticate(opened.token));
}

TEST_F(SessionServiceTest, AnExpiredSessionIsRefused) {
    auto opened = sessions_.open(alice_.id);
    clock_.advance(1h - 1s);
    EXPECT_TRUE(sessions_.authenticate(opened.token));
    clock_.advance(1s);
    EXPECT_FALSE(sessions_.authenticate(opened.token));
}

TEST_F(SessionServiceTest, ASessionOfAnAccountThatIsGoneIsRefused) {
    auto opened = sessions_.open(alice_.id);
    users_.users.clear();
    EXPECT_FALSE(sessions_.authenticate(opened.token));
}

TEST_F(SessionServiceTest, ActivityIsRecordedAtMostOnceAMinute) {
    auto opened = sessions_.open(alice_.id);
    ASSERT_TRUE(sessions_.authenticate(opened.token));
    clock_.advance(30s);
    ASSERT_TRUE(sessions_.authenticate(opened.token));
    EXPECT_EQ(store_.touches, 0);
    clock_.advance(30s);
    ASSERT_TRUE(sessions_.authenticate(opened.token));
    EXPECT_EQ(store_.touches, 1);
    clock_.advance(10s);
    ASSERT_TRUE(sessions_.authenticate(opened.token));
    EXPECT_EQ(store_.touches, 1);
}

TEST_F(SessionServiceTest, PurgingDeletesExpiredAndRevokedSessions) {
    auto revoked = sessions_.open(alice_.id);
    sessions_.close(revoked.tokenHash);
    auto expiring = sessions_.open(alice_.id);
    clock_.advance(30min);
    auto live = sessions_.open(alice_.id);
    clock_.advance(30min);
    EXPECT_EQ(sessions_.purgeExpired(), 2);
    EXPECT_TRUE(sessions_.authenticate(live.token));
    EXPECT_EQ(store_.sessions.size(), 1u);
    (void)expiring;
}

TEST_F(SessionServiceTest, ASessionUnusedForTheIdleTimeoutStopsWorking) {
    services::SessionService idle{store_, clock_, 12h, 2h};
    auto opened = idle.open(alice_.id);
    clock_.advance(2h);  // last_seen_at may lag the last use by a minute: not yet
    EXPECT_TRUE(idle.authenticate(opened.token));
    // That use was recorded; two hours and a minute of silence after it end the session.
    clock_.advance(2h + 1min);
    EXPECT_FALSE(idle.authenticate(opened.token));
    clock_.advance(-(2h + 1min));
    EXPECT_FALSE(idle.authenticate(opened.token)) << "an idle session is revoked, not paused";
}

TEST_F(SessionServiceTest, UseWithinTheIdleTimeoutKeepsASessionUntilItsExpiry) {
    services::SessionService idle{store_, clock_, 12h, 2h};
    auto opened = idle.open(alice_.id);
    for (int i = 1; i <= 6; ++i) {
        clock_.advance(1h + 50min);
        ASSERT_TRUE(idle.authenticate(opened.token)) << "use " << i;
    }
    // 12 h 50 min after sign-in: past the absolute expiry whatever the use.
    clock_.advance(1h + 50min);
    EXPECT_FALSE(idle.authenticate(opened.token));
}

TEST_F(SessionServiceTest, TheIdleCutComesNoEarlierThanTheTimeoutAfterTheLastUse) {
    services::SessionService idle{store_, clock_, 12h, 2h};
    auto opened = idle.open(alice_.id);
    clock_.advance(59s);  // used, but not recorded (less than a minute since the last write)
    ASSERT_TRUE(idle.authenticate(opened.token));
    EXPECT_EQ(store_.touches, 0);
    clock_.advance(2h);  // two hours after that use: still fine
    EXPECT_TRUE(idle.authenticate(opened.token));
}
