#include "services/credential_service.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <vector>

#include "security/password.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using namespace std::chrono_literals;
using engine::ErrorCode;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");
constexpr const char* kPassword = "Correct-Horse-Battery-9";
constexpr const char* kNewPassword = "Another-Horse-Saddle-42";
constexpr const char* kAddress = "192.0.2.7";

bool done(const services::Throttled& outcome) {
    return std::holds_alternative<engine::Unit>(outcome);
}
ErrorCode codeOf(const services::Throttled& outcome) {
    return std::get<engine::Error>(outcome).code;
}

class CredentialServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine::NewUser u;
        u.email = "alice@example.org";
        u.name = "Alice";
        u.passwordHash = security::hashPassword(kPassword);
        u.organizationId = 1;
        u.emailVerified = false;
        alice_ = users_.create(u, kNow).value();
    }
    // The token of the link in the last e-mail sent.
    std::string lastToken() {
        std::smatch m;
        EXPECT_FALSE(mail_.sent.empty());
        if (mail_.sent.empty()) return "";
        const std::string& body = mail_.sent.back().body;
        EXPECT_TRUE(std::regex_search(body, m, std::regex(R"(\?token=([0-9a-f]{64}))")));
        return m[1];
    }
    engine::User stored() { return *users_.findById(alice_.id); }

    grantflow::testing::FakeUserStore users_;
    grantflow::testing::FakeStaffStore accounts_{users_};
    grantflow::testing::FakeSessionStore sessionStore_{users_};
    grantflow::testing::FakeLoginAttemptStore attempts_;
    grantflow::testing::FakeAccountTokenStore tokens_;
    grantflow::testing::FakeMailSender mail_;
    engine::ManualClock clock_{kNow};
    services::AccountLinks links_{tokens_, mail_, clock_, "https://subventions.paris.fr"};
    services::SessionService sessions_{sessionStore_, clock_, 12h, 2h, true};
    services::LoginPolicy login_{};
    services::PasswordGate passwords_{{.slots = 0, .wait = 50ms}};
    services::CredentialService credentials_{users_, accounts_,  attempts_, sessions_,
                                             links_, passwords_, clock_,    login_};
    engine::User alice_;
};

}  // namespace

TEST_F(CredentialServiceTest, AChangeNeedsTheCurrentPasswordAndKeepsOnlyThisSession) {
    auto here = sessions_.open(alice_.id);
    auto elsewhere = sessions_.open(alice_.id);

    auto wrong =
        credentials_.changePassword(alice_, here.tokenHash, "not-it", kNewPassword, kAddress);
    ASSERT_FALSE(done(wrong));
    EXPECT_EQ(codeOf(wrong), ErrorCode::Invalid);
    EXPECT_EQ(std::get<engine::Error>(wrong).reasons.at(0).field, "current_password");
    // The wrong one counts as a failed sign-in.
    EXPECT_EQ(attempts_.failuresForEmail("alice@example.org", kNow - 1h), 1);
    EXPECT_TRUE(sessions_.authenticate(elsewhere.token));

    ASSERT_TRUE(done(
        credentials_.changePassword(alice_, here.tokenHash, kPassword, kNewPassword, kAddress)));
    EXPECT_TRUE(security::verifyPassword(stored().passwordHash, kNewPassword));
    EXPECT_TRUE(sessions_.authenticate(here.token));
    EXPECT_FALSE(sessions_.authenticate(elsewhere.token));
    EXPECT_EQ(users_.audited, std::vector<std::string>{"password_changed"});
}

TEST_F(CredentialServiceTest, AWeakNewPasswordIsRefusedAndNothingChanges) {
    auto here = sessions_.open(alice_.id);
    auto weak = credentials_.changePassword(alice_, here.tokenHash, kPassword, "short", kAddress);
    ASSERT_FALSE(done(weak));
    EXPECT_EQ(codeOf(weak), ErrorCode::Invalid);
    EXPECT_EQ(std::get<engine::Error>(weak).reasons.at(0).field, "new_password");
    EXPECT_TRUE(security::verifyPassword(stored().passwordHash, kPassword));
    EXPECT_TRUE(users_.audited.empty());
}

