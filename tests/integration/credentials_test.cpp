// Credentials over HTTP, with a real SMTP relay (tests/tools/smtp_sink) and
// a public URL, so that the server mails links: a password reset from the
// mailed link (once), e-mail verification holding back sign-in until the
// link is followed, registration that does not tell whether an address has
// an account, member invitations; and, on a server without e-mail, a
// password change and the start-up line saying verification is off.
#include <gtest/gtest.h>

#include "tests/integration/mail_fixture.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kNewPassword = "Another-Horse-Saddle-42";

}  // namespace

class CredentialsWithMail : public MailApiTest {};

TEST_P(CredentialsWithMail, AResetLinkFromTheMailWorksOnceAndEndsEverySession) {
    Account applicant = registerOrganisation("reset");
    ASSERT_TRUE(sink_.waitFor(1, 30s));  // the verification link of the registration
    auto anonymousClient = anonymous();

    auto unknown =
        anonymousClient.post("/api/v1/password-reset", R"({"email": "nobody@asso.example.org"})");
    auto known = anonymousClient.post("/api/v1/password-reset",
                                      R"({"email": ")" + applicant.email + R"("})");
    ASSERT_EQ(unknown.status, 202) << unknown.body;
    ASSERT_EQ(known.status, 202) << known.body;
    EXPECT_EQ(unknown.body, known.body);
    ASSERT_TRUE(sink_.waitFor(2, 30s));
    EXPECT_EQ(sink_.mails().size(), 2u);
    const std::string token = lastLink(applicant.email, "/reset-password");
    ASSERT_FALSE(token.empty());

    auto reset = anonymousClient.post(
        "/api/v1/password-reset/confirm",
        R"({"token": ")" + token + R"(", "new_password": ")" + kNewPassword + R"("})");
    ASSERT_EQ(reset.status, 204) << reset.body;
    EXPECT_EQ(as(applicant).get("/api/v1/session").status, 401);
    EXPECT_NO_THROW(signIn(applicant.email, kNewPassword));
    auto again = anonymousClient.post(
        "/api/v1/password-reset/confirm",
        R"({"token": ")" + token + R"(", "new_password": "Yet-Another-Horse-77"})");
    EXPECT_EQ(again.status, 404) << again.body;
}

TEST_P(CredentialsWithMail, ANewAccountSignsInOnlyOnceItHasFollowedTheLink) {
    const std::string email = "applicant-verify@asso.example.org";
    auto registered = anonymous().post("/api/v1/register", registrationBody("verify", email));
    ASSERT_EQ(registered.status, 202) << registered.body;
    EXPECT_EQ(registered.body, R"({"status":"check_email"})");

    // Before the link: the wrong password's answer, to the byte.
    auto early = anonymous().post(
        "/api/v1/session", R"({"email": ")" + email + R"(", "password": ")" + kPassword + "\"}");
    auto wrong = anonymous().post(
        "/api/v1/session", R"({"email": ")" + email + R"(", "password": "Not-This-One-42"})");
    ASSERT_EQ(early.status, 401) << early.body;
    EXPECT_EQ(early.body, wrong.body);

    ASSERT_TRUE(sink_.waitFor(1, 30s));
    const std::string token = lastLink(email, "/verify-email");
    ASSERT_FALSE(token.empty());
    auto confirmed =
        anonymous().post("/api/v1/email-verification/confirm", R"({"token": ")" + token + "\"}");
    ASSERT_EQ(confirmed.status, 204) << confirmed.body;
    Account applicant = signIn(email, kPassword);
    auto association = as(applicant);
    EXPECT_TRUE(association.get("/api/v1/session")
                    .json()
                    ->getObject("user")
                    ->getValue<bool>("email_verified"));
    auto draft = createEmergencyDraft(association);
    EXPECT_GT(draft->getValue<std::int64_t>("id"), 0);

    auto twice =
        anonymous().post("/api/v1/email-verification/confirm", R"({"token": ")" + token + "\"}");
    EXPECT_EQ(twice.status, 404);
    EXPECT_EQ(association.post("/api/v1/email-verification", "").status, 409);
}

