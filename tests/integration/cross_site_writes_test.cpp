// Cross-site request forgery, on every write route the OpenAPI document
// lists (so a route added later is covered without editing this file):
//
// - a cookie-authenticated write without the session's own CSRF token (no
//   header, a wrong one, another session's of the same account, another
//   account's) is refused with 403 csrf-token-missing, by a caller whose
//   role the route allows, so nothing but the token stands in the way;
// - a write a browser sends from a page of another origin (Origin,
//   Sec-Fetch-Site) is refused with 403 cross-origin-request, with the right
//   CSRF token, and on the public routes too (sign-in, registration, reset
//   links), which no CSRF token guards;
// - the public writes take only application/json, which a cross-site HTML
//   form cannot send.
//
// After each, every row of every table is what it was. A control shows the
// same cookie and token, from the same origin, do write.
#include <gtest/gtest.h>

#include <functional>

#include "tests/integration/api_fixture.hpp"
#include "tests/integration/database_snapshot.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

struct WriteRoute {
    std::string method;
    std::string pattern;
    std::string target;              // the pattern with each {parameter} filled in
    bool signedIn = false;           // the route needs a session or bearer token
    std::vector<std::string> roles;  // empty: every signed-in role
};

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Every POST, PUT, PATCH and DELETE of the server's OpenAPI document. The
// parameters are filled with "1": every refusal tested here comes before the
// handler reads them.
std::vector<WriteRoute> writeRoutes(HttpClient& client) {
    auto document = client.get("/api/v1/openapi.json").json();
    std::vector<WriteRoute> routes;
    for (const auto& [pattern, item] : *document->getObject("paths"))
        for (const auto& [method, value] : *item.extract<Poco::JSON::Object::Ptr>()) {
            if (method == "get") continue;
            auto op = value.extract<Poco::JSON::Object::Ptr>();
            WriteRoute route{upper(method), pattern, "", op->getArray("security")->size() > 0, {}};
            for (std::size_t i = 0; i < pattern.size(); ++i) {
                if (pattern[i] != '{') {
                    route.target += pattern[i];
                    continue;
                }
                route.target += "1";
                i = pattern.find('}', i);
            }
            if (auto roles = op->getArray("x-roles"))
                for (std::size_t i = 0; i < roles->size(); ++i)
                    route.roles.push_back(roles->getElement<std::string>(static_cast<unsigned>(i)));
            routes.push_back(std::move(route));
        }
    return routes;
}

}  // namespace

class CrossSiteWrites : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        accounts_["applicant"] = registerOrganisation("csrf");
        accounts_["reviewer"] = createStaff(Role::Reviewer, "csrf", {"EMERGENCY"});
        accounts_["clerk"] = createStaff(Role::Clerk, "csrf");
        accounts_["finance"] = createStaff(Role::Finance, "csrf");
        accounts_["auditor"] = createStaff(Role::Auditor, "csrf");
        accounts_["admin"] = createStaff(Role::Admin, "csrf");
        auto client = anonymous();
        routes_ = writeRoutes(client);
    }

    // An account the route's roles allow (`signed-in`: any role).
    const Account& allowed(const WriteRoute& route) {
        const bool anyRole = route.roles.empty() || route.roles.front() == "signed-in";
        return accounts_.at(anyRole ? "applicant" : route.roles.front());
    }

    // Sends `route` from `client` with `headers`, expecting 403 `problem`.
    static void expectRefused(const WriteRoute& route, HttpClient& client,
                              const std::string& problem,
                              const std::map<std::string, std::string>& headers,
                              const std::string& what) {
        auto r = client.request(route.method, route.target, "{}", "application/json", headers);
        EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern << " " << what << "\n"
                                 << r.body;
        EXPECT_TRUE(r.isProblem()) << route.method << " " << route.pattern << " " << what;
        EXPECT_EQ(r.problemType(), problem) << route.method << " " << route.pattern << " " << what;
    }

    std::map<std::string, Account> accounts_;
    std::vector<WriteRoute> routes_;
};

