// Organisations over HTTP on both backends: the profile their members edit,
// an IBAN change that is not used for anything until a finance officer
// confirms it (both values in the audit trail, the association e-mailed),
// kinds of organisation and their identifiers, requests to join a known
// organisation, members, and the tiers number.
#include <gtest/gtest.h>

#include "engine/identifiers.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

constexpr const char* kOldIban = "FR7630006000011234567890189";
constexpr const char* kNewIban = "FR7610107001011234567890129";

std::string registration(const std::string& organisation, const std::string& email) {
    return R"({"organization": {)" + organisation +
           R"(, "address": "4 rue de l'Aqueduc", "city": "Paris",
               "iban": "FR76 3000 6000 0112 3456 7890 189"},
               "user": {"email": ")" +
           email + R"(", "password": ")" + kPassword + R"(", "name": "Someone"}})";
}

std::string orgPath(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/organizations/" + std::to_string(id) + rest;
}

}  // namespace

class Organisations : public ApiTest {
protected:
    // Action and details of the audit entries about organisations, in order
    // (others have no application either: accounts, workflows, calls).
    std::vector<std::pair<std::string, std::string>> organisationAudit() {
        auto s = db().session();
        soci::rowset<soci::row> rows =
            (s->prepare << "SELECT action, details FROM audit_entries WHERE application_id IS "
                           "NULL AND details LIKE '%\"organization_id\"%' ORDER BY seq");
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& row : rows)
            out.emplace_back(row.get<std::string>(0), row.get<std::string>(1));
        return out;
    }

    Account registerKnown(const std::string& email) {
        auto r = anonymous().post(
            "/api/v1/register",
            registration(R"("name": "Eau Vive", "rna": "W751234568", "country": "FR")", email));
        if (r.status != 201) throw std::runtime_error("registration failed: " + r.body);
        return signIn(email, kPassword);
    }
};

TEST_P(Organisations, TheIbanChangeIsNotUsedUntilConfirmedAndBothValuesAreAudited) {
    Account association = registerKnown("moussa@eau.example.org");
    Account financeAccount = createStaff(Role::Finance, "fanny");
    Account clerkAccount = createStaff(Role::Clerk, "greffe");
    auto member = as(association);
    auto finance = as(financeAccount);
    const std::string org = orgPath(association.organizationId);

    auto invalid = member.post(org + "/iban-change", R"({"iban": "FR7630006000011234567890180"})");
    EXPECT_EQ(invalid.status, 422) << invalid.body;
    EXPECT_EQ(invalid.errorFields(), std::vector<std::string>{"iban"});

    const int outboxBefore = count("outbox");
    auto requested =
        member.post(org + "/iban-change", R"({"iban": "FR76 1010 7001 0112 3456 7890 129"})");
    ASSERT_EQ(requested.status, 201) << requested.body;
    const auto changeId = requested.json()->getValue<std::int64_t>("id");
    EXPECT_EQ(requested.json()->getValue<std::string>("new_iban"), kNewIban);
    EXPECT_EQ(count("outbox"), outboxBefore + 1);

    // Nothing reads the new IBAN yet: the organisation, for its member and
    // for the finance officer, has the old one in force.
    for (HttpClient* client : {&member, &finance}) {
        auto read = client->get(org);
        ASSERT_EQ(read.status, 200) << read.body;
        EXPECT_EQ(read.json()->getValue<std::string>("iban"), kOldIban);
        EXPECT_EQ(read.json()->getObject("pending_iban_change")->getValue<std::string>("new_iban"),
                  kNewIban);
    }
    auto listed = finance.get("/api/v1/iban-changes");
    ASSERT_EQ(listed.status, 200) << listed.body;
    ASSERT_EQ(listed.json()->getArray("items")->size(), 1u);
    // An auditor reads the same list, the IBANs masked.
    auto audited = as(createStaff(Role::Auditor, "controle")).get("/api/v1/iban-changes");
    ASSERT_EQ(audited.status, 200) << audited.body;
    auto seen = audited.json()->getArray("items")->getObject(0);
    EXPECT_EQ(seen->getValue<std::int64_t>("id"), changeId);
    EXPECT_EQ(seen->getValue<std::string>("new_iban"), grantflow::engine::maskIban(kNewIban));
    EXPECT_NE(seen->getValue<std::string>("new_iban"), kNewIban);

    EXPECT_EQ(member.post(org + "/iban-change", R"({"iban": "GB82WEST12345698765432"})").status,
              409);
    EXPECT_EQ(as(clerkAccount)
                  .post("/api/v1/iban-changes/" + std::to_string(changeId) + "/confirm", "{}")
                  .status,
              403);
    EXPECT_EQ(
        member.post("/api/v1/iban-changes/" + std::to_string(changeId) + "/confirm", "{}").status,
        403);
    EXPECT_EQ(member.get(org).json()->getValue<std::string>("iban"), kOldIban);

    auto confirmed =
        finance.post("/api/v1/iban-changes/" + std::to_string(changeId) + "/confirm", "{}");
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_EQ(confirmed.json()->getValue<std::string>("state"), "confirmed");
    auto after = member.get(org).json();
    EXPECT_EQ(after->getValue<std::string>("iban"), kNewIban);
    EXPECT_TRUE(after->isNull("pending_iban_change"));
    EXPECT_EQ(count("outbox"), outboxBefore + 2);
    EXPECT_EQ(
        finance.post("/api/v1/iban-changes/" + std::to_string(changeId) + "/reject", "{}").status,
        409);

    auto audit = organisationAudit();
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].first, "iban_change_requested");
    EXPECT_EQ(audit[1].first, "iban_change_confirmed");
    for (const auto& [action, details] : audit) {
        EXPECT_NE(details.find(kOldIban), std::string::npos) << action << details;
        EXPECT_NE(details.find(kNewIban), std::string::npos) << action << details;
    }
    // The e-mails carry the IBANs masked only.
    auto s = db().session();
    soci::rowset<std::string> payloads = (s->prepare << "SELECT payload FROM outbox");
    for (const auto& payload : payloads) {
        EXPECT_EQ(payload.find(kNewIban), std::string::npos) << payload;
        EXPECT_EQ(payload.find(kOldIban), std::string::npos) << payload;
    }
}

