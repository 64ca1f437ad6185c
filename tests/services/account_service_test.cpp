#include "services/account_service.hpp"

#include <gtest/gtest.h>

#include "security/password.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using namespace std::chrono_literals;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");
constexpr const char* kPassword = "Correct-Horse-Battery-9";
constexpr const char* kAddress = "192.0.2.7";

class AccountServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine::NewUser u;
        u.email = "alice@example.org";
        u.name = "Alice";
        u.passwordHash = security::hashPassword(kPassword);
        alice_ = users_.create(u, kNow).value();
    }

    services::SignInOutcome signIn(const std::string& email, const std::string& password,
                                   const std::string& address = kAddress) {
        return accounts_.signIn(email, password, address);
    }
    void failTimes(int n, const std::string& email = "alice@example.org",
                   const std::string& address = kAddress) {
        for (int i = 0; i < n; ++i)
            ASSERT_TRUE(std::holds_alternative<services::WrongCredentials>(
                signIn(email, "wrong-password", address)));
    }

    grantflow::testing::FakeUserStore users_;
    grantflow::testing::FakeSessionStore sessionStore_{users_};
    grantflow::testing::FakeLoginAttemptStore attempts_;
    engine::ManualClock clock_{kNow};
    services::AccountSettings settings_{};
    services::SessionService sessions_{sessionStore_, clock_, 12h};
    services::PasswordGate passwords_{{.slots = 2, .wait = 10ms}};
    services::AccountService accounts_{users_, attempts_, sessions_, passwords_, clock_, settings_};
    engine::User alice_;
};

}  // namespace

TEST_F(AccountServiceTest, SigningInOpensASessionForTheAccount) {
    auto outcome = signIn(" Alice@Example.org", kPassword);
    auto* signedIn = std::get_if<services::SignedIn>(&outcome);
    ASSERT_TRUE(signedIn);
    EXPECT_EQ(signedIn->user.id, alice_.id);
    EXPECT_EQ(signedIn->session.expiresAt, kNow + 12h);
    EXPECT_EQ(sessionStore_.sessions.count(signedIn->session.tokenHash), 1u);
    EXPECT_EQ(sessionStore_.sessions.count(signedIn->session.token), 0u);
    ASSERT_EQ(attempts_.attempts.size(), 1u);
    EXPECT_TRUE(attempts_.attempts[0].success);
}

TEST_F(AccountServiceTest, AWrongPasswordAndAnUnknownAccountAreRefusedAlike) {
    EXPECT_TRUE(std::holds_alternative<services::WrongCredentials>(
        signIn("alice@example.org", "wrong-password")));
    EXPECT_TRUE(
        std::holds_alternative<services::WrongCredentials>(signIn("bob@example.org", kPassword)));
    EXPECT_TRUE(sessionStore_.sessions.empty());
    EXPECT_EQ(attempts_.attempts.size(), 2u);
}

TEST(AccountServiceCost, ASignInRedoesAHashMadeAtAnotherCostAndTheDecoyIsAtTheGatesCost) {
    grantflow::testing::FakeUserStore users;
    grantflow::testing::FakeSessionStore sessionStore{users};
    grantflow::testing::FakeLoginAttemptStore attempts;
    engine::ManualClock clock{kNow};
    services::SessionService sessions{sessionStore, clock, 12h};
    services::PasswordGate passwords{
        {.slots = 1, .wait = 10ms, .cost = security::PasswordCost::minimum()}};
    services::AccountService accounts{users, attempts, sessions, passwords, clock, {}};
    engine::NewUser u;
    u.email = "alice@example.org";
    u.name = "Alice";
    u.passwordHash = security::hashPassword(kPassword);  // the default cost
    const auto alice = users.create(u, kNow).value();

    EXPECT_TRUE(std::holds_alternative<services::WrongCredentials>(
        accounts.signIn("alice@example.org", "wrong-password", kAddress)));
    EXPECT_EQ(users.findById(alice.id)->passwordHash, u.passwordHash) << "no match, no rehash";
    ASSERT_TRUE(std::holds_alternative<services::SignedIn>(
        accounts.signIn("alice@example.org", kPassword, kAddress)));
    const std::string redone = users.findById(alice.id)->passwordHash;
    EXPECT_NE(redone, u.passwordHash);
    EXPECT_FALSE(security::needsRehash(redone, security::PasswordCost::minimum())) << redone;
    EXPECT_TRUE(security::verifyPassword(redone, kPassword));

    EXPECT_FALSE(security::needsRehash(passwords.decoyHash(), security::PasswordCost::minimum()));
    EXPECT_EQ(&passwords.decoyHash(), &passwords.decoyHash()) << "made once";
}

