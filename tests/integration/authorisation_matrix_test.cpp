// Every route × every role × own / other object, with the exact status each
// must get. Two associations (A and B) each have an EMERGENCY draft with a
// file and a message; B also has a HEALTH draft. Callers: A's applicant, B's
// applicant, a reviewer of EMERGENCY, a reviewer of HEALTH only, a clerk, a
// finance officer, an auditor, an admin and an anonymous client. Requests that would change an
// object are built so that, once past authorisation, they are refused for another reason (a stale
// version, an unknown kind, a blank message): the matrix proves who gets past the checks without
// changing anything, and the end of the test proves B's objects were never read nor changed by A.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "store/council_repository.hpp"
#include "store/deliberation_document_repository.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

enum Caller {
    OwnerA,
    OtherB,
    ReviewerE,
    ReviewerH,
    Clerk,
    Finance,
    Auditor,
    Admin,
    Anonymous,
    kCallers
};
const char* kCallerNames[] = {"applicant A",     "applicant B", "EMERGENCY reviewer",
                              "HEALTH reviewer", "clerk",       "finance officer",
                              "auditor",         "admin",       "anonymous"};

struct Row {
    std::string method;
    std::string pattern;  // as in the routing table
    std::string target;   // the concrete path
    std::function<HttpResponse(HttpClient&, const std::string& target)> send;
    std::array<int, kCallers> expected;
};

}  // namespace

class AuthorisationMatrix : public ApiTest {};

