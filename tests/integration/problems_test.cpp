// Bad input over HTTP: each error class gets its status and a problem+json
// body with a stable type, field by field where it concerns fields, and a
// refused request writes nothing.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

// Rows in every table a refused request could touch.
struct Snapshot {
    int applications, audit, messages, outbox, attachments, users, organisations;
    bool operator==(const Snapshot&) const = default;
};

void expectProblem(const HttpResponse& r, int status, const std::string& type) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    if (!r.isProblem()) return;
    auto doc = r.json();
    EXPECT_EQ(doc->getValue<std::string>("type"), "https://grantflow.example/problems/" + type)
        << r.body;
    EXPECT_EQ(doc->getValue<int>("status"), status);
    EXPECT_FALSE(doc->getValue<std::string>("title").empty());
    EXPECT_FALSE(doc->getValue<std::string>("detail").empty());
    EXPECT_TRUE(doc->getArray("errors"));
}

}  // namespace

class Problems : public ApiTest {
protected:
    Snapshot snapshot() {
        return {count("applications"), count("audit_entries"), count("messages"),
                count("outbox"),       count("attachments"),   count("users"),
                count("organisations")};
    }
};

TEST_P(Problems, MalformedJsonWrongTypeAndShapeAreRefusedBeforeAnythingIsWritten) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    Snapshot before = snapshot();

    expectProblem(client.post("/api/v1/applications", "{\"programme\": \"EMERGENCY\","), 400,
                  "malformed-request");
    expectProblem(client.post("/api/v1/applications", "[1, 2, 3]"), 400, "malformed-request");
    expectProblem(
        client.post("/api/v1/applications", std::string(100, '[') + std::string(100, ']')), 400,
        "malformed-request");
    expectProblem(client.post("/api/v1/applications", "{\"title\": \"\xc3\x28\"}"), 400,
                  "malformed-request");
    expectProblem(client.post("/api/v1/applications", R"({"title": "a\u0000b"})"), 400,
                  "malformed-request");
    expectProblem(client.request("POST", "/api/v1/applications", R"({"programme": "EMERGENCY"})",
                                 "text/plain"),
                  415, "unsupported-media-type");
    expectProblem(client.request("POST", "/api/v1/applications", "programme=EMERGENCY",
                                 "application/x-www-form-urlencoded"),
                  415, "unsupported-media-type");

    auto shape =
        client.post("/api/v1/applications",
                    R"({"programme": "EMERGENCY", "title": 7, "amount_requested_cents": 2500000.5,
                                 "fields": [], "colour": "red"})");
    expectProblem(shape, 400, "malformed-request");
    EXPECT_EQ(shape.errorFields(),
              (std::vector<std::string>{"title", "amount_requested_cents", "fields", "colour"}));

    EXPECT_EQ(snapshot(), before);
}

TEST_P(Problems, ATenMegabyteJsonBodyIsTooLarge) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    Snapshot before = snapshot();
    std::string huge = R"({"programme": "EMERGENCY", "title": ")" +
                       std::string(10 * 1024 * 1024, 'x') +
                       R"(", "amount_requested_cents": 2500000})";
    expectProblem(client.post("/api/v1/applications", huge), 413, "too-large");
    // The server read and discarded the body: the next request works.
    EXPECT_EQ(client.get("/api/v1/applications").status, 200);
    EXPECT_EQ(snapshot(), before);
}

TEST_P(Problems, ProgrammeFieldsAreValidatedFieldByField) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    Snapshot before = snapshot();
    auto r = client.post("/api/v1/applications", R"({"programme": "EMERGENCY", "title": "Aide",
        "amount_requested_cents": 3000000, "fields": {"crisis_type": "volcano", "country": "XX",
        "beneficiaries": "many", "duration_months": 13, "start_date": "2026-02-30", "colour": "red",
        "local_partner": "two\nlines"}})");
    expectProblem(r, 422, "validation-failed");
    auto fields = r.errorFields();
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"colour", "fields.beneficiaries", "fields.country",
                                                "fields.crisis_type", "fields.duration_months",
                                                "fields.local_partner", "fields.start_date"}));

    auto unknownProgramme =
        client.post("/api/v1/applications", R"({"programme": "SPACE", "title": "Aide",
        "amount_requested_cents": 3000000})");
    expectProblem(unknownProgramme, 422, "validation-failed");
    EXPECT_EQ(unknownProgramme.errorFields(), std::vector<std::string>{"programme"});

    auto badAmount = client.post("/api/v1/applications", R"({"programme": "EMERGENCY", "title": " ",
        "amount_requested_cents": -5})");
    expectProblem(badAmount, 422, "validation-failed");
    EXPECT_EQ(snapshot(), before);
}

