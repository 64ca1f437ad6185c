// Calls for applications over HTTP: an administrator opens and changes
// calls; a programme run by calls takes drafts and submissions only within
// an open call, funded from the call's year; an all-year-round programme
// takes them any day, funded from the year of submission.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "engine/civil_day.hpp"
#include "engine/time.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

// Today in Paris, shifted by `days`, as "YYYY-MM-DD".
std::string parisDay(int days = 0) {
    auto today = grantflow::engine::parisDayOf(grantflow::engine::SystemClock().now());
    return grantflow::engine::formatCivilDay(today + std::chrono::days{days});
}

std::string callBody(const std::string& opens, const std::string& closes, int year,
                     const std::string& title = "") {
    return R"({"opens_on": ")" + opens + R"(", "closes_on": ")" + closes + R"(", "year": )" +
           std::to_string(year) + (title.empty() ? "" : R"(, "title": ")" + title + "\"") + "}";
}

const char* kHealthDraft =
    R"({"programme": "HEALTH", "title": "Dépistage du VIH à Bamako", "amount_requested_cents": 4000000})";

bool hasErrorOn(const HttpResponse& r, const std::string& field) {
    auto fields = r.errorFields();
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

}  // namespace

class CallsApi : public ApiTest {};

TEST_P(CallsApi, AnAdministratorOpensACallAndApplicationsWithinItDrawOnItsYear) {
    Account admin = createStaff(Role::Admin, "root");
    Account reviewerAccount = createStaff(Role::Reviewer, "awa", {"HEALTH"});
    Account applicant = registerOrganisation("sante");
    auto administrator = as(admin);
    auto association = as(applicant);

    // No call yet: HEALTH takes no draft.
    auto early = association.post("/api/v1/applications", kHealthDraft);
    ASSERT_EQ(early.status, 422) << early.body;
    EXPECT_TRUE(hasErrorOn(early, "programme")) << early.body;
    EXPECT_EQ(count("applications"), 0);

    const int fundedYear = year() + 1;
    auto opened = administrator.post("/api/v1/programmes/HEALTH/calls",
                                     callBody(parisDay(-1), parisDay(30), fundedYear));
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto callId = opened.json()->getValue<std::int64_t>("id");
    EXPECT_EQ(opened.json()->getValue<std::string>("title"),
              "HEALTH " + std::to_string(fundedYear));
    EXPECT_TRUE(opened.json()->getValue<bool>("open"));
    EXPECT_EQ(opened.header("location"), "/api/v1/calls/" + std::to_string(callId));

    // Applicants see it among the open calls.
    auto open = association.get("/api/v1/calls?open=true").json()->getArray("items");
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->getObject(0)->getValue<std::string>("closes_on"), parisDay(30));

    auto draft = association.post("/api/v1/applications", kHealthDraft);
    ASSERT_EQ(draft.status, 201) << draft.body;
    EXPECT_EQ(draft.json()->getValue<int>("year"), fundedYear);
    auto call = draft.json()->getObject("call");
    ASSERT_TRUE(call) << draft.body;
    EXPECT_EQ(call->getValue<std::int64_t>("id"), callId);
    EXPECT_EQ(call->getValue<std::string>("closes_on"), parisDay(30));

    // The reviewer sees the call of the application, in the list too.
    auto reviewer = as(reviewerAccount);
    auto list = reviewer.get("/api/v1/applications?programme=HEALTH").json()->getArray("items");
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->getObject(0)->getObject("call")->getValue<std::string>("title"),
              "HEALTH " + std::to_string(fundedYear));
}