TEST_F(CredentialServiceTest, WhileSignInsAreBlockedTheChangeIsRefusedUnchecked) {
    auto here = sessions_.open(alice_.id);
    for (int i = 0; i < login_.maxFailuresPerEmail; ++i)
        attempts_.record("alice@example.org", kAddress, false, kNow);
    auto blocked =
        credentials_.changePassword(alice_, here.tokenHash, kPassword, kNewPassword, kAddress);
    EXPECT_TRUE(std::holds_alternative<services::TooManyAttempts>(blocked));
    EXPECT_TRUE(security::verifyPassword(stored().passwordHash, kPassword));
}

TEST_F(CredentialServiceTest, AResetRequestAnswersTheSameForAnUnknownAddressAndMailsNothing) {
    EXPECT_TRUE(done(credentials_.requestPasswordReset("nobody@example.org", kAddress)));
    EXPECT_TRUE(mail_.sent.empty());
    EXPECT_TRUE(done(credentials_.requestPasswordReset(" Alice@Example.org ", kAddress)));
    ASSERT_EQ(mail_.sent.size(), 1u);
    EXPECT_EQ(mail_.sent[0].to, "alice@example.org");
    EXPECT_NE(mail_.sent[0].body.find("/reset-password?token="), std::string::npos);
}

TEST_F(CredentialServiceTest, ResetRequestsAreLimitedPerAddressAndPerEmailButNotSignIns) {
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(done(credentials_.requestPasswordReset("alice@example.org", kAddress)));
    auto fourth = credentials_.requestPasswordReset("alice@example.org", "198.51.100.1");
    EXPECT_TRUE(std::holds_alternative<services::TooManyAttempts>(fourth));
    EXPECT_EQ(mail_.sent.size(), 3u);
    // Sign-ins are counted apart.
    EXPECT_EQ(attempts_.failuresForEmail("alice@example.org", kNow - 1h), 0);
    // Another e-mail from another address may still ask; an hour later, Alice too.
    EXPECT_TRUE(done(credentials_.requestPasswordReset("bob@example.org", "198.51.100.1")));
    clock_.advance(61min);
    EXPECT_TRUE(done(credentials_.requestPasswordReset("alice@example.org", kAddress)));

    for (int i = 0; i < 20; ++i)
        (void)credentials_.requestPasswordReset("x" + std::to_string(i) + "@example.org",
                                                "203.0.113.9");
    EXPECT_TRUE(std::holds_alternative<services::TooManyAttempts>(
        credentials_.requestPasswordReset("y@example.org", "203.0.113.9")));
}

TEST_F(CredentialServiceTest, AResetLinkWorksOnceWithinTheHourAndEndsEverySession) {
    auto session = sessions_.open(alice_.id);
    ASSERT_TRUE(done(credentials_.requestPasswordReset("alice@example.org", kAddress)));
    const std::string token = lastToken();

    auto weak = credentials_.resetPassword(token, "short");
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().code, ErrorCode::Invalid);

    ASSERT_TRUE(credentials_.resetPassword(token, kNewPassword));
    EXPECT_TRUE(security::verifyPassword(stored().passwordHash, kNewPassword));
    EXPECT_FALSE(sessions_.authenticate(session.token));
    EXPECT_TRUE(stored().emailVerifiedAt);  // the link reached the address
    EXPECT_EQ(users_.audited.front(), "password_reset");

    auto again = credentials_.resetPassword(token, "Yet-Another-Horse-77");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::NotFound);

    ASSERT_TRUE(done(credentials_.requestPasswordReset("alice@example.org", kAddress)));
    const std::string late = lastToken();
    clock_.advance(61min);
    auto expired = credentials_.resetPassword(late, "Yet-Another-Horse-77");
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().code, ErrorCode::NotFound);
}

TEST_F(CredentialServiceTest, AResetRefusedBecauseNoHashingSlotIsFreeLeavesTheLinkUsable) {
    ASSERT_TRUE(done(credentials_.requestPasswordReset("alice@example.org", kAddress)));
    const std::string token = lastToken();
    {
        std::vector<services::PasswordGate::Slot> taken;
        for (std::size_t i = 0; i < passwords_.slots(); ++i) {
            auto slot = passwords_.enter();
            ASSERT_TRUE(slot);
            taken.push_back(std::move(slot.value()));
        }
        auto busy = credentials_.resetPassword(token, kNewPassword);
        ASSERT_FALSE(busy);
        EXPECT_EQ(busy.error().code, ErrorCode::Unavailable);
        EXPECT_TRUE(security::verifyPassword(stored().passwordHash, kPassword));
    }
    ASSERT_TRUE(credentials_.resetPassword(token, kNewPassword));
    EXPECT_TRUE(security::verifyPassword(stored().passwordHash, kNewPassword));
}

