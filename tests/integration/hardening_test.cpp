// Floods and leaks bounded from outside, through the real server: password
// hashing that cannot exhaust memory, a sign-in throttle that parallel
// guesses cannot race, registrations limited per address, metrics closed to
// the anonymous, and HTTPS answers with HSTS and __Host- cookies.
#include <algorithm>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/api_fixture.hpp"

namespace grantflow::testing {
namespace {

const std::string kMetricsToken = "metrics-scraper-secret-0123456789abcdef";

// Sends `n` requests at once, each from its own connection; their statuses.
template <class Send>
std::vector<HttpResponse> atOnce(int n, Send send) {
    std::vector<std::future<HttpResponse>> pending;
    for (int i = 0; i < n; ++i) pending.push_back(std::async(std::launch::async, send, i));
    std::vector<HttpResponse> out;
    for (auto& p : pending) out.push_back(p.get());
    return out;
}

int withStatus(const std::vector<HttpResponse>& responses, int status) {
    int n = 0;
    for (const auto& r : responses) n += r.status == status ? 1 : 0;
    return n;
}

std::string signInBody(const std::string& email, const std::string& password) {
    return R"({"email": ")" + email + R"(", "password": ")" + password + R"("})";
}

class Hardening : public ApiTest {
protected:
    ServerProcessOptions serverOptions() const override {
        // The per-address and per-e-mail limits are lifted so that the
        // floods reach what they test; passwords are hashed at the default
        // cost, whose memory the floods must not multiply.
        return {.extraArgs = {"--metrics-token", kMetricsToken, "--login-max-failures-per-address",
                              "1000", "--registration-max-per-email", "1000",
                              "--password-hashing-cost", "interactive"}};
    }
};

TEST_P(Hardening, FiftyParallelWrongPasswordsGetExactlyFivePasswordChecks) {
    Account alice = registerOrganisation("alice");
    auto answers = atOnce(50, [&](int) {
        return anonymous().post("/api/v1/session",
                                signInBody(alice.email, "Wrong-Horse-Battery-1"));
    });
    EXPECT_EQ(withStatus(answers, 401), 5) << "the throttle let more checks through than its limit";
    EXPECT_EQ(withStatus(answers, 429), 45);
    for (const auto& r : answers) {
        if (r.status != 429) continue;
        EXPECT_EQ(r.header("retry-after"), "900");
    }
    // Blocked, even with the right password, until the window ends.
    EXPECT_EQ(anonymous().post("/api/v1/session", signInBody(alice.email, kPassword)).status, 429);
}

TEST_P(Hardening, SixtyFourParallelRegistrationsOfATakenEmailHashNothing) {
    Account alice = registerOrganisation("alice");
    const std::string body = R"({"organization": {"name": "Copie", "rna": "W751000009",
        "address": "1 rue X", "city": "Paris", "country": "FR",
        "iban": "FR76 3000 6000 0112 3456 7890 189"},
        "user": {"email": ")" +
                             alice.email +
                             R"(", "password": "Another-Horse-Battery-7", "name": "Copie"}})";
    // The peak so far includes the hash of alice's registration; a flood
    // that hashed would add 64 MiB per hash running at once.
    const long before = server().peakMemoryMiB();
    ASSERT_GT(before, 0);
    auto answers = atOnce(64, [&](int) { return anonymous().post("/api/v1/register", body); });
    EXPECT_EQ(withStatus(answers, 409), 64);
    EXPECT_LT(server().peakMemoryMiB() - before, 32) << "MiB more at peak";
}

TEST_P(Hardening, SixtyFourParallelSignInsHashAtMostOnePerCoreAtOnce) {
    // Unknown accounts, so that nothing but the hashing limits them (the
    // per-address limit is lifted for this suite).
    Account alice = registerOrganisation("alice");  // one hash already in the peak
    const long before = server().peakMemoryMiB();
    ASSERT_GT(before, 0);
    auto answers = atOnce(64, [&](int i) {
        return anonymous().post("/api/v1/session",
                                signInBody("nobody" + std::to_string(i) + "@asso.example.org",
                                           "Wrong-Horse-Battery-1"));
    });
    EXPECT_EQ(withStatus(answers, 401) + withStatus(answers, 503), 64);
    for (const auto& r : answers) {
        if (r.status != 503) continue;
        EXPECT_FALSE(r.header("retry-after").empty());
        EXPECT_TRUE(r.isProblem());
    }
    // At most one hash per core at once (the default), 64 MiB each; without
    // the limit, 64 at once would add 4 GiB.
    const long cores = std::max(1u, std::thread::hardware_concurrency());
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer's own state for the 64 request threads: about 50 MiB.
    // One hash more than allowed would still go past the bound.
    constexpr long kSlackMiB = 64;
#else
    constexpr long kSlackMiB = 32;
#endif
    EXPECT_LT(server().peakMemoryMiB() - before, 64 * cores + kSlackMiB) << "MiB more at peak";
}

