// PUT /api/v1/programmes/{code}/envelopes/{year}: an administrator gives a
// programme its envelope, which is what lets an approval reserve money.
#include <gtest/gtest.h>

#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

std::int64_t versionOf(HttpClient& client, std::int64_t id) {
    return client.get("/api/v1/applications/" + std::to_string(id))
        .json()
        ->getValue<std::int64_t>("version");
}

HttpResponse putEnvelope(HttpClient& client, const std::string& code, int year,
                         std::int64_t cents) {
    return client.request("PUT",
                          "/api/v1/programmes/" + code + "/envelopes/" + std::to_string(year),
                          R"({"amount_cents": )" + std::to_string(cents) + "}", "application/json");
}

}  // namespace

class Envelopes : public ApiTest {};

TEST_P(Envelopes, AnAdministratorsEnvelopeLetsAnApprovalThroughAndCannotGoBelowUse) {
    Account admin = createStaff(Role::Admin, "root");
    Account clerkAccount = createStaff(Role::Clerk, "greffe");
    Account first = createStaff(Role::Reviewer, "camille", {"EMERGENCY"});
    Account second = createStaff(Role::Reviewer, "karim", {"EMERGENCY"});
    Account applicant = registerOrganisation("secours");
    auto administrator = as(admin);
    auto clerk = as(clerkAccount);
    auto association = as(applicant);
    auto reviewer1 = as(first);
    auto reviewer2 = as(second);

    auto forbidden = putEnvelope(clerk, "EMERGENCY", year(), 100'000'000);
    EXPECT_EQ(forbidden.status, 403) << forbidden.body;
    auto unknown = putEnvelope(administrator, "NOPE", year(), 100'000'000);
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    auto badYear = putEnvelope(administrator, "EMERGENCY", 1999, 100'000'000);
    EXPECT_EQ(badYear.status, 422) << badYear.body;

    // Without an envelope, the first approval fails on the budget.
    auto draft = createEmergencyDraft(association, "Aide d'urgence", 5'000'000);
    std::int64_t id = draft->getValue<std::int64_t>("id");
    attachRequiredFiles(association, id);
    ASSERT_EQ(fire(association, id, "submit", versionOf(association, id)).status, 200);
    ASSERT_EQ(fire(reviewer1, id, "start_review", versionOf(reviewer1, id)).status, 200);
    auto refused = fire(reviewer1, id, "approve_first", versionOf(reviewer1, id));
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("budget_available"), std::string::npos) << refused.body;

    auto set = putEnvelope(administrator, "EMERGENCY", year(), 100'000'000);
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.json()->getValue<std::string>("code"), "EMERGENCY");
    EXPECT_EQ(set.json()->getValue<std::int64_t>("envelope_cents"), 100'000'000);
    EXPECT_EQ(set.json()->getValue<std::int64_t>("available_cents"), 100'000'000);

    auto preApproved = fire(reviewer1, id, "approve_first", versionOf(reviewer1, id));
    ASSERT_EQ(preApproved.status, 200) << preApproved.body;
    auto approved = fire(reviewer2, id, "approve", versionOf(reviewer2, id));
    ASSERT_EQ(approved.status, 200) << approved.body;

    // 5,000,000 cents are now reserved: the envelope cannot go below them.
    auto below = putEnvelope(administrator, "EMERGENCY", year(), 1'000'000);
    ASSERT_EQ(below.status, 409) << below.body;
    EXPECT_EQ(below.problemType(), "conflict");
    EXPECT_NE(below.body.find("10000.00 EUR (1000000 cents)"), std::string::npos) << below.body;
    EXPECT_NE(below.body.find("reserved 50000.00 EUR (5000000 cents)"), std::string::npos)
        << below.body;
    auto exact = putEnvelope(administrator, "EMERGENCY", year(), 5'000'000);
    ASSERT_EQ(exact.status, 200) << exact.body;
    EXPECT_EQ(exact.json()->getValue<std::int64_t>("available_cents"), 0);

    // Each change is in the audit trail, whose chain still holds.
    auto verify =
        runProgram(ServerProcess::program(), {"audit", "verify", "--db", connectionString()});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
}

GRANTFLOW_INSTANTIATE_BACKENDS(Envelopes);
