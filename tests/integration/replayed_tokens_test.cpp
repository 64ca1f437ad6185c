// Replayed, expired and revoked credentials: the links mailed to an account
// (password resets, invitations) work once, for their own purpose, until a
// newer link replaces them or they expire; a session (bearer token or
// cookie) ends at once when its owner signs out, changes the password,
// resets it, or an administrator deactivates the account, and when it
// expires or lies idle, in every server process on the database, since no
// process keeps sessions in memory. Time passing is played by moving the
// stored expiry or last use into the past, as the clock would.
#include <gtest/gtest.h>

#include "security/digest.hpp"
#include "tests/integration/mail_fixture.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;
using grantflow::engine::Role;

namespace {

constexpr const char* kNewPassword = "Another-Horse-Saddle-42";
constexpr const char* kLongAgo = "2001-01-01T00:00:00Z";

std::string resetBody(const std::string& token, const std::string& password) {
    return R"({"token": ")" + token + R"(", "new_password": ")" + password + "\"}";
}

// A client of the server on `port` with `account`'s bearer token.
HttpClient bearerClient(int port, const Account& account) {
    HttpClient client(port);
    Credentials credentials;
    credentials.token = account.token;
    client.signIn(credentials);
    return client;
}
// The session cookie of `account`: this suite serves an https:// public
// URL, so the cookie has its __Host- name.
std::map<std::string, std::string> sessionCookie(const Account& account) {
    return {{"Cookie", "__Host-gf_session=" + account.token}, {"X-CSRF-Token", account.csrfToken}};
}

}  // namespace

class ReplayedTokens : public MailApiTest {
protected:
    // Moves the stored expiry of `userId`'s unused links of `purpose` into the past.
    void expireLinks(std::int64_t userId, const std::string& purpose) {
        auto sql = db().session();
        const std::string longAgo = kLongAgo;  // soci::use keeps a reference
        *sql << "UPDATE account_tokens SET expires_at = :t "
                "WHERE user_id = :u AND purpose = :p AND used_at IS NULL",
            soci::use(longAgo), soci::use(userId), soci::use(purpose);
    }
    // Mails received so far, to wait for the next one.
    std::size_t mails() const { return sink_.mails().size(); }
    std::string requestReset(const Account& account) {
        const std::size_t before = mails();
        auto r =
            anonymous().post("/api/v1/password-reset", R"({"email": ")" + account.email + R"("})");
        EXPECT_EQ(r.status, 202) << r.body;
        EXPECT_TRUE(sink_.waitFor(before + 1, 30s));
        return lastLink(account.email, "/reset-password");
    }
    // The status each process answers `account`'s bearer token and cookie with.
    std::vector<int> sessionStatuses(const Account& account, const std::vector<int>& ports) {
        std::vector<int> out;
        for (int port : ports) {
            out.push_back(bearerClient(port, account).get("/api/v1/session").status);
            out.push_back(HttpClient(port).get("/api/v1/session", sessionCookie(account)).status);
        }
        return out;
    }
};

TEST_P(ReplayedTokens, AResetLinkWorksOnceForItsPurposeUntilReplacedOrExpired) {
    Account applicant = registerOrganisation("replay");
    ASSERT_TRUE(sink_.waitFor(1, 30s));  // the verification link of the registration
    auto anyone = anonymous();

    // A newer link replaces the earlier one.
    const std::string first = requestReset(applicant);
    const std::string second = requestReset(applicant);
    ASSERT_FALSE(first.empty());
    ASSERT_NE(first, second);
    EXPECT_EQ(anyone.post("/api/v1/password-reset/confirm", resetBody(first, kNewPassword)).status,
              404);
    // Expired: refused, though never used.
    expireLinks(applicant.userId, "password_reset");
    auto expired = anyone.post("/api/v1/password-reset/confirm", resetBody(second, kNewPassword));
    EXPECT_EQ(expired.status, 404) << expired.body;
    EXPECT_EQ(expired.problemType(), "not-found");
    EXPECT_NO_THROW(signIn(applicant.email, kPassword)) << "the password is unchanged";

    // A live link opens nothing but its own form: not an invitation, an
    // e-mail confirmation, nor a session.
    const std::string live = requestReset(applicant);
    EXPECT_EQ(anyone.post("/api/v1/invitations/check", R"({"token": ")" + live + "\"}").status,
              404);
    EXPECT_EQ(anyone
                  .post("/api/v1/invitations/accept",
                        R"({"token": ")" + live + R"(", "password": ")" + kNewPassword + "\"}")
                  .status,
              404);
    EXPECT_EQ(
        anyone.post("/api/v1/email-verification/confirm", R"({"token": ")" + live + "\"}").status,
        404);
    Account linkAsSession;
    linkAsSession.token = live;
    EXPECT_EQ(sessionStatuses(linkAsSession, {server().port()}), (std::vector<int>{401, 401}));
    // Once, then never again, not even with the same new password.
    auto used = anyone.post("/api/v1/password-reset/confirm", resetBody(live, kNewPassword));
    ASSERT_EQ(used.status, 204) << used.body;
    for (const char* password : {kNewPassword, "Yet-Another-Horse-77"})
        EXPECT_EQ(anyone.post("/api/v1/password-reset/confirm", resetBody(live, password)).status,
                  404);
    EXPECT_NO_THROW(signIn(applicant.email, kNewPassword));
    EXPECT_THROW(signIn(applicant.email, "Yet-Another-Horse-77"), std::runtime_error);
}