TEST_P(CredentialsWithMail, RegistrationAnswersTheSameWhetherOrNotTheAddressHasAnAccount) {
    Account owner = registerOrganisation("owner");  // confirmed and signed in
    ASSERT_TRUE(sink_.waitFor(1, 30s));

    auto fresh = anonymous().post("/api/v1/register",
                                  registrationBody("fresh", "applicant-fresh@asso.example.org"));
    auto taken = anonymous().post(
        "/api/v1/register", registrationBody("intruder", owner.email, "Intruder-Password-77"));
    ASSERT_EQ(fresh.status, 202) << fresh.body;
    EXPECT_EQ(taken.status, fresh.status);
    EXPECT_EQ(taken.body, fresh.body);
    EXPECT_EQ(taken.header("Location"), fresh.header("Location"));

    // The owner is told by mail, with no link that would open anything; no
    // account and no organisation were made, the owner's password stands.
    ASSERT_TRUE(sink_.waitFor(3, 30s));
    int notices = 0;
    for (const auto& mail : sink_.mails())
        if (mail.recipients == std::vector<std::string>{owner.email} &&
            mail.text.find("No account was opened") != std::string::npos) {
            ++notices;
            EXPECT_TRUE(linkToken(mail, "/verify-email").empty());
            EXPECT_TRUE(linkToken(mail, "/reset-password").empty());
        }
    EXPECT_EQ(notices, 1);
    EXPECT_THROW(signIn(owner.email, "Intruder-Password-77"), std::runtime_error);
    EXPECT_NO_THROW(signIn(owner.email, kPassword));
    EXPECT_EQ(count("organisations WHERE name = 'Association intruder'"), 0);
    EXPECT_EQ(count("users WHERE email = '" + owner.email + "'"), 1);
}

TEST_P(CredentialsWithMail, RegisteringAgainBeforeConfirmingMailsANewLink) {
    const std::string email = "applicant-again@asso.example.org";
    ASSERT_EQ(anonymous().post("/api/v1/register", registrationBody("again", email)).status, 202);
    ASSERT_TRUE(sink_.waitFor(1, 30s));
    const std::string first = lastLink(email, "/verify-email");
    ASSERT_EQ(anonymous().post("/api/v1/register", registrationBody("again-2", email)).status, 202);
    ASSERT_TRUE(sink_.waitFor(2, 30s));
    const std::string second = lastLink(email, "/verify-email");
    ASSERT_FALSE(second.empty());
    EXPECT_NE(first, second);
    EXPECT_EQ(anonymous()
                  .post("/api/v1/email-verification/confirm", R"({"token": ")" + first + "\"}")
                  .status,
              404);
    EXPECT_EQ(anonymous()
                  .post("/api/v1/email-verification/confirm", R"({"token": ")" + second + "\"}")
                  .status,
              204);
    EXPECT_NO_THROW(signIn(email, kPassword));
}

TEST_P(CredentialsWithMail, AMemberInvitesAColleagueByMail) {
    Account applicant = registerOrganisation("members");
    ASSERT_TRUE(sink_.waitFor(1, 30s));
    auto invited =
        as(applicant).post("/api/v1/organizations/" + std::to_string(applicant.organizationId) +
                               "/members/invitations",
                           R"({"email": "tresorier@asso.example.org", "name": "Karim Benali"})");
    ASSERT_EQ(invited.status, 201) << invited.body;
    EXPECT_EQ(invited.json()->getValue<std::int64_t>("organization_id"), applicant.organizationId);
    ASSERT_TRUE(sink_.waitFor(2, 30s));
    EXPECT_FALSE(lastLink("tresorier@asso.example.org", "/invitation").empty());
    // No password opens the account before the invitation is accepted.
    auto noPassword = anonymous().post(
        "/api/v1/session", R"({"email": "tresorier@asso.example.org", "password": "!invited"})");
    EXPECT_EQ(noPassword.status, 401);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CredentialsWithMail);

class CredentialsWithoutMail : public ApiTest {};

TEST_P(CredentialsWithoutMail, APasswordChangeKeepsThisSessionAndEndsTheOthers) {
    Account applicant = registerOrganisation("change");
    Account elsewhere = signIn(applicant.email, kPassword);
    auto here = as(applicant);

    auto wrong =
        here.post("/api/v1/session/password", R"({"current_password": "wrong", "new_password": ")" +
                                                  std::string(kNewPassword) + "\"}");
    ASSERT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_NE(wrong.body.find("current_password"), std::string::npos);

    auto changed =
        here.post("/api/v1/session/password", R"({"current_password": ")" + std::string(kPassword) +
                                                  R"(", "new_password": ")" + kNewPassword + "\"}");
    ASSERT_EQ(changed.status, 204) << changed.body;
    EXPECT_EQ(here.get("/api/v1/session").status, 200);
    EXPECT_EQ(as(elsewhere).get("/api/v1/session").status, 401);
    EXPECT_NO_THROW(signIn(applicant.email, kNewPassword));
    EXPECT_THROW(signIn(applicant.email, kPassword), std::runtime_error);
}

TEST_P(CredentialsWithoutMail, AServerWithoutMailSaysVerificationIsOffAndLetsAccountsSubmit) {
    EXPECT_NE(server().log().find("event=email_verification_off"), std::string::npos)
        << server().log();
    Account applicant = registerOrganisation("nomail");
    auto association = as(applicant);
    EXPECT_TRUE(association.get("/api/v1/session")
                    .json()
                    ->getObject("user")
                    ->getValue<bool>("email_verified"));
    auto reset =
        anonymous().post("/api/v1/password-reset", R"({"email": ")" + applicant.email + R"("})");
    EXPECT_EQ(reset.status, 503);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CredentialsWithoutMail);
