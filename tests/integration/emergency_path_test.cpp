// The whole path of an EMERGENCY application over HTTP, as the people who
// use grantflow walk it: registration, a draft with its files, submission,
// a change request answered by an edit and a message, resubmission, and
// approval by two different reviewers (four eyes: the first reviewer cannot
// confirm their own approval).
#include <gtest/gtest.h>

#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

std::int64_t versionOf(HttpClient& client, std::int64_t id) {
    auto r = client.get("/api/v1/applications/" + std::to_string(id));
    return r.json()->getValue<std::int64_t>("version");
}

std::vector<std::string> names(const Poco::JSON::Array::Ptr& items, const std::string& key) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i)
        out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>(key));
    return out;
}

}  // namespace

class EmergencyPath : public ApiTest {};

TEST_P(EmergencyPath, FromRegistrationToApprovalWithAChangeRequestAndTwoReviewers) {
    Account applicant = registerOrganisation("secours");
    Account first = createStaff(Role::Reviewer, "camille", {"EMERGENCY"});
    Account second = createStaff(Role::Reviewer, "karim", {"EMERGENCY", "HEALTH"});
    Account clerk = createStaff(Role::Clerk, "greffe");
    setEnvelope("EMERGENCY", 600'000);
    auto association = as(applicant);
    auto reviewer1 = as(first);
    auto reviewer2 = as(second);

    // The draft and its files.
    auto draft = createEmergencyDraft(association, "Aide d'urgence Ebola à Guéckédou", 5'000'000);
    std::int64_t id = draft->getValue<std::int64_t>("id");
    EXPECT_EQ(draft->getValue<std::string>("state"), "draft");
    EXPECT_EQ(names(draft->getArray("transitions"), "name"),
              (std::vector<std::string>{"submit", "withdraw"}));
    attachRequiredFiles(association, id);
    auto files = association.get(path(id)).json()->getArray("attachments");
    EXPECT_EQ(names(files, "kind"),
              (std::vector<std::string>{"statutes", "budget", "bank_details"}));

    // Submission; the reviewers see it in their queue.
    auto submitted = fire(association, id, "submit", versionOf(association, id));
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(submitted.json()->getValue<std::string>("state"), "submitted");
    EXPECT_FALSE(submitted.json()->isNull("deadline_at"));
    auto queue = reviewer1.get("/api/v1/applications?state=submitted&programme=EMERGENCY");
    ASSERT_EQ(queue.status, 200);
    ASSERT_EQ(queue.json()->getArray("items")->size(), 1u);

    // The first reviewer asks for changes; the reason lands in the thread.
    ASSERT_EQ(fire(reviewer1, id, "start_review", versionOf(reviewer1, id)).status, 200);
    auto changes = fire(reviewer1, id, "request_changes", versionOf(reviewer1, id),
                        "Please detail the budget per health centre.");
    ASSERT_EQ(changes.status, 200) << changes.body;
    EXPECT_EQ(changes.json()->getValue<std::string>("state"), "changes_requested");
    EXPECT_TRUE(changes.json()->getValue<bool>("editable"));

    // The association edits, answers and resubmits.
    std::int64_t v = versionOf(association, id);
    auto edited = association.patch(path(id), R"({"amount_requested_cents": 6000000,
        "fields": {"summary": "Protective equipment for 12 health centres (detail in the budget) and food parcels."}})",
                                    "\"" + std::to_string(v) + "\"");
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(edited.json()->getValue<std::int64_t>("amount_requested_cents"), 6'000'000);
    auto answer = association.post(path(id, "/messages"),
                                   R"({"body": "The budget now has one line per centre."})");
    ASSERT_EQ(answer.status, 201) << answer.body;
    auto thread = reviewer1.get(path(id, "/messages"));
    ASSERT_EQ(thread.status, 200);
    auto bodies = names(thread.json()->getArray("items"), "body");
    EXPECT_EQ(bodies, (std::vector<std::string>{"Please detail the budget per health centre.",
                                                "The budget now has one line per centre."}));
    auto resubmitted = fire(association, id, "submit", versionOf(association, id));
    ASSERT_EQ(resubmitted.status, 200) << resubmitted.body;

    // Four eyes: the first reviewer may not confirm their own approval.
    ASSERT_EQ(fire(reviewer1, id, "start_review", versionOf(reviewer1, id)).status, 200);
    auto preApproved = fire(reviewer1, id, "approve_first", versionOf(reviewer1, id));
    ASSERT_EQ(preApproved.status, 200) << preApproved.body;
    EXPECT_EQ(preApproved.json()->getValue<std::string>("state"), "pre_approved");
    std::int64_t before = versionOf(reviewer1, id);
    auto sameReviewer = fire(reviewer1, id, "approve", before);
    EXPECT_EQ(sameReviewer.status, 422) << sameReviewer.body;
    EXPECT_EQ(sameReviewer.problemType(), "guard-failed");
    auto reasons = sameReviewer.json()->getArray("errors");
    ASSERT_EQ(reasons->size(), 1u) << sameReviewer.body;
    EXPECT_EQ(reasons->getObject(0)->getValue<std::string>("guard"), "four_eyes");
    EXPECT_EQ(versionOf(reviewer1, id), before) << "a refused transition changes nothing";

    auto approved = fire(reviewer2, id, "approve", before);
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.json()->getValue<std::string>("state"), "approved");
    EXPECT_EQ(approved.json()->getValue<std::int64_t>("amount_granted_cents"), 6'000'000);
    EXPECT_EQ(approved.header("etag"), "\"" + std::to_string(before + 1) + "\"");

    // The budget holds the reservation; the history tells the story.
    auto budget = as(clerk).get("/api/v1/budget?year=" + std::to_string(year()));
    ASSERT_EQ(budget.status, 200) << budget.body;
    auto programmes = budget.json()->getArray("programmes");
    bool found = false;
    for (std::size_t i = 0; i < programmes->size(); ++i) {
        auto p = programmes->getObject(static_cast<unsigned>(i));
        if (p->getValue<std::string>("code") != "EMERGENCY") continue;
        found = true;
        EXPECT_EQ(p->getValue<std::int64_t>("reserved_cents"), 6'000'000);
        EXPECT_EQ(p->getValue<std::int64_t>("envelope_cents"), 60'000'000);
    }
    EXPECT_TRUE(found);
    auto history = association.get(path(id, "/history"));
    ASSERT_EQ(history.status, 200);
    EXPECT_EQ(names(history.json()->getArray("items"), "action"),
              (std::vector<std::string>{"create", "attachment_added", "attachment_added",
                                        "attachment_added", "submit", "start_review",
                                        "request_changes", "edit", "message_posted", "submit",
                                        "start_review", "approve_first", "approve"}));
    EXPECT_GT(count("outbox"), 0) << "notifications are queued with the transitions";

    // The files come back byte for byte, as attachments.
    auto list = association.get(path(id, "/attachments")).json()->getArray("items");
    auto statutes = list->getObject(0);
    auto download = reviewer2.get(statutes->getValue<std::string>("url"));
    ASSERT_EQ(download.status, 200);
    EXPECT_EQ(download.body, pdf("statutes"));
    EXPECT_EQ(download.header("content-type"), "application/pdf");
    EXPECT_EQ(download.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(download.header("content-disposition").rfind("attachment", 0), 0u)
        << download.header("content-disposition");

    // And the audit trail's hash chain holds.
    auto verify =
        runProgram(ServerProcess::program(), {"audit", "verify", "--db", connectionString()});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
}

GRANTFLOW_INSTANTIATE_BACKENDS(EmergencyPath);
