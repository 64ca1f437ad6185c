#include "store/account_token_repository.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using engine::TokenPurpose;
using std::chrono::hours;
using std::chrono::seconds;

const engine::Timestamp kNow = at("2026-02-01T08:00:00Z");

class AccountTokenRepositoryTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        userId_ = addUser("clerk@paris.fr");
    }
    std::int64_t addUser(const std::string& email) {
        return store::UserRepository(db())
            .create({email, "Clerc", "hash", engine::Role::Clerk, std::nullopt, {}}, kNow)
            .value()
            .id;
    }
    store::AccountTokenRepository tokens() { return store::AccountTokenRepository(db()); }
    std::int64_t userId_ = 0;
};

TEST_P(AccountTokenRepositoryTest, AnIssuedTokenIsUsableForItsPurposeUntilItExpires) {
    ASSERT_TRUE(tokens().issue("h1", userId_, TokenPurpose::PasswordReset, kNow, kNow + hours(1)));
    auto found = tokens().findUsable("h1", TokenPurpose::PasswordReset, kNow + seconds(10));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->userId, userId_);
    EXPECT_EQ(found->purpose, TokenPurpose::PasswordReset);
    EXPECT_EQ(found->createdAt, kNow);
    EXPECT_EQ(found->expiresAt, kNow + hours(1));

    EXPECT_FALSE(tokens().findUsable("h1", TokenPurpose::Invitation, kNow));
    EXPECT_FALSE(tokens().findUsable("h1", TokenPurpose::PasswordReset, kNow + hours(1)));
    EXPECT_FALSE(tokens().redeem("h1", TokenPurpose::PasswordReset, kNow + hours(1)));
    EXPECT_FALSE(tokens().findUsable("other", TokenPurpose::PasswordReset, kNow));
}

TEST_P(AccountTokenRepositoryTest, ATokenWorksOnce) {
    ASSERT_TRUE(tokens().issue("h1", userId_, TokenPurpose::Invitation, kNow, kNow + hours(24)));
    EXPECT_FALSE(tokens().redeem("h1", TokenPurpose::PasswordReset, kNow));  // another purpose
    EXPECT_EQ(tokens().redeem("h1", TokenPurpose::Invitation, kNow + seconds(1)), userId_);
    EXPECT_FALSE(tokens().redeem("h1", TokenPurpose::Invitation, kNow + seconds(2)));
    EXPECT_FALSE(tokens().findUsable("h1", TokenPurpose::Invitation, kNow + seconds(2)));
    EXPECT_EQ(countRows(db(), "account_tokens", "used_at = '2026-02-01T08:00:01Z'"), 1);
}

TEST_P(AccountTokenRepositoryTest, ANewTokenReplacesTheUsersEarlierOnesOfThatPurposeOnly) {
    const auto other = addUser("other@paris.fr");
    ASSERT_TRUE(tokens().issue("old", userId_, TokenPurpose::PasswordReset, kNow, kNow + hours(1)));
    ASSERT_TRUE(
        tokens().issue("verify", userId_, TokenPurpose::EmailVerification, kNow, kNow + hours(1)));
    ASSERT_TRUE(
        tokens().issue("theirs", other, TokenPurpose::PasswordReset, kNow, kNow + hours(1)));
    ASSERT_TRUE(tokens().issue("new", userId_, TokenPurpose::PasswordReset, kNow + seconds(5),
                               kNow + hours(1)));
    EXPECT_FALSE(tokens().findUsable("old", TokenPurpose::PasswordReset, kNow + seconds(6)));
    EXPECT_TRUE(tokens().findUsable("new", TokenPurpose::PasswordReset, kNow + seconds(6)));
    EXPECT_TRUE(tokens().findUsable("verify", TokenPurpose::EmailVerification, kNow + seconds(6)));
    EXPECT_TRUE(tokens().findUsable("theirs", TokenPurpose::PasswordReset, kNow + seconds(6)));
}

TEST_P(AccountTokenRepositoryTest, RevokingAllStopsEveryUnusedTokenOfThePurpose) {
    ASSERT_TRUE(tokens().issue("r", userId_, TokenPurpose::PasswordReset, kNow, kNow + hours(1)));
    ASSERT_TRUE(tokens().issue("i", userId_, TokenPurpose::Invitation, kNow, kNow + hours(1)));
    EXPECT_EQ(tokens().revokeAll(userId_, TokenPurpose::PasswordReset, kNow + seconds(1)), 1);
    EXPECT_EQ(tokens().revokeAll(userId_, TokenPurpose::PasswordReset, kNow + seconds(2)), 0);
    EXPECT_FALSE(tokens().redeem("r", TokenPurpose::PasswordReset, kNow + seconds(3)));
    EXPECT_TRUE(tokens().redeem("i", TokenPurpose::Invitation, kNow + seconds(3)));
}

TEST_P(AccountTokenRepositoryTest, IssuingChecksItsArguments) {
    auto empty = tokens().issue("", userId_, TokenPurpose::Invitation, kNow, kNow + hours(1));
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::Invalid);
    auto past = tokens().issue("h", userId_, TokenPurpose::Invitation, kNow, kNow);
    ASSERT_FALSE(past);
    EXPECT_EQ(past.error().code, ErrorCode::Invalid);
    auto nobody =
        tokens().issue("h", userId_ + 1000, TokenPurpose::Invitation, kNow, kNow + hours(1));
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().code, ErrorCode::NotFound);
    ASSERT_TRUE(tokens().issue("h", userId_, TokenPurpose::Invitation, kNow, kNow + hours(1)));
    auto twice = tokens().issue("h", userId_, TokenPurpose::Invitation, kNow, kNow + hours(1));
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict);
}

TEST_P(AccountTokenRepositoryTest, PurgingDeletesUsedAndExpiredTokensOnly) {
    ASSERT_TRUE(tokens().issue("used", userId_, TokenPurpose::Invitation, kNow, kNow + hours(9)));
    ASSERT_TRUE(tokens().redeem("used", TokenPurpose::Invitation, kNow));
    ASSERT_TRUE(
        tokens().issue("expired", userId_, TokenPurpose::PasswordReset, kNow, kNow + hours(1)));
    ASSERT_TRUE(
        tokens().issue("live", userId_, TokenPurpose::EmailVerification, kNow, kNow + hours(9)));
    EXPECT_EQ(tokens().purgeExpired(kNow + hours(2)), 2);
    EXPECT_EQ(countRows(db(), "account_tokens", "1 = 1"), 1);
    EXPECT_TRUE(tokens().findUsable("live", TokenPurpose::EmailVerification, kNow + hours(2)));
}

TEST_P(AccountTokenRepositoryTest, OfManyConcurrentRedemptionsExactlyOneWins) {
    ASSERT_TRUE(
        tokens().issue("race", userId_, TokenPurpose::PasswordReset, kNow, kNow + hours(1)));
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            if (tokens().redeem("race", TokenPurpose::PasswordReset, kNow + seconds(1))) ++winners;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(winners.load(), 1);
}

GRANTFLOW_INSTANTIATE_BACKENDS(AccountTokenRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