TEST_P(Problems, UnknownTransitionStaleVersionAndGuardsHaveTheirOwnProblems) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    auto app = createEmergencyDraft(client);
    std::int64_t id = app->getValue<std::int64_t>("id");
    Account reviewer = createStaff(Role::Reviewer, "r", {"EMERGENCY"});
    Snapshot before = snapshot();

    auto unknown = fire(client, id, "teleport", 1);
    expectProblem(unknown, 422, "validation-failed");
    EXPECT_EQ(unknown.errorFields(), std::vector<std::string>{"name"});

    expectProblem(fire(client, id, "submit", 7), 409, "conflict");

    auto guards = fire(client, id, "submit", 1);
    expectProblem(guards, 422, "guard-failed");
    auto errors = guards.json()->getArray("errors");
    ASSERT_EQ(errors->size(), 3u) << guards.body;  // the three required attachments
    for (std::size_t i = 0; i < errors->size(); ++i)
        EXPECT_EQ(errors->getObject(static_cast<unsigned>(i))->getValue<std::string>("guard"),
                  "required_attachments");

    auto wrongShape =
        client.post(path(id, "/transitions"), R"({"name": "submit", "version": "1"})");
    expectProblem(wrongShape, 400, "malformed-request");
    EXPECT_EQ(wrongShape.errorFields(), std::vector<std::string>{"version"});

    auto reviewerClient = as(reviewer);
    expectProblem(fire(reviewerClient, id, "submit", 1), 403, "forbidden");
    EXPECT_EQ(snapshot(), before);
}

TEST_P(Problems, EditsNeedIfMatchAndAFreshVersion) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    auto app = createEmergencyDraft(client);
    std::int64_t id = app->getValue<std::int64_t>("id");
    Snapshot before = snapshot();
    expectProblem(client.patch(path(id), R"({"title": "New title"})", ""), 428,
                  "precondition-required");
    expectProblem(client.patch(path(id), R"({"title": "New title"})", "\"9\""), 409, "conflict");
    expectProblem(client.patch(path(id), R"({"title": "New title"})", "\"one\""), 400,
                  "malformed-request");
    expectProblem(client.patch(path(id), R"({})", "\"1\""), 400, "malformed-request");
    auto field = client.patch(path(id), R"({"fields": {"beneficiaries": 0}})", "\"1\"");
    expectProblem(field, 422, "validation-failed");
    EXPECT_EQ(field.errorFields(), std::vector<std::string>{"fields.beneficiaries"});
    EXPECT_EQ(snapshot(), before);

    auto ok = client.patch(
        path(id), R"({"title": "Nouveau titre", "fields": {"local_partner": null}})", "\"1\"");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.header("etag"), "\"2\"");
    EXPECT_EQ(ok.json()->getValue<std::string>("title"), "Nouveau titre");
    EXPECT_FALSE(ok.json()->getObject("fields")->has("local_partner"));

    auto withdrawn = fire(client, id, "withdraw", 2);
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    expectProblem(client.patch(path(id), R"({"title": "Too late"})", "\"3\""), 409, "conflict");
}

TEST_P(Problems, UnknownRoutesMethodsAndIdsAre404Or405) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    expectProblem(client.get("/api/v1/nothing"), 404, "not-found");
    expectProblem(client.get("/api/v1/applications/abc"), 404, "not-found");
    expectProblem(client.get("/api/v1/applications/-1"), 404, "not-found");
    expectProblem(client.get("/api/v1/applications/99999999999999999999"), 404, "not-found");
    expectProblem(client.get("/api/v1/applications/12345"), 404, "not-found");
    expectProblem(client.get("/api/v1/applications/1/../../../etc/passwd"), 404, "not-found");
    auto wrongMethod = client.request("PUT", "/api/v1/applications", "{}", "application/json");
    expectProblem(wrongMethod, 405, "method-not-allowed");
    EXPECT_EQ(wrongMethod.header("allow"), "GET, POST");
    auto head = anonymous().request("HEAD", "/healthz", "", "");
    EXPECT_EQ(head.status, 200) << "HEAD is GET without the body";
    EXPECT_TRUE(head.body.empty());
    EXPECT_NE(head.header("content-length"), "0");
    expectProblem(anonymous().get("/api/v1/applications"), 401, "unauthenticated");
    auto garbage =
        anonymous().get("/api/v1/applications", {{"Authorization", "Bearer ' OR 1=1 --"}});
    expectProblem(garbage, 401, "unauthenticated");
}

