// Accounts over HTTP: registration checks, sign-in with token and cookie,
// CSRF on cookie writes, sign-out, rate limiting shared through the
// database, and IBAN masking.
#include <gtest/gtest.h>

#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

std::string registration(const std::string& email, const std::string& rna, const std::string& siret,
                         const std::string& iban, const std::string& password) {
    return R"({"organization": {"name": "Eau Vive", "rna": ")" + rna + R"(", "siret": ")" + siret +
           R"(", "address": "4 rue de l'Aqueduc", "city": "Paris", "country": "FR", "iban": ")" +
           iban + R"(", "active_in_paris_since": "2012-06-15"}, "user": {"email": ")" + email +
           R"(", "password": ")" + password + R"(", "name": "Moussa"}})";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class Accounts : public ApiTest {
protected:
    ServerProcessOptions serverOptions() const override {
        return {.extraArgs = {"--login-max-failures-per-address", "8"}};
    }
};

TEST_P(Accounts, RegistrationChecksIdentifiersFieldByFieldAndWritesNothingWhenWrong) {
    auto client = anonymous();
    auto bad = client.post("/api/v1/register",
                           registration("moussa@eau.example.org", "W12", "73282932000075",
                                        "FR7630006000011234567890180", "password"));
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(bad.problemType(), "validation-failed");
    EXPECT_EQ(bad.errorFields(), (std::vector<std::string>{"organization.rna", "organization.siret",
                                                           "organization.iban", "user.password"}));
    EXPECT_EQ(count("users"), 0);
    EXPECT_EQ(count("organisations"), 0);

    auto shape =
        client.post("/api/v1/register", R"({"organization": "Eau Vive", "user": {"email": 3}})");
    EXPECT_EQ(shape.status, 400) << shape.body;
    EXPECT_EQ(shape.problemType(), "malformed-request");

    auto ok = client.post("/api/v1/register",
                          registration("Moussa@Eau.example.org", "W751234568", "35600000000048",
                                       "FR7610107001011234567890129", kPassword));
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_GT(ok.json()->getValue<long>("organization_id"), 0);
    EXPECT_GT(ok.json()->getValue<long>("user_id"), 0);

    auto again = client.post("/api/v1/register",
                             registration("moussa@eau.example.org", "W751234568", "35600000000048",
                                          "FR7610107001011234567890129", kPassword));
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(again.errorFields(), std::vector<std::string>{"user.email"});
    EXPECT_EQ(count("users"), 1);
    EXPECT_EQ(count("organisations"), 1);
}

TEST_P(Accounts, SignInGivesATokenAStrictHttpOnlyCookieAndACsrfToken) {
    Account alice = registerOrganisation("alice");
    Poco::JSON::Object body;
    body.set("email", alice.email);
    body.set("password", std::string(kPassword));
    auto r = anonymous().post("/api/v1/session", body);
    ASSERT_EQ(r.status, 200) << r.body;
    auto json = r.json();
    std::string token = json->getValue<std::string>("token");
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(json->getObject("user")->getValue<std::string>("role"), "applicant");
    auto cookies = r.headerValues("set-cookie");
    ASSERT_EQ(cookies.size(), 2u);
    EXPECT_TRUE(contains(cookies[0], "gf_session=" + token)) << cookies[0];
    EXPECT_TRUE(contains(cookies[0], "HttpOnly"));
    EXPECT_TRUE(contains(cookies[0], "SameSite=Strict"));
    EXPECT_TRUE(contains(cookies[0], "Path=/"));
    EXPECT_TRUE(contains(cookies[1], "gf_csrf=" + json->getValue<std::string>("csrf_token")));
    EXPECT_FALSE(contains(cookies[1], "HttpOnly"));

    // Only the hash of the token is stored.
    int stored = 0;
    auto s = db().session();
    *s << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(token),
        soci::into(stored);
    EXPECT_EQ(stored, 0);

    auto me = withCookie(alice).get("/api/v1/session");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()->getObject("user")->getValue<std::string>("email"), alice.email);

    auto wrong = anonymous().post("/api/v1/session",
                                  R"({"email": ")" + alice.email + R"(", "password": "nope"})");
    EXPECT_EQ(wrong.status, 401);
    auto nobody =
        anonymous().post("/api/v1/session", R"({"email": "nobody@x.org", "password": "nope"})");
    EXPECT_EQ(nobody.status, 401);
    EXPECT_EQ(wrong.json()->getValue<std::string>("detail"),
              nobody.json()->getValue<std::string>("detail"))
        << "the answer must not tell whether the account exists";
}