TEST_P(Organisations, AMemberEditsTheProfileWithFieldErrorsAndEveryChangeIsAudited) {
    Account association = registerKnown("moussa@eau.example.org");
    auto member = as(association);
    const std::string org = orgPath(association.organizationId);
    auto bad = member.patch(
        org, R"({"postcode": "75019;--", "email": "nope", "representative": "Mme Awa Diallo"})",
        "");
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(bad.errorFields(),
              (std::vector<std::string>{"postcode", "email", "representative_title"}));
    auto unknown = member.patch(org, R"({"iban": "FR7610107001011234567890129"})", "");
    EXPECT_EQ(unknown.status, 400) << "the IBAN is not part of the profile";

    auto ok = member.patch(org, R"({"postcode": "75019", "representative": "Mme Awa Diallo",
                                    "representative_title": "Présidente", "phone": "01 42 00 00 00"})",
                           "");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json()->getValue<std::string>("representative_title"), "Présidente");
    EXPECT_EQ(ok.json()->getValue<std::string>("city"), "Paris");
    auto audit = organisationAudit();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].first, "organisation_profile_changed");

    Account other = registerOrganisation("other");
    EXPECT_EQ(as(other).patch(org, R"({"city": "Lyon"})", "").status, 404);
    EXPECT_EQ(as(createStaff(Role::Clerk, "c")).patch(org, R"({"city": "Lyon"})", "").status, 403);
}

TEST_P(Organisations, EachKindHasItsIdentifiers) {
    auto client = anonymous();
    auto company = client.post(
        "/api/v1/register",
        registration(R"("kind": "company", "name": "Coop", "country": "FR")", "coop@example.org"));
    EXPECT_EQ(company.status, 422) << company.body;
    EXPECT_EQ(company.errorFields(), std::vector<std::string>{"organization.siret"});

    auto partner = client.post(
        "/api/v1/register",
        registration(R"("kind": "foreign_partner", "name": "Ville de Bamako", "country": "ML",
                         "registration_number": "ML-2001-778")",
                     "bamako@example.org"));
    ASSERT_EQ(partner.status, 201) << partner.body;
    Account bamako = signIn("bamako@example.org", kPassword);
    auto read = as(bamako).get(orgPath(bamako.organizationId)).json();
    EXPECT_EQ(read->getValue<std::string>("kind"), "foreign_partner");
    EXPECT_EQ(read->getValue<std::string>("registration_number"), "ML-2001-778");
    EXPECT_EQ(read->getValue<std::string>("rna"), "");

    auto frenchPartner = client.post(
        "/api/v1/register", registration(R"("kind": "foreign_partner", "name": "X", "country": "FR",
                         "registration_number": "1", "rna": "W751234568")",
                                         "x@example.org"));
    EXPECT_EQ(frenchPartner.errorFields(),
              (std::vector<std::string>{"organization.rna", "organization.country"}));
}