TEST_P(ReplayedTokens, AnInvitationLinkIsRefusedOnceExpiredAndAfterANewOneIsSent) {
    Account admin = createStaff(Role::Admin, "inviter");
    auto invited = as(admin).post(
        "/api/v1/users",
        R"({"email": "clerk.late@paris.example.fr", "name": "Clerc Tardif", "role": "clerk"})");
    ASSERT_EQ(invited.status, 201) << invited.body;
    const std::int64_t userId = invited.json()->getObject("user")->getValue<std::int64_t>("id");
    ASSERT_TRUE(sink_.waitFor(1, 30s));
    const std::string expiring = lastLink("clerk.late@paris.example.fr", "/invitation");
    ASSERT_FALSE(expiring.empty());

    expireLinks(userId, "invitation");
    auto anyone = anonymous();
    const std::string accept =
        R"({"token": ")" + expiring + R"(", "password": ")" + kPassword + "\"}";
    EXPECT_EQ(anyone.post("/api/v1/invitations/check", R"({"token": ")" + expiring + "\"}").status,
              404);
    EXPECT_EQ(anyone.post("/api/v1/invitations/accept", accept).status, 404);
    EXPECT_EQ(anyone.post("/api/v1/password-reset/confirm", resetBody(expiring, kPassword)).status,
              404);

    // The administrator sends a new one: it works, the expired one still not.
    ASSERT_EQ(as(admin).post("/api/v1/users/" + std::to_string(userId) + "/invitation", "").status,
              204);
    ASSERT_TRUE(sink_.waitFor(2, 30s));
    const std::string fresh = lastLink("clerk.late@paris.example.fr", "/invitation");
    ASSERT_NE(fresh, expiring);
    EXPECT_EQ(anyone.post("/api/v1/invitations/accept", accept).status, 404);
    auto accepted =
        anyone.post("/api/v1/invitations/accept",
                    R"({"token": ")" + fresh + R"(", "password": ")" + kPassword + "\"}");
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(anyone
                  .post("/api/v1/invitations/accept",
                        R"({"token": ")" + fresh + R"(", "password": ")" + kNewPassword + "\"}")
                  .status,
              404);
}

TEST_P(ReplayedTokens, ASessionEndsAtOnceInEveryProcessOnTheDatabase) {
    ServerProcess other(connectionString(), serverOptions());
    other.start();
    const std::vector<int> both{server().port(), other.port()};
    const std::vector<int> live(4, 200), ended(4, 401);
    Account applicant = registerOrganisation("sessions");
    Account admin = createStaff(Role::Admin, "sessions");
    Account reviewer = createStaff(Role::Reviewer, "sessions", {"HEALTH"});
    ASSERT_EQ(sessionStatuses(applicant, both), live);

    // Signed out in one process (by cookie, as the web page does): ended in both.
    Account leaving = signIn(applicant.email, kPassword);
    ASSERT_EQ(HttpClient(other.port())
                  .request("DELETE", "/api/v1/session", "", "", sessionCookie(leaving))
                  .status,
              204);
    EXPECT_EQ(sessionStatuses(leaving, both), ended);
    EXPECT_EQ(sessionStatuses(applicant, both), live) << "the other session is untouched";

    // A password changed in one process ends the other sessions in both.
    Account changing = signIn(applicant.email, kPassword);
    auto here = bearerClient(other.port(), changing);
    ASSERT_EQ(
        here.post("/api/v1/session/password", R"({"current_password": ")" + std::string(kPassword) +
                                                  R"(", "new_password": ")" + kNewPassword + "\"}")
            .status,
        204);
    EXPECT_EQ(sessionStatuses(applicant, both), ended);
    EXPECT_EQ(sessionStatuses(changing, both), live);

    // A reset from a mailed link ends every session, in both.
    const std::string link = requestReset(applicant);
    ASSERT_EQ(anonymous()
                  .post("/api/v1/password-reset/confirm", resetBody(link, "Third-Horse-Saddle-99"))
                  .status,
              204);
    EXPECT_EQ(sessionStatuses(changing, both), ended);

    // An administrator deactivates the reviewer in one process: ended in both.
    ASSERT_EQ(sessionStatuses(reviewer, both), live);
    auto administrator = bearerClient(server().port(), admin);
    ASSERT_EQ(
        administrator
            .patch("/api/v1/users/" + std::to_string(reviewer.userId), R"({"active": false})", "")
            .status,
        200);
    EXPECT_EQ(sessionStatuses(reviewer, both), ended);

    // Expired, or idle past the idle timeout: ended in both.
    Account expiring = signIn(admin.email, kPassword);
    Account idle = signIn(admin.email, kPassword);
    ASSERT_EQ(sessionStatuses(expiring, both), live);
    ASSERT_EQ(sessionStatuses(idle, both), live);
    {
        auto sql = db().session();
        const std::string longAgo = kLongAgo;
        const std::string expiringHash = grantflow::security::sha256Hex(expiring.token);
        const std::string idleHash = grantflow::security::sha256Hex(idle.token);
        *sql << "UPDATE sessions SET expires_at = :t WHERE token_hash = :h", soci::use(longAgo),
            soci::use(expiringHash);
        *sql << "UPDATE sessions SET last_seen_at = :t WHERE token_hash = :h", soci::use(longAgo),
            soci::use(idleHash);
    }
    EXPECT_EQ(sessionStatuses(expiring, both), ended);
    EXPECT_EQ(sessionStatuses(idle, both), ended);
    EXPECT_EQ(sessionStatuses(admin, both), live);

    EXPECT_EQ(other.stop(), 0) << other.log();
}

GRANTFLOW_INSTANTIATE_BACKENDS(ReplayedTokens);