TEST_P(Accounts, CookieAuthenticatedWritesNeedTheCsrfHeaderAndBearerOnesDoNot) {
    Account alice = registerOrganisation("alice");
    auto noCsrf = withCookie(alice, false);
    Poco::JSON::Object draft;
    draft.set("programme", std::string("EMERGENCY"));
    draft.set("title", std::string("Aide"));
    draft.set("amount_requested_cents", 3'000'000);
    auto refused = noCsrf.post("/api/v1/applications", draft);
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(refused.problemType(), "csrf-token-missing");
    EXPECT_EQ(count("applications"), 0);
    EXPECT_EQ(noCsrf.get("/api/v1/applications").status, 200) << "reads need no CSRF token";

    auto wrongCsrf = withCookie(alice);
    Credentials c = wrongCsrf.credentials();
    c.csrfToken = std::string(64, 'a');
    wrongCsrf.signIn(c);
    EXPECT_EQ(wrongCsrf.post("/api/v1/applications", draft).status, 403);

    EXPECT_EQ(withCookie(alice).post("/api/v1/applications", draft).status, 201);
    EXPECT_EQ(as(alice).post("/api/v1/applications", draft).status, 201);
    EXPECT_EQ(count("applications"), 2);
}

TEST_P(Accounts, SignOutEndsTheSession) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    EXPECT_EQ(client.get("/api/v1/session").status, 200);
    auto out = client.del("/api/v1/session");
    EXPECT_EQ(out.status, 204);
    auto cookies = out.headerValues("set-cookie");
    ASSERT_EQ(cookies.size(), 2u);
    EXPECT_TRUE(contains(cookies[0], "Max-Age=0"));
    auto after = client.get("/api/v1/session");
    EXPECT_EQ(after.status, 401);
    EXPECT_EQ(after.problemType(), "unauthenticated");
    EXPECT_EQ(after.header("www-authenticate"), "Bearer realm=\"grantflow\"");
}

TEST_P(Accounts, SignInIsRateLimitedPerAccountAndPerAddressAcrossProcesses) {
    Account alice = registerOrganisation("alice");
    auto client = anonymous();
    std::string wrong = R"({"email": ")" + alice.email + R"(", "password": "Wrong-Password-123"})";
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client.post("/api/v1/session", wrong).status, 401) << i;
    std::string right =
        R"({"email": ")" + alice.email + R"(", "password": ")" + kPassword + R"("})";
    auto blocked = client.post("/api/v1/session", right);
    EXPECT_EQ(blocked.status, 429) << blocked.body;
    EXPECT_EQ(blocked.problemType(), "too-many-requests");
    EXPECT_EQ(blocked.header("retry-after"), "900");

    // A second process on the same database enforces the same count.
    ServerProcess other(connectionString());
    other.start();
    EXPECT_EQ(HttpClient(other.port()).post("/api/v1/session", right).status, 429);
    EXPECT_EQ(other.stop(), 0) << other.log();

    // Per address (8 here): three more failures on other accounts reach it.
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(client
                      .post("/api/v1/session",
                            R"({"email": "x)" + std::to_string(i) + R"(@x.org", "password": "p"})")
                      .status,
                  401);
    EXPECT_EQ(client.post("/api/v1/session", R"({"email": "fresh@x.org", "password": "p"})").status,
              429);
}

TEST_P(Accounts, IbanIsMaskedExceptForTheOwnerAndClerks) {
    Account alice = registerOrganisation("alice");
    Account bob = registerOrganisation("bob");
    Account reviewer = createStaff(Role::Reviewer, "r", {"EMERGENCY"});
    Account clerk = createStaff(Role::Clerk, "c");
    Account admin = createStaff(Role::Admin, "a");
    std::string org = "/api/v1/organizations/" + std::to_string(alice.organizationId);
    const std::string full = "FR7630006000011234567890189";

    auto own = as(alice).get(org);
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.json()->getValue<std::string>("iban"), full);
    EXPECT_EQ(as(clerk).get(org).json()->getValue<std::string>("iban"), full);
    for (const Account* a : {&reviewer, &admin}) {
        auto masked = as(*a).get(org);
        ASSERT_EQ(masked.status, 200);
        std::string iban = masked.json()->getValue<std::string>("iban");
        EXPECT_NE(iban, full);
        EXPECT_FALSE(contains(iban, "0112345678")) << iban;
        EXPECT_TRUE(masked.json()->getValue<bool>("iban_masked"));
    }
    EXPECT_EQ(as(bob).get(org).status, 404);
    EXPECT_FALSE(contains(server().log(), "30006000011234567890189")) << "an IBAN reached the log";
}

GRANTFLOW_INSTANTIATE_BACKENDS(Accounts);
