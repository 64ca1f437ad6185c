// Staff accounts over HTTP, with a real SMTP relay (tests/tools/smtp_sink):
// an administrator invites a clerk, the e-mailed link opens the invitation,
// the clerk chooses a password (once) and signs in; deactivating the account
// ends its session at its next request and refuses its sign-in like a wrong
// password; activating it again works. The administrator cannot deactivate
// or demote themselves. Every change is in the audit trail, which an auditor
// reads and verifies.
#include <gtest/gtest.h>

#include "tests/integration/mail_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;
using namespace std::chrono_literals;

class Staff : public MailApiTest {
protected:
    // The token of the last invitation mailed to `email`.
    std::string invitationTokenFor(const std::string& email, std::size_t mailsExpected) {
        EXPECT_TRUE(sink_.waitFor(mailsExpected, 30s)) << server().log();
        return lastLink(email, "/invitation");
    }
    static std::string tokenBody(const std::string& token, const std::string& password = "") {
        return password.empty()
                   ? R"({"token": ")" + token + R"("})"
                   : R"({"token": ")" + token + R"(", "password": ")" + password + R"("})";
    }
    int signInStatus(const std::string& email, const std::string& password) {
        return anonymous()
            .post("/api/v1/session",
                  R"({"email": ")" + email + R"(", "password": ")" + password + R"("})")
            .status;
    }
};

TEST_P(Staff, AnInvitedClerkChoosesAPasswordOnceAndSignsIn) {
    Account admin = createStaff(Role::Admin, "boss");
    auto client = as(admin);
    auto created = client.post("/api/v1/users", R"({"email": "Clerk.New@Paris.example.fr",
        "name": "Camille Durand", "role": "clerk"})");
    ASSERT_EQ(created.status, 201) << created.body;
    auto user = created.json()->getObject("user");
    EXPECT_EQ(user->getValue<std::string>("email"), "clerk.new@paris.example.fr");
    EXPECT_EQ(user->getValue<std::string>("role"), "clerk");
    EXPECT_TRUE(user->getValue<bool>("active"));
    EXPECT_TRUE(created.json()->getValue<bool>("invitation_sent"));

    // No password works before the invitation is accepted.
    EXPECT_EQ(signInStatus("clerk.new@paris.example.fr", kPassword), 401);
    const std::string token = invitationTokenFor("clerk.new@paris.example.fr", 1);
    ASSERT_EQ(token.size(), 64u);

    auto check = anonymous().post("/api/v1/invitations/check", tokenBody(token));
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.json()->getValue<std::string>("name"), "Camille Durand");

    // A weak password is refused, field by field, and the link still works.
    auto weak = anonymous().post("/api/v1/invitations/accept", tokenBody(token, "short"));
    EXPECT_EQ(weak.status, 422) << weak.body;
    EXPECT_NE(weak.body.find("\"password\""), std::string::npos) << weak.body;
    auto accepted = anonymous().post("/api/v1/invitations/accept", tokenBody(token, kPassword));
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json()->getValue<std::string>("email"), "clerk.new@paris.example.fr");
    // Once only.
    EXPECT_EQ(anonymous().post("/api/v1/invitations/accept", tokenBody(token, kPassword)).status,
              404);
    EXPECT_EQ(anonymous().post("/api/v1/invitations/check", tokenBody(token)).status, 404);

    Account clerk = signIn("clerk.new@paris.example.fr", kPassword);
    EXPECT_EQ(clerk.role, Role::Clerk);
    EXPECT_EQ(as(clerk).get("/api/v1/council-sessions").status, 200);
}

TEST_P(Staff, ADeactivatedAccountLosesItsSessionAtOnceAndCannotSignInUntilActivated) {
    Account admin = createStaff(Role::Admin, "boss");
    Account reviewer = createStaff(Role::Reviewer, "leaving", {"HEALTH"});
    auto reviewerClient = as(reviewer);
    ASSERT_EQ(reviewerClient.get("/api/v1/session").status, 200);

    const std::string target = "/api/v1/users/" + std::to_string(reviewer.userId);
    auto off = as(admin).patch(target, R"({"active": false})", "");
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_FALSE(off.json()->getValue<bool>("active"));

    // The bearer token of the deactivated account: refused on its next request.
    EXPECT_EQ(reviewerClient.get("/api/v1/session").status, 401);
    EXPECT_EQ(reviewerClient.get("/api/v1/applications").status, 401);
    // Its sign-in gets the wrong password's answer.
    auto refused =
        anonymous().post("/api/v1/session", R"({"email": ")" + reviewer.email +
                                                R"(", "password": ")" + kPassword + R"("})");
    auto wrong = anonymous().post("/api/v1/session", R"({"email": ")" + reviewer.email +
                                                         R"(", "password": "Wrong-Password-123"})");
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.json()->getValue<std::string>("detail"),
              wrong.json()->getValue<std::string>("detail"));
    // No new invitation for a deactivated account.
    EXPECT_EQ(as(admin).post(target + "/invitation", "").status, 409);

    auto on = as(admin).patch(target, R"({"active": true})", "");
    ASSERT_EQ(on.status, 200) << on.body;
    EXPECT_EQ(signInStatus(reviewer.email, kPassword), 200);
}

