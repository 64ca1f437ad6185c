#include "services/account_links.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "security/digest.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using namespace std::chrono_literals;
using engine::ErrorCode;
using engine::TokenPurpose;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");

class AccountLinksTest : public ::testing::Test {
protected:
    void SetUp() override {
        user_.id = 7;
        user_.email = "marie@solidarite-haiti.org";
        user_.name = "Marie-Claude Joseph";
    }
    // The token of the link in the last e-mail sent.
    std::string lastToken() {
        std::smatch m;
        const std::string& body = mail_.sent.back().body;
        EXPECT_TRUE(std::regex_search(body, m, std::regex(R"(\?token=([0-9a-f]{64}))")));
        return m[1];
    }

    grantflow::testing::FakeAccountTokenStore tokens_;
    grantflow::testing::FakeMailSender mail_;
    engine::ManualClock clock_{kNow};
    services::AccountLinks links_{tokens_, mail_, clock_, "https://subventions.paris.fr/"};
    engine::User user_;
};

}  // namespace

TEST_F(AccountLinksTest, TheMailHoldsALinkToThePageWhoseTokenOnlyTheHashOfIsStored) {
    ASSERT_TRUE(links_.send(user_, TokenPurpose::PasswordReset));
    ASSERT_EQ(mail_.sent.size(), 1u);
    const auto& mail = mail_.sent[0];
    EXPECT_EQ(mail.to, "marie@solidarite-haiti.org");
    EXPECT_NE(mail.subject.find("mot de passe"), std::string::npos);
    EXPECT_NE(mail.body.find("https://subventions.paris.fr/reset-password?token="),
              std::string::npos);
    EXPECT_NE(mail.body.find("Bonjour Marie-Claude Joseph"), std::string::npos);
    EXPECT_NE(mail.body.find("Hello Marie-Claude Joseph"), std::string::npos);
    const std::string token = lastToken();
    ASSERT_EQ(tokens_.rows.size(), 1u);
    EXPECT_EQ(tokens_.rows[0].hash, security::sha256Hex(token));
    EXPECT_NE(tokens_.rows[0].hash, token);
    EXPECT_EQ(tokens_.rows[0].token.expiresAt, kNow + 1h);
}

TEST_F(AccountLinksTest, EachPurposeHasItsPageAndLifetime) {
    ASSERT_TRUE(links_.send(user_, TokenPurpose::Invitation));
    EXPECT_NE(mail_.sent.back().body.find("/invitation?token="), std::string::npos);
    EXPECT_EQ(tokens_.rows.back().token.expiresAt, kNow + 24h * 7);
    ASSERT_TRUE(links_.send(user_, TokenPurpose::EmailVerification));
    EXPECT_NE(mail_.sent.back().body.find("/verify-email?token="), std::string::npos);
    EXPECT_EQ(tokens_.rows.back().token.expiresAt, kNow + 48h);
}

TEST_F(AccountLinksTest, ALinkIsCheckedWithoutBeingUsedThenUsedOnce) {
    ASSERT_TRUE(links_.send(user_, TokenPurpose::Invitation));
    const std::string token = lastToken();
    EXPECT_EQ(links_.check(token, TokenPurpose::Invitation).value(), 7);
    EXPECT_EQ(links_.check(token, TokenPurpose::Invitation).value(), 7);
    EXPECT_FALSE(links_.check(token, TokenPurpose::PasswordReset));
    EXPECT_EQ(links_.redeem(token, TokenPurpose::Invitation).value(), 7);
    auto again = links_.redeem(token, TokenPurpose::Invitation);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::NotFound);
}

TEST_F(AccountLinksTest, AnExpiredOrReplacedLinkIsRefusedWithTheSameMessage) {
    ASSERT_TRUE(links_.send(user_, TokenPurpose::PasswordReset));
    const std::string first = lastToken();
    ASSERT_TRUE(links_.send(user_, TokenPurpose::PasswordReset));
    const std::string second = lastToken();
    auto replaced = links_.redeem(first, TokenPurpose::PasswordReset);
    ASSERT_FALSE(replaced);
    clock_.advance(1h);
    auto expired = links_.redeem(second, TokenPurpose::PasswordReset);
    ASSERT_FALSE(expired);
    auto unknown = links_.redeem(std::string(64, 'a'), TokenPurpose::PasswordReset);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(replaced.error().message, expired.error().message);
    EXPECT_EQ(unknown.error().message, expired.error().message);
    EXPECT_FALSE(links_.redeem("", TokenPurpose::PasswordReset));
    EXPECT_FALSE(links_.redeem(std::string(4096, 'a'), TokenPurpose::PasswordReset));
}

TEST_F(AccountLinksTest, WithoutARelayOrAPublicUrlNoLinkIsSent) {
    mail_.configuredRelay = false;
    EXPECT_FALSE(links_.canSend());
    auto noRelay = links_.send(user_, TokenPurpose::Invitation);
    ASSERT_FALSE(noRelay);
    EXPECT_EQ(noRelay.error().code, ErrorCode::Unavailable);
    EXPECT_TRUE(tokens_.rows.empty());

    mail_.configuredRelay = true;
    services::AccountLinks noUrl{tokens_, mail_, clock_, ""};
    EXPECT_FALSE(noUrl.canSend());
    auto refused = noUrl.send(user_, TokenPurpose::Invitation);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("public_url"), std::string::npos);
}

TEST_F(AccountLinksTest, ALinkTheRelayRefusedCannotBeUsed) {
    mail_.refuse = true;
    auto sent = links_.send(user_, TokenPurpose::PasswordReset);
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::Unavailable);
    ASSERT_EQ(tokens_.rows.size(), 1u);
    EXPECT_TRUE(tokens_.rows[0].used);
}

TEST_F(AccountLinksTest, PurgingForgetsUsedAndExpiredLinks) {
    ASSERT_TRUE(links_.send(user_, TokenPurpose::PasswordReset));
    ASSERT_TRUE(links_.send(user_, TokenPurpose::Invitation));
    clock_.advance(2h);
    EXPECT_EQ(links_.purgeExpired(), 1);
    EXPECT_EQ(tokens_.rows.size(), 1u);
}