TEST_P(Organisations, ASecondRegistrationOfAKnownRnaIsARequestToJoinApprovedByAMember) {
    Account first = registerKnown("moussa@eau.example.org");
    auto member = as(first);
    const std::string org = orgPath(first.organizationId);

    auto second = anonymous().post(
        "/api/v1/register",
        registration(R"("name": "Eau Vive Paris", "rna": "W751234568", "country": "FR")",
                     "awa@eau.example.org"));
    ASSERT_EQ(second.status, 202) << second.body;
    EXPECT_EQ(second.json()->getValue<std::string>("status"), "join_requested");
    EXPECT_FALSE(second.json()->has("organization_id"));
    EXPECT_EQ(count("organisations"), 1);

    // Before approval the newcomer sees nothing of the organisation.
    Account newcomer = signIn("awa@eau.example.org", kPassword);
    auto waiting = as(newcomer);
    EXPECT_EQ(newcomer.organizationId, 0);
    for (const std::string& path : {org, org + "/members", org + "/join-requests"})
        EXPECT_EQ(waiting.get(path).status, 404) << path;
    EXPECT_EQ(waiting.get("/api/v1/applications").json()->getArray("items")->size(), 0u);
    auto draft = waiting.post("/api/v1/applications", R"({"programme": "WATER", "title": "Puits",
                                                          "amount_requested_cents": 1000000})");
    EXPECT_EQ(draft.status, 403) << draft.body;

    auto requests = member.get(org + "/join-requests");
    ASSERT_EQ(requests.status, 200) << requests.body;
    auto items = requests.json()->getArray("items");
    ASSERT_EQ(items->size(), 1u);
    const auto requestId = items->getObject(0)->getValue<std::int64_t>("id");
    EXPECT_EQ(items->getObject(0)->getValue<std::string>("email"), "awa@eau.example.org");
    EXPECT_EQ(
        waiting.post(org + "/join-requests/" + std::to_string(requestId) + "/approve", "{}").status,
        404);

    auto approved =
        member.post(org + "/join-requests/" + std::to_string(requestId) + "/approve", "{}");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(waiting.get(org).status, 200);
    auto members = member.get(org + "/members");
    ASSERT_EQ(members.status, 200) << members.body;
    EXPECT_EQ(members.json()->getArray("items")->size(), 2u);

    // Members are removed, never the last one.
    EXPECT_EQ(member.del(org + "/members/" + std::to_string(newcomer.userId)).status, 204);
    EXPECT_EQ(waiting.get(org).status, 404);
    auto last = member.del(org + "/members/" + std::to_string(first.userId));
    EXPECT_EQ(last.status, 409) << last.body;
}

TEST_P(Organisations, AClerkRefusesARequestAndAFinanceOfficerSetsTheTiersNumber) {
    Account first = registerKnown("moussa@eau.example.org");
    const std::string org = orgPath(first.organizationId);
    ASSERT_EQ(anonymous()
                  .post("/api/v1/register",
                        registration(R"("kind": "association", "name": "Eau", "rna": "W751234568",
                                        "country": "FR")",
                                     "intrus@example.org"))
                  .status,
              202);
    auto clerk = as(createStaff(Role::Clerk, "greffe"));
    auto requests = clerk.get(org + "/join-requests").json()->getArray("items");
    ASSERT_EQ(requests->size(), 1u);
    auto refused = clerk.post(
        org + "/join-requests/" +
            std::to_string(requests->getObject(0)->getValue<std::int64_t>("id")) + "/refuse",
        "{}");
    ASSERT_EQ(refused.status, 200) << refused.body;
    EXPECT_EQ(refused.json()->getValue<std::string>("state"), "refused");
    EXPECT_EQ(as(signIn("intrus@example.org", kPassword)).get(org).status, 404);

    auto finance = as(createStaff(Role::Finance, "fanny"));
    auto bad = finance.request("PUT", org + "/third-party-number",
                               R"({"third_party_number": "02175"})", "application/json");
    EXPECT_EQ(bad.status, 422) << bad.body;
    auto set = finance.request("PUT", org + "/third-party-number",
                               R"({"third_party_number": "D02175"})", "application/json");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.json()->getValue<std::string>("third_party_number"), "D02175");
    EXPECT_EQ(as(first)
                  .request("PUT", org + "/third-party-number", R"({"third_party_number": "D1"})",
                           "application/json")
                  .status,
              403);
    auto listed = finance.get("/api/v1/organizations");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.json()->getArray("items")->size(), 1u);
    EXPECT_EQ(organisationAudit().back().first, "third_party_number_set");
}

GRANTFLOW_INSTANTIATE_BACKENDS(Organisations);