TEST_F(AccountServiceTest, FiveFailuresBlockTheAccountForTheWindowEvenWithTheRightPassword) {
    failTimes(5);
    auto outcome = signIn("alice@example.org", kPassword);
    auto* blocked = std::get_if<services::TooManyAttempts>(&outcome);
    ASSERT_TRUE(blocked);
    EXPECT_EQ(blocked->retryAfter, 15min);
    EXPECT_EQ(attempts_.attempts.size(), 5u);  // a blocked attempt is not recorded
    EXPECT_TRUE(sessionStore_.sessions.empty());

    clock_.advance(15min + 1s);
    EXPECT_TRUE(std::holds_alternative<services::SignedIn>(signIn("alice@example.org", kPassword)));
}

TEST_F(AccountServiceTest, ASuccessfulSignInRestartsTheCountOfTheAccount) {
    failTimes(4);
    clock_.advance(1s);
    ASSERT_TRUE(std::holds_alternative<services::SignedIn>(signIn("alice@example.org", kPassword)));
    clock_.advance(1s);
    failTimes(4);
    EXPECT_TRUE(std::holds_alternative<services::SignedIn>(signIn("alice@example.org", kPassword)));
}

TEST_F(AccountServiceTest, FailuresFromOneAddressBlockEveryAccountFromIt) {
    settings_.login.maxFailuresPerAddress = 3;
    services::AccountService accounts(users_, attempts_, sessions_, passwords_, clock_, settings_);
    for (const char* email : {"a@example.org", "b@example.org", "c@example.org"})
        (void)accounts.signIn(email, "wrong-password", kAddress);
    EXPECT_TRUE(std::holds_alternative<services::TooManyAttempts>(
        accounts.signIn("alice@example.org", kPassword, kAddress)));
    EXPECT_TRUE(std::holds_alternative<services::SignedIn>(
        accounts.signIn("alice@example.org", kPassword, "198.51.100.1")));
}

TEST_F(AccountServiceTest, WhenPasswordChecksAreSaturatedASignInIsUnavailableAndCountsAsAFailure) {
    auto first = passwords_.enter();
    auto second = passwords_.enter();
    ASSERT_TRUE(first && second);
    auto outcome = signIn("alice@example.org", kPassword);
    auto* error = std::get_if<engine::Error>(&outcome);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, engine::ErrorCode::Unavailable);
    ASSERT_EQ(attempts_.attempts.size(), 1u);
    EXPECT_FALSE(attempts_.attempts[0].success);
}

TEST_F(AccountServiceTest, SigningOutRevokesTheSession) {
    auto outcome = signIn("alice@example.org", kPassword);
    const auto& session = std::get<services::SignedIn>(outcome).session;
    ASSERT_TRUE(sessions_.authenticate(session.token));
    accounts_.signOut(session.tokenHash);
    EXPECT_FALSE(sessions_.authenticate(session.token));
}

TEST_F(AccountServiceTest, PurgingForgetsAttemptsOlderThanADay) {
    failTimes(2);
    clock_.advance(24h + 1s);
    failTimes(1);
    EXPECT_EQ(accounts_.purgeLoginAttempts(), 2);
    EXPECT_EQ(attempts_.attempts.size(), 1u);
}

TEST_F(AccountServiceTest,
       WhereAddressesAreConfirmedAnUnconfirmedAccountIsRefusedAsAWrongPassword) {
    for (auto& u : users_.users) u.emailVerifiedAt.reset();
    services::SessionService confirming{sessionStore_, clock_, 12h, 2h, true};
    services::AccountService accounts{users_, attempts_, confirming, passwords_, clock_, settings_};
    EXPECT_TRUE(std::holds_alternative<services::WrongCredentials>(
        accounts.signIn("alice@example.org", kPassword, kAddress)));
    EXPECT_TRUE(sessionStore_.sessions.empty());
    ASSERT_EQ(attempts_.attempts.size(), 1u);
    EXPECT_FALSE(attempts_.attempts[0].success);  // it counts towards the limit

    ASSERT_TRUE(users_.markEmailVerified(alice_.id, kNow));
    EXPECT_TRUE(std::holds_alternative<services::SignedIn>(
        accounts.signIn("alice@example.org", kPassword, kAddress)));
}