TEST_P(CallsApi, OverlappingOrBackwardsCallsAreRefusedAndOnlyAdministratorsWrite) {
    Account admin = createStaff(Role::Admin, "root");
    Account clerkAccount = createStaff(Role::Clerk, "greffe");
    auto administrator = as(admin);
    ASSERT_EQ(administrator
                  .post("/api/v1/programmes/WATER/calls",
                        callBody("2030-02-01", "2030-03-31", 2030, "Eau 2030"))
                  .status,
              201);

    auto overlap = administrator.post("/api/v1/programmes/WATER/calls",
                                      callBody("2030-03-31", "2030-05-31", 2030));
    ASSERT_EQ(overlap.status, 409) << overlap.body;
    EXPECT_NE(overlap.body.find("2030-02-01"), std::string::npos) << overlap.body;
    EXPECT_NE(overlap.body.find("Eau 2030"), std::string::npos) << overlap.body;

    auto backwards = administrator.post("/api/v1/programmes/WATER/calls",
                                        callBody("2030-07-01", "2030-06-01", 2030));
    ASSERT_EQ(backwards.status, 422) << backwards.body;
    EXPECT_TRUE(hasErrorOn(backwards, "closes_on")) << backwards.body;
    auto badYear = administrator.post("/api/v1/programmes/WATER/calls",
                                      callBody("2031-07-01", "2031-08-01", 2201));
    ASSERT_EQ(badYear.status, 422) << badYear.body;
    EXPECT_TRUE(hasErrorOn(badYear, "year")) << badYear.body;
    auto emergency = administrator.post("/api/v1/programmes/EMERGENCY/calls",
                                        callBody("2031-07-01", "2031-08-01", 2031));
    ASSERT_EQ(emergency.status, 422) << emergency.body;
    EXPECT_TRUE(hasErrorOn(emergency, "programme")) << emergency.body;
    auto unknown = administrator.post("/api/v1/programmes/NOPE/calls",
                                      callBody("2031-07-01", "2031-08-01", 2031));
    EXPECT_EQ(unknown.status, 404) << unknown.body;

    auto clerk = as(clerkAccount);
    EXPECT_EQ(
        clerk.post("/api/v1/programmes/WATER/calls", callBody("2032-01-01", "2032-01-31", 2032))
            .status,
        403);
    EXPECT_EQ(count("calls"), 1);
    auto listed = clerk.get("/api/v1/programmes/WATER/calls");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json()->getArray("items")->size(), 1u);
}

TEST_P(CallsApi, ChangingACallIsAuditedAndASubmissionAfterItClosesIsRefused) {
    Account admin = createStaff(Role::Admin, "root");
    Account applicant = registerOrganisation("sante");
    auto administrator = as(admin);
    auto association = as(applicant);
    auto opened = administrator.post("/api/v1/programmes/HEALTH/calls",
                                     callBody(parisDay(-10), parisDay(10), year()));
    ASSERT_EQ(opened.status, 201) << opened.body;
    const std::string callPath =
        "/api/v1/calls/" + std::to_string(opened.json()->getValue<std::int64_t>("id"));
    auto draft = association.post("/api/v1/applications", kHealthDraft);
    ASSERT_EQ(draft.status, 201) << draft.body;
    const auto id = draft.json()->getValue<std::int64_t>("id");

    // The administrator closes the call yesterday.
    auto closed = administrator.patch(callPath, R"({"closes_on": ")" + parisDay(-1) + R"("})", "");
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_FALSE(closed.json()->getValue<bool>("open"));
    EXPECT_EQ(closed.json()->getValue<int>("year"), year());

    auto late = fire(association, id, "submit", draft.json()->getValue<std::int64_t>("version"));
    ASSERT_EQ(late.status, 409) << late.body;
    EXPECT_NE(late.body.find("closed on " + parisDay(-1)), std::string::npos) << late.body;
    auto tooLate = association.post("/api/v1/applications", kHealthDraft);
    EXPECT_EQ(tooLate.status, 422) << tooLate.body;

    // Both the opening and the change are in the audit trail.
    auto history = [&](const std::string& action) {
        auto s = db().session();
        int n = 0;
        *s << "SELECT COUNT(*) FROM audit_entries WHERE action = :a", soci::use(action),
            soci::into(n);
        return n;
    };
    EXPECT_EQ(history("call_opened"), 1);
    EXPECT_EQ(history("call_changed"), 1);
    auto blank = administrator.patch(callPath, R"({"title": " "})", "");
    EXPECT_EQ(blank.status, 422) << blank.body;
    auto programmeChange = administrator.patch(callPath, R"({"programme": "WATER"})", "");
    EXPECT_EQ(programmeChange.status, 400) << programmeChange.body;
}

TEST_P(CallsApi, AnEmergencyApplicationNeedsNoCallAndDrawsOnThisYear) {
    Account applicant = registerOrganisation("secours");
    auto association = as(applicant);
    auto draft = createEmergencyDraft(association);
    EXPECT_EQ(draft->getValue<int>("year"), year());
    EXPECT_TRUE(draft->isNull("call"));
    const auto id = draft->getValue<std::int64_t>("id");
    attachRequiredFiles(association, id);
    auto submitted = fire(association, id, "submit", draft->getValue<std::int64_t>("version"));
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(submitted.json()->getValue<int>("year"), year());
}

GRANTFLOW_INSTANTIATE_BACKENDS(CallsApi);
