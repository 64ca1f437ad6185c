// A City's first day, from `grantflow init` and one administrator made
// with `grantflow user add`, then only what the product offers over HTTP
// (with a real SMTP relay for the links): the administrator sets the
// programme's envelope, invites a reviewer and a clerk (who accept from the
// mailed links) and opens a call; an association registers, confirms its
// e-mail address from the mailed link and applies within the call; the
// reviewer approves against the envelope, the clerk puts the grant before
// the Council and records the vote, which commits the money. Nothing here
// is written to the database behind the server's back.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/civil_day.hpp"
#include "engine/time.hpp"
#include "tests/app/run_program.hpp"
#include "tests/integration/mail_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;
using namespace std::chrono_literals;

namespace {

constexpr const char* kAdminEmail = "admin@paris.example.fr";
constexpr std::int64_t kEnvelopeCents = 200'000'000;  // 2 million euros
constexpr std::int64_t kRequestedCents = 4'500'000;   // 45,000 euros

// Today in Paris, shifted by `days`, as "YYYY-MM-DD".
std::string parisDay(int days = 0) {
    auto today = grantflow::engine::parisDayOf(grantflow::engine::SystemClock().now());
    return grantflow::engine::formatCivilDay(today + std::chrono::days{days});
}

Poco::JSON::Object::Ptr healthDraft() {
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
    fields->set("theme", std::string("hiv_aids"));
    fields->set("partner_city", std::string("Bamako"));
    fields->set("country", std::string("ML"));
    fields->set("beneficiaries", 12000);
    fields->set("start_date", parisDay(60));
    fields->set("duration_months", 18);
    fields->set("summary",
                std::string("Dépistage du VIH et accompagnement des patients dans trois centres de "
                            "santé communautaires de Bamako, avec les associations locales."));
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("programme", std::string("HEALTH"));
    body->set("title", std::string("Dépistage du VIH à Bamako"));
    body->set("amount_requested_cents", kRequestedCents);
    body->set("fields", fields);
    return body;
}

}  // namespace

class FreshInstall : public MailApiTest {
protected:
    // What an operator types before the first start.
    void prepareDatabase() override {
        const std::string program = ServerProcess::program();
        auto init = runProgram(program, {"init", "--db", connectionString()});
        ASSERT_EQ(init.exitCode, 0) << init.err;
        auto admin = runProgram(program,
                                {"user", "add", "--email", kAdminEmail, "--role", "admin", "--name",
                                 "Claire Admin", "--db", connectionString()},
                                std::string(kPassword) + "\n");
        ASSERT_EQ(admin.exitCode, 0) << admin.err;
    }

    // Invites a staff member and accepts the mailed invitation; signed in.
    Account invite(HttpClient& admin, const std::string& email, const std::string& body,
                   std::size_t mailsExpected) {
        auto created = admin.post("/api/v1/users", body);
        EXPECT_EQ(created.status, 201) << created.body;
        EXPECT_TRUE(sink_.waitFor(mailsExpected, 30s)) << server().log();
        const std::string token = lastLink(email, "/invitation");
        EXPECT_EQ(token.size(), 64u);
        auto accepted = anonymous().post(
            "/api/v1/invitations/accept",
            R"({"token": ")" + token + R"(", "password": ")" + kPassword + R"("})");
        EXPECT_EQ(accepted.status, 200) << accepted.body;
        return signIn(email, kPassword);
    }

    // A figure of HEALTH's budget this year ("reserved_cents"), as staff read it.
    std::int64_t budget(HttpClient& client, const std::string& figure) {
        auto read = client.get("/api/v1/budget?year=" + std::to_string(year()));
        EXPECT_EQ(read.status, 200) << read.body;
        auto lines = read.json()->getArray("programmes");
        for (std::size_t i = 0; i < lines->size(); ++i)
            if (lines->getObject(i)->getValue<std::string>("code") == "HEALTH")
                return lines->getObject(i)->getValue<std::int64_t>(figure);
        ADD_FAILURE() << "no HEALTH line in " << read.body;
        return -1;
    }
};