TEST_P(AuthorisationMatrix, EveryRouteForEveryRoleOnOwnAndOtherObjects) {
    Account a = registerOrganisation("a");
    Account b = registerOrganisation("b");
    Account reviewerE = createStaff(Role::Reviewer, "e", {"EMERGENCY"});
    Account reviewerH = createStaff(Role::Reviewer, "h", {"HEALTH"});
    Account clerk = createStaff(Role::Clerk, "c");
    Account finance = createStaff(Role::Finance, "f");
    Account auditor = createStaff(Role::Auditor, "au");
    Account admin = createStaff(Role::Admin, "a");

    const std::int64_t healthCall = openCall("HEALTH");
    openCall("WATER");
    auto clientA = as(a);
    auto clientB = as(b);
    std::int64_t appA =
        createEmergencyDraft(clientA, "A's application")->getValue<std::int64_t>("id");
    std::int64_t appB =
        createEmergencyDraft(clientB, "B's application")->getValue<std::int64_t>("id");
    std::int64_t appH =
        clientB
            .post("/api/v1/applications", R"({"programme": "HEALTH", "title": "B's health project",
                                                 "amount_requested_cents": 4000000})")
            .json()
            ->getValue<std::int64_t>("id");
    auto upload = [&](HttpClient& c, std::int64_t app) {
        auto r = c.upload(path(app, "/attachments"),
                          {{"kind", "", "", "statutes"},
                           {"file", "statuts.pdf", "application/pdf", pdf("statuts")}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()->getValue<std::int64_t>("id");
    };
    std::int64_t fileA = upload(clientA, appA);
    std::int64_t fileB = upload(clientB, appB);
    ASSERT_EQ(clientA.post(path(appA, "/messages"), R"({"body": "From A"})").status, 201);
    ASSERT_EQ(clientB.post(path(appB, "/messages"), R"({"body": "From B"})").status, 201);
    auto bBefore = clientB.get(path(appB)).body;

    std::vector<HttpClient> callers{as(a),         as(b),     as(reviewerE),
                                    as(reviewerH), as(clerk), as(finance),
                                    as(auditor),   as(admin), anonymous()};
    auto get = [](HttpClient& c, const std::string& t) { return c.get(t); };
    auto stalePatch = [](HttpClient& c, const std::string& t) {
        return c.patch(t, R"({"title": "Hijacked"})", "\"0\"");
    };
    auto staleSubmit = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"name": "submit", "version": 0})");
    };
    auto badKind = [](HttpClient& c, const std::string& t) {
        return c.upload(
            t, {{"kind", "", "", "no_such_kind"}, {"file", "x.pdf", "application/pdf", pdf()}});
    };
    auto blankMessage = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"body": "   "})");
    };
    // Past authorisation, a draft is not under review: 409, nothing written.
    auto emptyAssessment = [](HttpClient& c, const std::string& t) {
        return c.request("PUT", t, R"({"scores": {}})", "application/json");
    };
    auto newDraft = [](HttpClient& c, const std::string& t) {
        return c.post(
            t, R"({"programme": "WATER", "title": "New", "amount_requested_cents": 1000000})");
    };
    int attempt = 0;  // distinct e-mails, so the per-account limit is not what answers
    auto wrongSignIn = [&attempt](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"email": "nobody)" + std::to_string(++attempt) +
                             R"(@example.org", "password": "wrong"})");
    };
    auto badRegistration = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"organization": {}})");
    };
    // Signing out ends a session: each caller signs out of a second one.
    std::vector<const Account*> accounts{&a,       &b,       &reviewerE, &reviewerH, &clerk,
                                         &finance, &auditor, &admin,     nullptr};
    auto signOut = [&](HttpClient& c, const std::string& t) {
        if (c.credentials().token.empty()) return c.del(t);
        for (const Account* account : accounts)
            if (account && account->token == c.credentials().token) {
                auto second = as(signIn(account->email, kPassword));
                return second.del(t);
            }
        throw std::logic_error("unknown caller");
    };

    // A Council session with an EMERGENCY deliberation of A's application
    // (rows only, as a fixture: the grant does not move) and a job.
    grantflow::store::CouncilRepository council(db());
    auto now = grantflow::engine::SystemClock().now();
    auto councilSession =
        council.createSession("2026-07-07", "Conseil de Paris", clerk.userId, now, {});
    ASSERT_TRUE(councilSession);
    grantflow::engine::NewDeliberation nd;
    nd.sessionId = councilSession.value().id;
    nd.programme = "EMERGENCY";
    nd.year = 2026;
    nd.direction = "DGRI";
    nd.title = "Aides d'urgence";
    nd.createdAt = now;
    nd.items = {{appA, grantflow::engine::Money::fromEuros(50'000), std::nullopt, std::nullopt}};
    auto deliberation = council.createDeliberation(nd, {});
    ASSERT_TRUE(deliberation);
    const std::string sessionPath =
        "/api/v1/council-sessions/" + std::to_string(councilSession.value().id);
    const std::string dPath = "/api/v1/deliberations/" + std::to_string(deliberation.value().id);
    const std::string jobPath =
        "/api/v1/jobs/" + std::to_string(grantflow::store::DeliberationDocumentRepository(db())
                                             .createJob(deliberation.value().id, clerk.userId, now)
                                             .id);
    auto badSession = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"date": "soon", "title": "x"})");
    };
    auto draftInDeliberation = [appB](HttpClient& c, const std::string& t) {
        return c.post(
            t, R"({"programme": "EMERGENCY", "application_ids": [)" + std::to_string(appB) + "]}");
    };
    auto generate = [](HttpClient& c, const std::string& t) { return c.post(t, "{}"); };
    // The session holds a deliberation not yet voted: closing it is refused.
    auto closeSession = [](HttpClient& c, const std::string& t) {
        return c.patch(t, R"({"state": "closed"})", "");
    };
    auto badVote = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"outcome": "maybe"})");
    };
    auto badPublication = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"posted_on": "soon", "transmitted_on": "x", "received_on": "y"})");
    };

    // A year out of range: refused once past authorisation, nothing set.
    auto badEnvelope = [](HttpClient& c, const std::string& t) {
        return c.request("PUT", t, R"({"amount_cents": 100})", "application/json");
    };

    // Closing before opening: refused once past authorisation, nothing stored.
    auto backwardsCall = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"opens_on": "2027-03-31", "closes_on": "2027-02-01", "year": 2027})");
    };
    auto backwardsPatch = [](HttpClient& c, const std::string& t) {
        return c.patch(t, R"({"opens_on": "2099-01-01"})", "");
    };
    const std::string callPath = "/api/v1/calls/" + std::to_string(healthCall);
    // Not a definition: refused once past authorisation, nothing published.
    auto badDefinition = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"definition": "{"})");
    };
    // Staff administration: refused once past authorisation, nothing changes.
    auto applicantInvitation = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"email": "x@paris.example.fr", "name": "X", "role": "applicant"})");
    };
    auto demoteToApplicant = [](HttpClient& c, const std::string& t) {
        return c.patch(t, R"({"role": "applicant"})", "");
    };
    auto post = [](HttpClient& c, const std::string& t) { return c.post(t, ""); };
    auto unknownToken = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"token": "0000", "password": "Correct-Horse-Battery-9"})");
    };
    auto unknownTokenCheck = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"token": "0000"})");
    };
    const std::string clerkPath = "/api/v1/users/" + std::to_string(clerk.userId);
    // Credentials: each refused once past authorisation (a wrong current
    // password, a malformed e-mail, unknown links; this server sends no
    // e-mail, so no verification link can be asked for).
    auto wrongPasswordChange = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"current_password": "wrong", "new_password": "Another-Horse-42"})");
    };
    auto badResetRequest = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"email": "not an e-mail"})");
    };
    auto unknownReset = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"token": "unknown", "new_password": "Another-Horse-42"})");
    };
    auto noBody = [](HttpClient& c, const std::string& t) { return c.post(t, ""); };
    auto unknownLink = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"token": "unknown"})");
    };
    auto badInvitation = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"email": "not an e-mail", "name": ""})");
    };

    // A signature day that is no date: refused once past authorisation.
    auto badSignatureDay = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"signed_on": "someday"})");
    };
    auto badPayment = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"amount_cents": 0, "paid_on": "someday", "reference": ""})");
    };
    auto badRecovery = [](HttpClient& c, const std::string& t) {
        return c.post(t,
                      R"({"amount_cents": 0, "reason": "", "reference": "", "ordered_on": "x"})");
    };
    auto settlement = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"settled_on": "2026-01-05"})");
    };
    const std::string orgA = std::to_string(a.organizationId);
    // The published version of EMERGENCY (the bundled file's).
    std::string emergencyVersion;
    {
        auto list = as(admin).get("/api/v1/workflows").json()->getArray("items");
        for (unsigned i = 0; i < list->size(); ++i)
            if (list->getObject(i)->getValue<std::string>("programme") == "EMERGENCY")
                emergencyVersion =
                    std::to_string(list->getObject(i)->getValue<int>("version_in_force"));
        ASSERT_FALSE(emergencyVersion.empty());
    }
    // Organisations: each change is refused once past authorisation (a bad
    // value, an unknown id, the last member), so nothing changes.
    const std::string orgPath = "/api/v1/organizations/" + orgA;
    auto badProfile = [](HttpClient& c, const std::string& t) {
        return c.patch(t, R"({"postcode": "!!"})", "");
    };
    auto badTiers = [](HttpClient& c, const std::string& t) {
        return c.request("PUT", t, R"({"third_party_number": "x"})", "application/json");
    };
    auto badIban = [](HttpClient& c, const std::string& t) {
        return c.post(t, R"({"iban": "FR7630006000011234567890180"})");
    };
    auto emptyPost = [](HttpClient& c, const std::string& t) { return c.post(t, "{}"); };
    auto remove = [](HttpClient& c, const std::string& t) { return c.del(t); };
    const std::string lastMember = orgPath + "/members/" + std::to_string(a.userId);
    const std::string session = "/api/v1/session";
    // clang-format off
    std::vector<Row> rows{
        //                                                                                             A    B    rE   rH   clerk fin  aud  admin anon
        {"GET",    "/api/v1/applications/{id}", path(appA), get,                                      {200, 404, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}", path(appB), get,                                      {404, 200, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}", path(appH), get,                                      {404, 200, 404, 200, 200, 200, 200, 200, 401}},
        {"PATCH",  "/api/v1/applications/{id}", path(appA), stalePatch,                               {409, 404, 403, 403, 403, 403, 403, 403, 401}},
        {"PATCH",  "/api/v1/applications/{id}", path(appB), stalePatch,                               {404, 409, 403, 403, 403, 403, 403, 403, 401}},
        {"POST",   "/api/v1/applications/{id}/transitions", path(appA, "/transitions"), staleSubmit,  {409, 404, 403, 404, 403, 403, 403, 403, 401}},
        {"POST",   "/api/v1/applications/{id}/transitions", path(appB, "/transitions"), staleSubmit,  {404, 409, 403, 404, 403, 403, 403, 403, 401}},
        {"GET",    "/api/v1/applications/{id}/history", path(appA, "/history"), get,                  {200, 404, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/history", path(appB, "/history"), get,                  {404, 200, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/attachments", path(appA, "/attachments"), get,          {200, 404, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/attachments", path(appB, "/attachments"), get,          {404, 200, 200, 404, 200, 200, 200, 200, 401}},
        // A draft's report cannot be filed: its owner is told so (409).
        {"POST",   "/api/v1/applications/{id}/report", path(appA, "/report"), badKind,                {409, 404, 403, 403, 403, 403, 403, 403, 401}},
        {"POST",   "/api/v1/applications/{id}/attachments", path(appA, "/attachments"), badKind,      {422, 404, 403, 403, 403, 403, 403, 403, 401}},
        {"POST",   "/api/v1/applications/{id}/attachments", path(appB, "/attachments"), badKind,      {404, 422, 403, 403, 403, 403, 403, 403, 401}},
        {"GET",    "/api/v1/applications/{id}/attachments/{aid}", path(appA, "/attachments/" + std::to_string(fileA)), get,
                                                                                                      {200, 404, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/attachments/{aid}", path(appB, "/attachments/" + std::to_string(fileB)), get,
                                                                                                      {404, 200, 200, 404, 200, 200, 200, 200, 401}},
        // B's file through A's application: never.
        {"GET",    "/api/v1/applications/{id}/attachments/{aid}", path(appA, "/attachments/" + std::to_string(fileB)), get,
                                                                                                      {404, 404, 404, 404, 404, 404, 404, 404, 401}},
        // A draft has no grant documents: every caller who may see it gets the empty list and 404s.
        {"GET",    "/api/v1/applications/{id}/grant-documents", path(appA, "/grant-documents"), get,  {200, 404, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/grant-documents", path(appB, "/grant-documents"), get,  {404, 200, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/convention", path(appA, "/convention"), get,            {404, 404, 404, 404, 404, 404, 404, 404, 401}},
        {"GET",    "/api/v1/applications/{id}/letter", path(appB, "/letter"), get,                    {404, 404, 404, 404, 404, 404, 404, 404, 401}},
        {"POST",   "/api/v1/applications/{id}/agreement", path(appA, "/agreement"), badSignatureDay,  {403, 403, 403, 403, 422, 403, 403, 403, 401}},
        {"POST",   "/api/v1/applications/{id}/agreement", path(appH, "/agreement"), badSignatureDay,  {403, 403, 403, 403, 422, 403, 403, 403, 401}},
        // A draft has no payments: who may see it is told so (422), the others get 404.
        {"GET",    "/api/v1/applications/{id}/payments", path(appA, "/payments"), get,                {422, 404, 422, 404, 422, 422, 422, 422, 401}},
        {"GET",    "/api/v1/applications/{id}/payments", path(appB, "/payments"), get,                {404, 422, 422, 404, 422, 422, 422, 422, 401}},
        {"POST",   "/api/v1/applications/{id}/payments", path(appA, "/payments"), badPayment,         {403, 403, 403, 403, 403, 422, 403, 403, 401}},
        {"POST",   "/api/v1/applications/{id}/recoveries", path(appB, "/recoveries"), badRecovery,    {403, 403, 403, 403, 403, 422, 403, 403, 401}},
        {"GET",    "/api/v1/payment-orders.xlsx", "/api/v1/payment-orders.xlsx", get,                 {403, 403, 403, 403, 200, 200, 200, 200, 401}},
        {"POST",   "/api/v1/recoveries/{id}/settlement", "/api/v1/recoveries/999999/settlement", settlement,
                                                                                                      {403, 403, 403, 403, 403, 404, 403, 403, 401}},
        {"GET",    "/api/v1/applications/{id}/messages", path(appA, "/messages"), get,                {200, 404, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/messages", path(appB, "/messages"), get,                {404, 200, 200, 404, 200, 200, 200, 200, 401}},
        {"POST",   "/api/v1/applications/{id}/messages", path(appA, "/messages"), blankMessage,       {422, 404, 422, 404, 422, 422, 403, 422, 401}},
        {"POST",   "/api/v1/applications/{id}/messages", path(appB, "/messages"), blankMessage,       {404, 422, 422, 404, 422, 422, 403, 422, 401}},
        {"GET",    "/api/v1/applications/{id}/assessments", path(appA, "/assessments"), get,          {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/applications/{id}/assessments", path(appB, "/assessments"), get,          {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        {"PUT",    "/api/v1/applications/{id}/assessment", path(appA, "/assessment"), emptyAssessment, {403, 403, 409, 404, 403, 403, 403, 403, 401}},
        {"PUT",    "/api/v1/applications/{id}/assessment", path(appB, "/assessment"), emptyAssessment, {403, 403, 409, 404, 403, 403, 403, 403, 401}},
        {"GET",    "/api/v1/organizations/{id}", "/api/v1/organizations/" + orgA, get,                {200, 404, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/organizations", "/api/v1/organizations", get,                             {403, 403, 403, 403, 200, 200, 200, 200, 401}},
        {"PATCH",  "/api/v1/organizations/{id}", orgPath, badProfile,                                 {422, 404, 403, 403, 403, 403, 403, 403, 401}},
        {"PUT",    "/api/v1/organizations/{id}/third-party-number", orgPath + "/third-party-number", badTiers,
                                                                                                      {403, 403, 403, 403, 422, 422, 403, 422, 401}},
        {"POST",   "/api/v1/organizations/{id}/iban-change", orgPath + "/iban-change", badIban,       {422, 404, 403, 403, 403, 403, 403, 403, 401}},
        {"GET",    "/api/v1/iban-changes", "/api/v1/iban-changes", get,                               {403, 403, 403, 403, 403, 200, 200, 200, 401}},
        {"POST",   "/api/v1/iban-changes/{id}/confirm", "/api/v1/iban-changes/999999/confirm", emptyPost,
                                                                                                      {403, 403, 403, 403, 403, 404, 403, 404, 401}},
        {"POST",   "/api/v1/iban-changes/{id}/reject", "/api/v1/iban-changes/999999/reject", emptyPost,
                                                                                                      {403, 403, 403, 403, 403, 404, 403, 404, 401}},
        {"GET",    "/api/v1/organizations/{id}/members", orgPath + "/members", get,                   {200, 404, 403, 403, 200, 200, 200, 200, 401}},
        {"DELETE", "/api/v1/organizations/{id}/members/{userId}", lastMember, remove,                 {409, 404, 403, 403, 409, 403, 403, 409, 401}},
        {"GET",    "/api/v1/organizations/{id}/join-requests", orgPath + "/join-requests", get,       {200, 404, 403, 403, 200, 200, 200, 200, 401}},
        {"POST",   "/api/v1/organizations/{id}/join-requests/{requestId}/approve", orgPath + "/join-requests/999999/approve", emptyPost,
                                                                                                      {404, 404, 403, 403, 404, 403, 403, 404, 401}},
        {"POST",   "/api/v1/organizations/{id}/join-requests/{requestId}/refuse", orgPath + "/join-requests/999999/refuse", emptyPost,
                                                                                                      {404, 404, 403, 403, 404, 403, 403, 404, 401}},
        {"GET",    "/api/v1/applications", "/api/v1/applications", get,                               {200, 200, 200, 200, 200, 200, 200, 200, 401}},
        {"POST",   "/api/v1/applications", "/api/v1/applications", newDraft,                          {201, 201, 403, 403, 403, 403, 403, 403, 401}},
        {"GET",    "/api/v1/programmes", "/api/v1/programmes", get,                                   {200, 200, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/budget", "/api/v1/budget", get,                                           {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/workflows", "/api/v1/workflows", get,                                     {403, 403, 403, 403, 403, 403, 200, 200, 401}},
        {"GET",    "/api/v1/workflows/{code}/versions/{version}", "/api/v1/workflows/EMERGENCY/versions/" + emergencyVersion, get,
                                                                                                      {403, 403, 403, 403, 403, 403, 200, 200, 401}},
        {"POST",   "/api/v1/workflows/diff", "/api/v1/workflows/diff", badDefinition,                 {403, 403, 403, 403, 403, 403, 422, 422, 401}},
        {"POST",   "/api/v1/workflows", "/api/v1/workflows", badDefinition,                           {403, 403, 403, 403, 403, 403, 403, 422, 401}},
        {"PUT",    "/api/v1/programmes/{code}/envelopes/{year}", "/api/v1/programmes/EMERGENCY/envelopes/1999", badEnvelope,
                                                                                                      {403, 403, 403, 403, 403, 422, 403, 422, 401}},
        {"GET",    "/api/v1/calls", "/api/v1/calls?open=true", get,                                   {200, 200, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/programmes/{code}/calls", "/api/v1/programmes/HEALTH/calls", get,         {200, 200, 200, 200, 200, 200, 200, 200, 401}},
        {"POST",   "/api/v1/programmes/{code}/calls", "/api/v1/programmes/HEALTH/calls", backwardsCall,
                                                                                                      {403, 403, 403, 403, 403, 403, 403, 422, 401}},
        {"PATCH",  "/api/v1/calls/{id}", callPath, backwardsPatch,                                    {403, 403, 403, 403, 403, 403, 403, 422, 401}},
        {"GET",    "/api/v1/deadlines", "/api/v1/deadlines?within=P30D", get,                         {200, 200, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    session, session, get,                                                             {200, 200, 200, 200, 200, 200, 200, 200, 401}},
        {"DELETE", session, session, signOut,                                                         {204, 204, 204, 204, 204, 204, 204, 204, 401}},
        {"POST",   session, session, wrongSignIn,                                                     {401, 401, 401, 401, 401, 401, 401, 401, 401}},
        {"POST",   "/api/v1/register", "/api/v1/register", badRegistration,                           {400, 400, 400, 400, 400, 400, 400, 400, 400}},
        {"POST",   "/api/v1/council-sessions", "/api/v1/council-sessions", badSession,                {403, 403, 403, 403, 422, 403, 403, 422, 401}},
        {"GET",    "/api/v1/council-sessions", "/api/v1/council-sessions", get,                       {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/council-sessions/{id}", sessionPath, get,                                 {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        {"PATCH",  "/api/v1/council-sessions/{id}", sessionPath, closeSession,                        {403, 403, 403, 403, 409, 403, 403, 409, 401}},
        {"POST",   "/api/v1/session/password", "/api/v1/session/password", wrongPasswordChange,      {422, 422, 422, 422, 422, 422, 422, 422, 401}},
        {"POST",   "/api/v1/password-reset", "/api/v1/password-reset", badResetRequest,               {422, 422, 422, 422, 422, 422, 422, 422, 422}},
        {"POST",   "/api/v1/password-reset/confirm", "/api/v1/password-reset/confirm", unknownReset,  {404, 404, 404, 404, 404, 404, 404, 404, 404}},
        {"POST",   "/api/v1/email-verification", "/api/v1/email-verification", noBody,                {503, 503, 503, 503, 503, 503, 503, 503, 401}},
        {"POST",   "/api/v1/email-verification/confirm", "/api/v1/email-verification/confirm", unknownLink,
                                                                                                      {404, 404, 404, 404, 404, 404, 404, 404, 404}},
        {"POST",   "/api/v1/organizations/{id}/members/invitations", "/api/v1/organizations/" + orgA + "/members/invitations", badInvitation,
                                                                                                      {422, 403, 403, 403, 403, 403, 403, 403, 401}},
        {"POST",   "/api/v1/council-sessions/{id}/deliberations", sessionPath + "/deliberations", draftInDeliberation,
                                                                                                      {403, 403, 403, 403, 422, 403, 403, 422, 401}},
        {"GET",    "/api/v1/deliberations/{id}", dPath, get,                                          {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        // No such deliberation: past the role check, nothing is queued.
        {"POST",   "/api/v1/deliberations/{id}/documents", "/api/v1/deliberations/999999/documents", generate,
                                                                                                      {403, 403, 403, 403, 404, 403, 403, 404, 401}},
        {"GET",    "/api/v1/jobs/{id}", jobPath, get,                                                 {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/deliberations/{id}/document.pdf", dPath + "/document.pdf", get,           {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/deliberations/{id}/annex.xlsx", dPath + "/annex.xlsx", get,               {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/deliberations/{id}/pack.zip", dPath + "/pack.zip", get,                   {403, 403, 200, 404, 200, 200, 200, 200, 401}},
        {"POST",   "/api/v1/deliberations/{id}/vote", dPath + "/vote", badVote,                       {403, 403, 403, 403, 422, 403, 403, 422, 401}},
        // No such application, grant or deliberation; dates that are not dates:
        // refused once past the role check, nothing changed.
        {"POST",   "/api/v1/deliberations/{id}/items/{application_id}", dPath + "/items/999999", emptyPost,
                                                                                                      {403, 403, 403, 403, 422, 403, 403, 422, 401}},
        {"DELETE", "/api/v1/deliberations/{id}/items/{application_id}", dPath + "/items/999999", remove,
                                                                                                      {403, 403, 403, 403, 404, 403, 403, 404, 401}},
        {"DELETE", "/api/v1/deliberations/{id}", "/api/v1/deliberations/999999", remove,            {403, 403, 403, 403, 404, 403, 403, 404, 401}},
        {"POST",   "/api/v1/deliberations/{id}/publication", dPath + "/publication", badPublication,
                                                                                                      {403, 403, 403, 403, 422, 403, 403, 422, 401}},
        {"GET",    "/api/v1/exports/applications.xlsx", "/api/v1/exports/applications.xlsx", get,     {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/exports/budget.xlsx", "/api/v1/exports/budget.xlsx", get,                 {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/statistics", "/api/v1/statistics", get,                                   {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        {"GET",    "/api/v1/statistics.xlsx", "/api/v1/statistics.xlsx", get,                         {403, 403, 200, 200, 200, 200, 200, 200, 401}},
        // Public data; this server has no City SIRET configured, so none is published.
        {"GET",    "/api/v1/open-data/subventions.csv", "/api/v1/open-data/subventions.csv", get,     {503, 503, 503, 503, 503, 503, 503, 503, 503}},
        {"GET",    "/healthz", "/healthz", get,                                                       {200, 200, 200, 200, 200, 200, 200, 200, 200}},
        {"GET",    "/metrics", "/metrics", get,                                                       {403, 403, 403, 403, 403, 403, 200, 200, 401}},
        {"GET",    "/api/v1/openapi.json", "/api/v1/openapi.json", get,                               {200, 200, 200, 200, 200, 200, 200, 200, 200}},
        {"GET",    "/api/v1/users", "/api/v1/users", get,                                             {403, 403, 403, 403, 403, 403, 200, 200, 401}},
        {"POST",   "/api/v1/users", "/api/v1/users", applicantInvitation,                             {403, 403, 403, 403, 403, 403, 403, 422, 401}},
        {"PATCH",  "/api/v1/users/{id}", clerkPath, demoteToApplicant,                                {403, 403, 403, 403, 403, 403, 403, 422, 401}},
        {"POST",   "/api/v1/users/{id}/invitation", "/api/v1/users/999999/invitation", post,          {403, 403, 403, 403, 403, 403, 403, 404, 401}},
        {"POST",   "/api/v1/invitations/check", "/api/v1/invitations/check", unknownTokenCheck,       {404, 404, 404, 404, 404, 404, 404, 404, 404}},
        {"POST",   "/api/v1/invitations/accept", "/api/v1/invitations/accept", unknownToken,          {404, 404, 404, 404, 404, 404, 404, 404, 404}},
        {"GET",    "/api/v1/audit", "/api/v1/audit", get,                                             {403, 403, 403, 403, 403, 403, 200, 200, 401}},
        {"GET",    "/api/v1/audit/verification", "/api/v1/audit/verification", get,                  {403, 403, 403, 403, 403, 403, 200, 200, 401}},
    };
    // clang-format on

    for (const Row& row : rows)
        for (int who = 0; who < kCallers; ++who) {
            auto r = row.send(callers[static_cast<std::size_t>(who)], row.target);
            EXPECT_EQ(r.status, row.expected[static_cast<std::size_t>(who)])
                << row.method << " " << row.target << " as " << kCallerNames[who] << "\n"
                << r.body;
        }

    // The matrix covers every route of the routing table (as the OpenAPI
    // document, generated from it, lists them).
    std::set<std::string> covered;
    for (const Row& row : rows) covered.insert(row.method + " " + row.pattern);
    auto paths = anonymous().get("/api/v1/openapi.json").json()->getObject("paths");
    for (const auto& [pattern, item] : *paths)
        for (const auto& [method, op] : *item.extract<Poco::JSON::Object::Ptr>()) {
            std::string upper = method;
            for (auto& ch : upper)
                ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            EXPECT_TRUE(covered.count(upper + " " + pattern))
                << "route missing from the matrix: " << upper << " " << pattern;
        }

    // Lists show each caller only what it may see.
    auto ids = [&](HttpClient& c) {
        std::set<std::int64_t> out;
        auto items =
            c.get("/api/v1/applications?programme=EMERGENCY&limit=100").json()->getArray("items");
        for (std::size_t i = 0; i < items->size(); ++i)
            out.insert(items->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("id"));
        auto health = c.get("/api/v1/applications?programme=HEALTH").json()->getArray("items");
        for (std::size_t i = 0; i < health->size(); ++i)
            out.insert(health->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("id"));
        return out;
    };
    EXPECT_EQ(ids(callers[OwnerA]), (std::set<std::int64_t>{appA}));
    EXPECT_EQ(ids(callers[OtherB]), (std::set<std::int64_t>{appB, appH}));
    EXPECT_EQ(ids(callers[ReviewerE]), (std::set<std::int64_t>{appA, appB}));
    EXPECT_EQ(ids(callers[ReviewerH]), (std::set<std::int64_t>{appH}));
    EXPECT_EQ(ids(callers[Clerk]), (std::set<std::int64_t>{appA, appB, appH}));
    EXPECT_EQ(ids(callers[Finance]), (std::set<std::int64_t>{appA, appB, appH}));
    EXPECT_EQ(ids(callers[Auditor]), (std::set<std::int64_t>{appA, appB, appH}));

    // No assessment was written by anyone.
    EXPECT_EQ(count("assessments"), 0);

    // B's application, file and messages are as B left them.
    EXPECT_EQ(clientB.get(path(appB)).body, bBefore);
    auto messages = clientB.get(path(appB, "/messages")).json()->getArray("items");
    ASSERT_EQ(messages->size(), 1u);
    EXPECT_EQ(messages->getObject(0)->getValue<std::string>("body"), "From B");
    EXPECT_EQ(clientB.get(path(appB, "/attachments")).json()->getArray("items")->size(), 1u);
}

GRANTFLOW_INSTANTIATE_BACKENDS(AuthorisationMatrix);