TEST_P(Hardening, RegistrationsFromOneAddressAreLimited) {
    ServerProcess limited(connectionString(),
                          {.extraArgs = {"--registration-max-per-address", "2"}});
    limited.start();
    auto attempt = [&](const std::string& email) {
        const std::string body = R"({"organization": {"name": "Asso", "rna": "W751000009",
            "address": "1 rue X", "city": "Paris", "country": "FR",
            "iban": "FR76 3000 6000 0112 3456 7890 189"},
            "user": {"email": ")" +
                                 email +
                                 R"(", "password": "Another-Horse-Battery-7", "name": "A"}})";
        return HttpClient(limited.port()).post("/api/v1/register", body);
    };
    EXPECT_EQ(attempt("one@asso.example.org").status, 201);
    EXPECT_EQ(attempt("two@asso.example.org").status, 202);  // the same RNA: asks to join
    auto third = attempt("three@asso.example.org");
    EXPECT_EQ(third.status, 429);
    EXPECT_EQ(third.header("retry-after"), "3600");
    EXPECT_EQ(limited.stop(), 0);
}

TEST_P(Hardening, MetricsAreForAdministratorsAuditorsAndTheMetricsToken) {
    Account alice = registerOrganisation("alice");
    Account admin = createStaff(engine::Role::Admin, "ops");
    Account clerk = createStaff(engine::Role::Clerk, "greffe");
    EXPECT_EQ(anonymous().get("/metrics").status, 401);
    EXPECT_EQ(as(alice).get("/metrics").status, 403);
    EXPECT_EQ(as(clerk).get("/metrics").status, 403);
    EXPECT_EQ(as(admin).get("/metrics").status, 200);
    EXPECT_EQ(anonymous().get("/metrics", {{"Authorization", "Bearer " + kMetricsToken}}).status,
              200);
    EXPECT_EQ(
        anonymous().get("/metrics", {{"Authorization", "Bearer " + kMetricsToken + "x"}}).status,
        401);
}

TEST_P(Hardening, OverHttpsEveryAnswerHasHstsAndTheCookiesAreSecureHostCookies) {
    Account alice = registerOrganisation("alice");
    ServerProcess https(connectionString(), {.extraArgs = {"--https", "true"}});
    https.start();
    HttpClient client(https.port());
    auto signedIn = client.post("/api/v1/session", signInBody(alice.email, kPassword));
    ASSERT_EQ(signedIn.status, 200) << signedIn.body;
    EXPECT_EQ(signedIn.header("strict-transport-security"), "max-age=31536000");
    std::vector<std::string> cookies;
    for (auto [it, end] = signedIn.headers.equal_range("set-cookie"); it != end; ++it)
        cookies.push_back(it->second);
    ASSERT_EQ(cookies.size(), 2u);
    for (const auto& c : cookies) {
        EXPECT_EQ(c.rfind("__Host-gf_", 0), 0u) << c;
        EXPECT_NE(c.find("; Secure"), std::string::npos) << c;
        EXPECT_NE(c.find("; Path=/"), std::string::npos) << c;
        EXPECT_EQ(c.find("Domain"), std::string::npos) << c;
    }
    const std::string token = signedIn.json()->getValue<std::string>("token");
    EXPECT_EQ(client.get("/api/v1/session", {{"Cookie", "__Host-gf_session=" + token}}).status,
              200);
    EXPECT_EQ(client.get("/api/v1/session", {{"Cookie", "gf_session=" + token}}).status, 401)
        << "over HTTPS only the __Host- cookie is read";
    EXPECT_EQ(HttpClient(https.port()).get("/healthz").header("strict-transport-security"),
              "max-age=31536000");
    EXPECT_TRUE(anonymous().get("/healthz").header("strict-transport-security").empty())
        << "a plain HTTP server sends no HSTS";
    EXPECT_EQ(https.stop(), 0);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Hardening);

}  // namespace
}  // namespace grantflow::testing