TEST_P(Problems, SqlMetacharactersAreDataInEveryTextFieldAndQueryParameter) {
    const std::string nasty = "Robert'); DROP TABLE applications;-- \" \\ % _ ;";
    std::string body =
        R"({"organization": {"name": ")" + std::string("O'Brien \\\"Aid\\\"; DROP TABLE users;--") +
        R"(", "rna": "W751234567", "siret": "73282932000074", "address": "1' OR '1'='1",
                       "city": "Paris'--", "country": "FR", "iban": "FR7630006000011234567890189"},
                       "user": {"email": "o'brien@asso.example.org", "password": ")" +
        std::string(kPassword) + R"(", "name": "x'; DELETE FROM users;--"}})";
    auto registered = anonymous().post("/api/v1/register", body);
    ASSERT_EQ(registered.status, 201) << registered.body;
    Account obrien = signIn("o'brien@asso.example.org", kPassword);
    auto client = as(obrien);

    Poco::JSON::Object draft;
    draft.set("programme", std::string("EMERGENCY"));
    draft.set("title", nasty);
    draft.set("amount_requested_cents", 3'000'000);
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
    fields->set("local_partner", std::string("'; UPDATE applications SET state='approved';--"));
    fields->set("summary", nasty + std::string(40, '.'));
    draft.set("fields", fields);
    auto created = client.post("/api/v1/applications", draft);
    ASSERT_EQ(created.status, 201) << created.body;
    std::int64_t id = created.json()->getValue<std::int64_t>("id");
    EXPECT_EQ(created.json()->getValue<std::string>("title"), nasty);
    EXPECT_EQ(created.json()->getValue<std::string>("state"), "draft");

    auto message = client.post(path(id, "/messages"), R"({"body": "1'; DROP TABLE messages;--"})");
    ASSERT_EQ(message.status, 201) << message.body;
    auto thread = client.get(path(id, "/messages"));
    EXPECT_EQ(thread.json()->getArray("items")->getObject(0)->getValue<std::string>("body"),
              "1'; DROP TABLE messages;--");

    auto found = client.get("/api/v1/applications?q=" + HttpClient::encode("Robert'); DROP"));
    ASSERT_EQ(found.status, 200) << found.body;
    EXPECT_EQ(found.json()->getArray("items")->size(), 1u);
    auto wildcard = client.get("/api/v1/applications?q=" + HttpClient::encode("%"));
    EXPECT_EQ(wildcard.json()->getArray("items")->size(), 1u) << "the title contains a literal %";
    auto none = client.get("/api/v1/applications?q=" + HttpClient::encode("' OR '1'='1"));
    ASSERT_EQ(none.status, 200);
    EXPECT_EQ(none.json()->getArray("items")->size(), 0u);

    for (const char* param : {"state", "programme", "country", "min_amount_cents",
                              "max_amount_cents", "limit", "cursor"}) {
        std::string url =
            std::string("/api/v1/applications?") + param + "=" + HttpClient::encode("1' OR '1'='1");
        auto r = client.get(url);
        expectProblem(r, 400, "malformed-request");
        EXPECT_EQ(r.errorFields(), std::vector<std::string>{param}) << url;
    }
    expectProblem(
        client.get("/api/v1/programmes?year=" + HttpClient::encode("2026; DROP TABLE envelopes")),
        400, "malformed-request");

    EXPECT_EQ(count("applications"), 1);
    EXPECT_EQ(count("users"), 1);
    EXPECT_EQ(count("messages"), 1);
    auto org = client.get("/api/v1/organizations/" + std::to_string(obrien.organizationId));
    EXPECT_EQ(org.json()->getValue<std::string>("address"), "1' OR '1'='1");
}

TEST_P(Problems, AnInternalErrorShowsOnlyAnErrorIdAndLogsTheDetails) {
    errorsExpected_ = true;
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    auto app = createEmergencyDraft(client);
    {
        auto s = db().session();
        *s << "DROP TABLE messages";
    }
    auto r = client.get(path(app->getValue<std::int64_t>("id"), "/messages"));
    expectProblem(r, 500, "internal-error");
    std::string errorId = r.json()->getValue<std::string>("error_id");
    EXPECT_EQ(errorId.size(), 16u);
    EXPECT_EQ(r.body.find("messages"), std::string::npos) << "internals leaked: " << r.body;
    std::string log = server().log();
    EXPECT_NE(log.find("level=error event=unhandled_exception"), std::string::npos) << log;
    EXPECT_NE(log.find("error_id=" + errorId), std::string::npos) << log;
}

GRANTFLOW_INSTANTIATE_BACKENDS(Problems);
