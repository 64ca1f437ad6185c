// Credentials over HTTP, with a real SMTP relay (tests/tools/smtp_sink) and
// a public URL, so that the server mails links: a password reset from the
// mailed link (once), e-mail verification holding back submission until
// the link is followed, member invitations; and, on a server without
// e-mail, a password change and the start-up line saying verification is off.
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

TEST_P(CredentialsWithMail, AnUnverifiedAccountDraftsButSubmitsOnlyAfterFollowingTheLink) {
    Account applicant = registerOrganisation("verify");
    auto association = as(applicant);
    auto me = association.get("/api/v1/session").json()->getObject("user");
    EXPECT_FALSE(me->getValue<bool>("email_verified"));

    auto draft = createEmergencyDraft(association);
    std::int64_t id = draft->getValue<std::int64_t>("id");
    attachRequiredFiles(association, id);
    auto version = association.get(path(id)).json()->getValue<std::int64_t>("version");
    auto refused = fire(association, id, "submit", version);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("email_verified"), std::string::npos) << refused.body;

    ASSERT_TRUE(sink_.waitFor(1, 30s));
    const std::string token = lastLink(applicant.email, "/verify-email");
    ASSERT_FALSE(token.empty());
    auto confirmed =
        anonymous().post("/api/v1/email-verification/confirm", R"({"token": ")" + token + "\"}");
    ASSERT_EQ(confirmed.status, 204) << confirmed.body;
    EXPECT_TRUE(association.get("/api/v1/session")
                    .json()
                    ->getObject("user")
                    ->getValue<bool>("email_verified"));
    auto submitted = fire(association, id, "submit", version);
    ASSERT_EQ(submitted.status, 200) << submitted.body;

    auto twice =
        anonymous().post("/api/v1/email-verification/confirm", R"({"token": ")" + token + "\"}");
    EXPECT_EQ(twice.status, 404);
    EXPECT_EQ(association.post("/api/v1/email-verification", "").status, 409);
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