TEST_P(FreshInstall, AnAdministratorAndTheUsersTheyInviteRunAGrantFromCallToVote) {
    Account adminAccount = signIn(kAdminEmail, kPassword);
    ASSERT_EQ(adminAccount.role, Role::Admin);
    auto admin = as(adminAccount);

    // The envelope: nothing could be approved without it.
    auto envelope = admin.request(
        "PUT", "/api/v1/programmes/HEALTH/envelopes/" + std::to_string(year()),
        R"({"amount_cents": )" + std::to_string(kEnvelopeCents) + "}", "application/json");
    ASSERT_EQ(envelope.status, 200) << envelope.body;
    EXPECT_EQ(budget(admin, "envelope_cents"), kEnvelopeCents);

    // The staff, from the mailed invitations.
    Account reviewerAccount =
        invite(admin, "awa.diallo@paris.example.fr",
               R"({"email": "awa.diallo@paris.example.fr", "name": "Awa Diallo",
                   "role": "reviewer", "programmes": ["HEALTH"]})",
               1);
    Account clerkAccount = invite(admin, "greffe@paris.example.fr",
                                  R"({"email": "greffe@paris.example.fr", "name": "Paul Greffe",
                                      "role": "clerk"})",
                                  2);
    ASSERT_EQ(reviewerAccount.role, Role::Reviewer);
    ASSERT_EQ(clerkAccount.role, Role::Clerk);

    // The call, open from yesterday for a month, funding this year.
    auto call = admin.post("/api/v1/programmes/HEALTH/calls",
                           R"({"opens_on": ")" + parisDay(-1) + R"(", "closes_on": ")" +
                               parisDay(30) + R"(", "year": )" + std::to_string(year()) + "}");
    ASSERT_EQ(call.status, 201) << call.body;
    const auto callId = call.json()->getValue<std::int64_t>("id");

    // The association registers, confirms its address from the mail (the
    // fixture follows the link) and signs in.
    Account applicant = registerOrganisation("bamako");
    ASSERT_EQ(sink_.mails().size(), 3u) << server().log();

    // It applies within the call.
    auto association = as(applicant);
    auto open = association.get("/api/v1/calls?open=true").json()->getArray("items");
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->getObject(0)->getValue<std::int64_t>("id"), callId);
    auto created = association.post("/api/v1/applications", *healthDraft());
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.json()->getValue<std::int64_t>("id");
    EXPECT_EQ(created.json()->getObject("call")->getValue<std::int64_t>("id"), callId);
    for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"}) {
        auto uploaded = association.upload(
            path(id, "/attachments"),
            {{"kind", "", "", kind},
             {"file", std::string(kind) + ".pdf", "application/pdf", pdf(kind)}});
        ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    }
    auto submitted =
        fire(association, id, "submit", created.json()->getValue<std::int64_t>("version"));
    ASSERT_EQ(submitted.status, 200) << submitted.body;

    // The reviewer approves it: the money is reserved on the envelope.
    auto reviewer = as(reviewerAccount);
    auto reviewing =
        fire(reviewer, id, "start_review", submitted.json()->getValue<std::int64_t>("version"));
    ASSERT_EQ(reviewing.status, 200) << reviewing.body;
    auto approved =
        fire(reviewer, id, "approve", reviewing.json()->getValue<std::int64_t>("version"));
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.json()->getValue<std::string>("state"), "approved");
    EXPECT_EQ(budget(admin, "reserved_cents"), kRequestedCents);

    // The clerk puts it before the Council and records the vote: committed.
    auto clerk = as(clerkAccount);
    auto session = clerk.post(
        "/api/v1/council-sessions",
        R"({"date": ")" + parisDay(20) + R"(", "title": "Conseil de Paris — prochaine séance"})");
    ASSERT_EQ(session.status, 201) << session.body;
    auto deliberation =
        clerk.post("/api/v1/council-sessions/" + session.json()->getValue<std::string>("id") +
                       "/deliberations",
                   R"({"programme": "HEALTH", "application_ids": [)" + std::to_string(id) + "]}");
    ASSERT_EQ(deliberation.status, 201) << deliberation.body;
    auto voted = clerk.post(
        "/api/v1/deliberations/" + deliberation.json()->getValue<std::string>("id") + "/vote",
        R"({"outcome": "adopted"})");
    ASSERT_EQ(voted.status, 200) << voted.body;
    EXPECT_EQ(association.get(path(id)).json()->getValue<std::string>("state"), "voted");
    EXPECT_EQ(budget(admin, "reserved_cents"), 0);
    EXPECT_EQ(budget(admin, "committed_cents"), kRequestedCents);

    // Every step is in an intact audit trail.
    auto audit = admin.get("/api/v1/audit/verification");
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_TRUE(audit.json()->getValue<bool>("ok")) << audit.body;
}

GRANTFLOW_INSTANTIATE_BACKENDS(FreshInstall);