TEST_P(Staff, AnAdministratorCannotDeactivateOrDemoteThemselves) {
    Account admin = createStaff(Role::Admin, "only");
    const std::string self = "/api/v1/users/" + std::to_string(admin.userId);
    auto deactivate = as(admin).patch(self, R"({"active": false})", "");
    EXPECT_EQ(deactivate.status, 409) << deactivate.body;
    auto demote = as(admin).patch(self, R"({"role": "clerk"})", "");
    EXPECT_EQ(demote.status, 409) << demote.body;
    EXPECT_EQ(as(admin).get("/api/v1/session").status, 200);

    // Another administrator may demote them while one active admin remains.
    Account second = createStaff(Role::Admin, "second");
    auto demoted = as(second).patch(self, R"({"role": "finance"})", "");
    ASSERT_EQ(demoted.status, 200) << demoted.body;
    EXPECT_EQ(demoted.json()->getValue<std::string>("role"), "finance");
}

TEST_P(Staff, ChangesAreValidatedAndReviewersKeepOnlyKnownProgrammes) {
    Account admin = createStaff(Role::Admin, "boss");
    auto client = as(admin);
    auto bad = client.post("/api/v1/users", R"({"email": "not-an-address", "name": " ",
        "role": "applicant", "programmes": ["NOPE"]})");
    ASSERT_EQ(bad.status, 422) << bad.body;
    for (const char* field : {"\"email\"", "\"name\"", "\"role\"", "\"programmes\""})
        EXPECT_NE(bad.body.find(field), std::string::npos) << field << " " << bad.body;

    auto created = client.post("/api/v1/users", R"({"email": "rev@paris.example.fr",
        "name": "Rev", "role": "reviewer", "programmes": ["HEALTH"]})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string target =
        "/api/v1/users/" +
        std::to_string(created.json()->getObject("user")->getValue<std::int64_t>("id"));
    EXPECT_EQ(client
                  .post("/api/v1/users", R"({"email": "REV@paris.example.fr", "name": "Again",
        "role": "clerk"})")
                  .status,
              409);
    EXPECT_EQ(client.patch(target, R"({"programmes": ["NOPE"]})", "").status, 422);
    EXPECT_EQ(client.patch(target, "{}", "").status, 400);
    // A reviewer who becomes a clerk loses the programmes.
    auto clerk = client.patch(target, R"({"role": "clerk"})", "");
    ASSERT_EQ(clerk.status, 200) << clerk.body;
    EXPECT_EQ(clerk.json()->getArray("programmes")->size(), 0u);
    // Applicants are not staff.
    Account applicant = registerOrganisation("asso");
    EXPECT_EQ(
        client.patch("/api/v1/users/" + std::to_string(applicant.userId), R"({"name": "X"})", "")
            .status,
        404);
    auto list = client.get("/api/v1/users");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json()->getArray("items")->size(), 2u);  // the admin and the clerk

    // A new link replaces the first one.
    const std::string first = invitationTokenFor("rev@paris.example.fr", 1);
    ASSERT_EQ(client.post(target + "/invitation", "").status, 204);
    const std::string second = invitationTokenFor("rev@paris.example.fr", 2);
    EXPECT_NE(first, second);
    EXPECT_EQ(anonymous().post("/api/v1/invitations/check", tokenBody(first)).status, 404);
    EXPECT_EQ(anonymous().post("/api/v1/invitations/check", tokenBody(second)).status, 200);
}

TEST_P(Staff, AnAuditorReadsEveryAccountChangeInTheVerifiedAuditTrail) {
    Account admin = createStaff(Role::Admin, "boss");
    Account auditor = createStaff(Role::Auditor, "eye");
    auto created = as(admin).post(
        "/api/v1/users", R"({"email": "fin@paris.example.fr", "name": "Fin", "role": "finance"})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.json()->getObject("user")->getValue<std::int64_t>("id");
    ASSERT_EQ(
        as(admin).patch("/api/v1/users/" + std::to_string(id), R"({"role": "auditor"})", "").status,
        200);

    auto page = as(auditor).get("/api/v1/audit?limit=1");
    ASSERT_EQ(page.status, 200) << page.body;
    auto items = page.json()->getArray("items");
    ASSERT_EQ(items->size(), 1u);
    auto newest = items->getObject(0);
    EXPECT_EQ(newest->getValue<std::string>("action"), "user_changed");
    EXPECT_EQ(newest->getValue<std::int64_t>("actor_id"), admin.userId);
    EXPECT_TRUE(newest->isNull("application_id"));
    auto role = newest->getObject("details")->getObject("changes")->getObject("role");
    EXPECT_EQ(role->getValue<std::string>("old"), "finance");
    EXPECT_EQ(role->getValue<std::string>("new"), "auditor");

    auto next = as(auditor).get("/api/v1/audit?limit=1&before=" +
                                std::to_string(page.json()->getValue<std::int64_t>("next_before")));
    ASSERT_EQ(next.status, 200) << next.body;
    EXPECT_EQ(next.json()->getArray("items")->getObject(0)->getValue<std::string>("action"),
              "user_created");

    auto verified = as(auditor).get("/api/v1/audit/verification");
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_TRUE(verified.json()->getValue<bool>("ok"));
    // Every entry is checked: the two above and those written before them
    // (the workflows published when the database was created).
    long long entries = 0;
    *db().session() << "SELECT COUNT(*) FROM audit_entries", soci::into(entries);
    EXPECT_GE(entries, 2);
    EXPECT_EQ(verified.json()->getValue<std::int64_t>("entries_checked"), entries);

    // The auditor changes nothing.
    EXPECT_EQ(
        as(auditor).patch("/api/v1/users/" + std::to_string(id), R"({"active": false})", "").status,
        403);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Staff);