TEST_P(CrossSiteWrites, ACookieWriteWithoutItsSessionsCsrfTokenIsRefusedAndChangesNothing) {
    // A second session of each account.
    std::map<Role, Account> second;
    for (const auto& [name, account] : accounts_)
        second[account.role] = signIn(account.email, account.password);
    const auto before = databaseSnapshot(db(), isPostgres());
    int signedInRoutes = 0;
    for (const WriteRoute& route : routes_) {
        if (!route.signedIn) continue;
        ++signedInRoutes;
        const Account& account = allowed(route);
        const Account& other = accounts_.at(account.role == Role::Admin ? "clerk" : "admin");

        auto noHeader = withCookie(account, false);
        expectRefused(route, noHeader, "csrf-token-missing", {}, "without X-CSRF-Token");
        for (const auto& [token, what] : std::vector<std::pair<std::string, std::string>>{
                 {std::string(64, 'a'), "with a made-up token"},
                 {"", "with an empty token"},
                 {account.token, "with the session token as CSRF token"},
                 {second.at(account.role).csrfToken,
                  "with the token of another session of the account"},
                 {other.csrfToken, "with the token of another account"}}) {
            auto client = withCookie(account, false);
            expectRefused(route, client, "csrf-token-missing", {{"X-CSRF-Token", token}}, what);
        }
        // The double-submit cookie alone proves nothing: a sibling site
        // could plant one matching its header.
        auto planted = withCookie(account, false);
        expectRefused(
            route, planted, "csrf-token-missing",
            {{"Cookie", "gf_session=" + account.token + "; gf_csrf=" + std::string(64, 'b')},
             {"X-CSRF-Token", std::string(64, 'b')}},
            "with a planted gf_csrf cookie and the same header");
    }
    // The document lists the signed-in writes (40 of them today).
    EXPECT_GE(signedInRoutes, 40);
    EXPECT_EQ(databaseSnapshot(db(), isPostgres()), before);

    // The control: the same cookie with its token writes.
    auto control = withCookie(accounts_.at("applicant"));
    auto draft = control.post(
        "/api/v1/applications",
        R"({"programme": "EMERGENCY", "title": "Aide", "amount_requested_cents": 3000000})");
    EXPECT_EQ(draft.status, 201) << draft.body;
    EXPECT_EQ(count("applications"), 1);
}

TEST_P(CrossSiteWrites, AWriteFromAPageOfAnotherOriginIsRefusedEvenWithItsTokenAndChangesNothing) {
    const std::string self = "http://127.0.0.1:" + std::to_string(server().port());
    const auto before = databaseSnapshot(db(), isPostgres());
    const std::vector<std::pair<std::map<std::string, std::string>, std::string>> foreign{
        {{{"Origin", "https://evil.example"}}, "Origin of another site"},
        {{{"Origin", "http://127.0.0.1:1"}}, "Origin of another port"},
        {{{"Origin", "null"}}, "Origin null (a sandboxed frame)"},
        {{{"Sec-Fetch-Site", "cross-site"}}, "Sec-Fetch-Site cross-site"},
        {{{"Sec-Fetch-Site", "same-site"}, {"Origin", self}}, "Sec-Fetch-Site same-site"},
    };
    for (const WriteRoute& route : routes_)
        for (const auto& [headers, what] : foreign) {
            // Signed-in routes with the cookie and its right token; public
            // ones as anyone, and with a cookie too.
            auto client = route.signedIn ? withCookie(allowed(route)) : anonymous();
            expectRefused(route, client, "cross-origin-request", headers, what);
            if (!route.signedIn) {
                auto withSession = withCookie(accounts_.at("applicant"));
                expectRefused(route, withSession, "cross-origin-request", headers,
                              what + " with a session cookie");
            }
        }
    // A planted sign-in: the right password, from another site.
    auto planted = anonymous().request("POST", "/api/v1/session",
                                       R"({"email": ")" + accounts_.at("applicant").email +
                                           R"(", "password": ")" + kPassword + "\"}",
                                       "application/json", {{"Origin", "https://evil.example"}});
    EXPECT_EQ(planted.status, 403) << planted.body;
    EXPECT_TRUE(planted.headerValues("set-cookie").empty());
    EXPECT_EQ(databaseSnapshot(db(), isPostgres()), before);

    // The control: the same origin, as the web front-end sends it, writes;
    // so does a client that is no browser (neither header).
    const std::string draft =
        R"({"programme": "EMERGENCY", "title": "Aide", "amount_requested_cents": 3000000})";
    auto sameOrigin = withCookie(accounts_.at("applicant"));
    EXPECT_EQ(sameOrigin
                  .request("POST", "/api/v1/applications", draft, "application/json",
                           {{"Origin", self}, {"Sec-Fetch-Site", "same-origin"}})
                  .status,
              201);
    EXPECT_EQ(
        sameOrigin
            .request("POST", "/api/v1/applications", draft, "application/json", {{"Origin", self}})
            .status,
        201);
    EXPECT_EQ(sameOrigin.post("/api/v1/applications", draft).status, 201);
    EXPECT_EQ(count("applications"), 3);
}

TEST_P(CrossSiteWrites, PublicWritesTakeOnlyJsonWhichNoCrossSiteFormCanSend) {
    const Account& applicant = accounts_.at("applicant");
    const std::string credentials =
        R"({"email": ")" + applicant.email + R"(", "password": ")" + kPassword + "\"}";
    const auto before = databaseSnapshot(db(), isPostgres());
    int publicRoutes = 0;
    for (const WriteRoute& route : routes_) {
        if (route.signedIn) continue;
        ++publicRoutes;
        // What an HTML form may send: its three encodings.
        for (const char* type :
             {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
            auto r =
                anonymous().request(route.method, route.target,
                                    route.target == "/api/v1/session" ? credentials : "{}", type);
            EXPECT_EQ(r.status, 415)
                << route.method << " " << route.pattern << " as " << type << "\n"
                << r.body;
            EXPECT_EQ(r.problemType(), "unsupported-media-type");
        }
    }
    EXPECT_GE(publicRoutes, 7);  // sign-in, registration, resets, links, invitations
    EXPECT_EQ(databaseSnapshot(db(), isPostgres()), before);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CrossSiteWrites);