TEST_F(CredentialServiceTest, WithoutAMailRelayNoResetCanBeAsked) {
    mail_.configuredRelay = false;
    auto refused = credentials_.requestPasswordReset("alice@example.org", kAddress);
    ASSERT_FALSE(done(refused));
    EXPECT_EQ(codeOf(refused), ErrorCode::Unavailable);
}

TEST_F(CredentialServiceTest, AnUnconfirmedSessionMayNotSubmitUntilTheLinkIsFollowed) {
    auto session = sessions_.open(alice_.id);
    EXPECT_FALSE(sessions_.authenticate(session.token)->user.actor().emailVerified);

    ASSERT_TRUE(links_.send(alice_, engine::TokenPurpose::EmailVerification));
    const std::string token = lastToken();
    EXPECT_NE(mail_.sent.back().body.find("/verify-email?token="), std::string::npos);
    ASSERT_TRUE(credentials_.confirmEmail(token));
    EXPECT_TRUE(sessions_.authenticate(session.token)->user.actor().emailVerified);
    EXPECT_EQ(users_.audited, std::vector<std::string>{"email_verified"});

    auto twice = credentials_.confirmEmail(token);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::NotFound);
    auto resend = credentials_.resendVerification(stored(), kAddress);
    ASSERT_FALSE(done(resend));
    EXPECT_EQ(codeOf(resend), ErrorCode::Conflict);
}

TEST_F(CredentialServiceTest, ANewLinkReplacesTheFirstOne) {
    ASSERT_TRUE(links_.send(alice_, engine::TokenPurpose::EmailVerification));
    const std::string first = lastToken();
    ASSERT_TRUE(done(credentials_.resendVerification(alice_, kAddress)));
    const std::string second = lastToken();
    EXPECT_FALSE(credentials_.confirmEmail(first));
    EXPECT_TRUE(credentials_.confirmEmail(second));
}

TEST_F(CredentialServiceTest, WhereNoMailIsSentEveryAccountCountsAsConfirmed) {
    services::SessionService withoutMail{sessionStore_, clock_, 12h, 2h, false};
    auto session = withoutMail.open(alice_.id);
    EXPECT_TRUE(withoutMail.authenticate(session.token)->user.actor().emailVerified);
    EXPECT_FALSE(stored().emailVerifiedAt);  // nothing recorded: treated so, not made so
}

TEST_F(CredentialServiceTest, AMemberInvitesAColleagueWhoGetsALinkAndNoUsablePassword) {
    services::MemberInvitation invitation{1, "Bob@Example.org", "Bob"};
    auto invited = credentials_.inviteMember(alice_.actor(), invitation);
    ASSERT_TRUE(invited) << invited.error().message;
    EXPECT_EQ(invited.value().organizationId, std::optional<std::int64_t>(1));
    EXPECT_EQ(invited.value().role, engine::Role::Applicant);
    EXPECT_EQ(mail_.sent.back().to, "bob@example.org");
    EXPECT_NE(mail_.sent.back().body.find("/invitation?token="), std::string::npos);
    // No password works before the invitation is accepted.
    EXPECT_FALSE(security::verifyPassword(invited.value().passwordHash, ""));
    EXPECT_FALSE(security::verifyPassword(invited.value().passwordHash, "!invited"));
    // Audited, naming the member who invited.
    EXPECT_EQ(accounts_.audit,
              std::vector<std::string>{"user_created by " + std::to_string(alice_.id)});

    auto again = credentials_.inviteMember(alice_.actor(), invitation);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
}

TEST_F(CredentialServiceTest, OnlyAMemberMayInviteAndTheInvitationIsChecked) {
    auto other = credentials_.inviteMember(alice_.actor(), {2, "bob@example.org", "Bob"});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::Forbidden);
    engine::Actor clerk{9, engine::Role::Clerk, std::nullopt, {}};
    EXPECT_EQ(credentials_.inviteMember(clerk, {1, "bob@example.org", "Bob"}).error().code,
              ErrorCode::Forbidden);

    auto bad = credentials_.inviteMember(alice_.actor(), {1, "not an e-mail", " "});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Invalid);
    ASSERT_EQ(bad.error().reasons.size(), 2u);
    EXPECT_EQ(bad.error().reasons[0].field, "email");
    EXPECT_EQ(bad.error().reasons[1].field, "name");
    EXPECT_TRUE(mail_.sent.empty());
    EXPECT_EQ(users_.users.size(), 1u);
}
