// The engine on the real store: a whole path, every refusal, deadlines and
// workflow versions, on SQLite and PostgreSQL.
#include <fstream>

#include "engine/definition_loader.hpp"
#include "store/audit_verifier.hpp"
#include "tests/workflow/workflow_fixture.hpp"

using namespace grantflow;
using namespace grantflow::engine;
using grantflow::testing::WorkflowTest;

namespace {

std::vector<std::string> reasonFields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& r : e.reasons) out.push_back(r.field);
    return out;
}

}  // namespace

class EngineOnStore : public WorkflowTest {};

TEST_P(EngineOnStore, ApplicationGoesFromDraftToClosedMovingTheBudget) {
    auto app = draft(Money::fromEuros(20000));
    EXPECT_EQ(app.state, "draft");
    EXPECT_EQ(app.version, 1);
    EXPECT_EQ(app.reference.rfind("GRANTS-2026-", 0), 0u);

    app = fireOk(app, "submit", applicant_);
    EXPECT_EQ(app.state, "submitted");
    ASSERT_TRUE(app.deadlineAt);
    EXPECT_EQ(*app.deadlineAt, clock_.now() + std::chrono::hours(48));
    app = fireOk(app, "start_review", reviewer1_);
    EXPECT_FALSE(app.deadlineAt);
    app = fireOk(app, "approve_first", reviewer1_);
    app = fireOk(app, "approve", reviewer2_);
    EXPECT_EQ(app.state, "approved");
    EXPECT_EQ(app.amountGranted, Money::fromEuros(20000));
    auto use = store_->budgetUse("GRANTS", 2026);
    EXPECT_EQ(use.reserved, Money::fromEuros(20000));

    app = fireOk(app, "vote", clerk_);
    use = store_->budgetUse("GRANTS", 2026);
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, Money::fromEuros(20000));

    app = fireOk(app, "pay", clerk_);
    use = store_->budgetUse("GRANTS", 2026);
    EXPECT_EQ(use.committed, Money());
    EXPECT_EQ(use.paid, Money::fromEuros(20000));
    ASSERT_TRUE(app.reportDueAt);

    app = fireOk(app, "receive_report", applicant_);
    EXPECT_EQ(app.state, "closed");
    EXPECT_TRUE(app.reportReceivedAt);

    auto history = store_->history(app.id);
    ASSERT_EQ(history.size(), 9u);  // create, the statutes added, 7 transitions
    EXPECT_EQ(history.front().action, "create");
    EXPECT_EQ(history[1].action, "attachment_added");
    EXPECT_EQ(history[1].actorId, applicant_.userId);
    EXPECT_EQ(history[5].action, "approve");
    EXPECT_EQ(history[5].actorId, reviewer2_.userId);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(EngineOnStore, SubmitReportsEveryFailingGuardAtOnce) {
    auto r = engine_->createDraft(
        applicant_, {"GRANTS", *applicant_.organizationId, "Too small", Money::fromEuros(500), {}});
    ASSERT_TRUE(r);
    auto fired = engine_->fire(r.value().id, "submit", applicant_, 1);
    ASSERT_FALSE(fired);
    EXPECT_EQ(fired.error().code, ErrorCode::GuardFailed);
    EXPECT_EQ(reasonFields(fired.error()),
              (std::vector<std::string>{"country", "summary", "attachments.statutes",
                                        "amount_requested_cents"}));
    EXPECT_EQ(reload(r.value().id).version, 1);  // nothing written
    EXPECT_EQ(store_->history(r.value().id).size(), 1u);
}

TEST_P(EngineOnStore, DraftWithInvalidFieldsIsRefusedFieldByField) {
    auto r =
        engine_->createDraft(applicant_, {"GRANTS",
                                          *applicant_.organizationId,
                                          "",
                                          Money::fromCents(0),
                                          {{"country", std::string("France")}, {"colour", 1}}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_EQ(reasonFields(r.error()),
              (std::vector<std::string>{"colour", "country", "title", "amount_requested_cents"}));
}

TEST_P(EngineOnStore, FourEyesRefusesTheSameReviewerTwice) {
    auto app = draft(Money::fromEuros(5000));
    app = fireOk(app, "submit", applicant_);
    app = fireOk(app, "start_review", reviewer1_);
    app = fireOk(app, "approve_first", reviewer1_);
    auto r = engine_->fire(app.id, "approve", reviewer1_, app.version);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::GuardFailed);
    ASSERT_EQ(r.error().reasons.size(), 1u);
    EXPECT_EQ(r.error().reasons[0].guard, "four_eyes");
    EXPECT_EQ(store_->budgetUse("GRANTS", 2026).reserved, Money());
}

TEST_P(EngineOnStore, RolesAndOwnershipAreEnforced) {
    auto app = draft(Money::fromEuros(5000));
    auto expectForbidden = [&](const std::string& t, const Actor& a) {
        auto r = engine_->fire(app.id, t, a, app.version);
        ASSERT_FALSE(r) << t;
        EXPECT_EQ(r.error().code, ErrorCode::Forbidden) << t;
    };
    expectForbidden("submit", reviewer1_);       // wrong role
    expectForbidden("submit", otherApplicant_);  // another organisation
    expectForbidden("submit", clerk_);
    app = fireOk(app, "submit", applicant_);
    expectForbidden("start_review", outsider_);  // reviewer of another programme
    expectForbidden("start_review", applicant_);
    expectForbidden("expire", reviewer1_);  // system only

    std::vector<std::string> names;
    for (const auto* t : engine_->available(app, reviewer1_)) names.push_back(t->name);
    EXPECT_EQ(names, (std::vector<std::string>{"start_review"}));
    names.clear();
    for (const auto* t : engine_->available(app, applicant_)) names.push_back(t->name);
    EXPECT_EQ(names, (std::vector<std::string>{"withdraw"}));
    EXPECT_TRUE(engine_->available(app, otherApplicant_).empty());

    auto created = engine_->createDraft(
        otherApplicant_, {"GRANTS", *applicant_.organizationId, "x", Money::fromEuros(1), {}});
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::Forbidden);
}

TEST_P(EngineOnStore, StaleVersionIsAConflictAndWritesNothing) {
    auto app = draft(Money::fromEuros(5000));
    auto r = engine_->fire(app.id, "submit", applicant_, app.version + 7);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Conflict);
    EXPECT_EQ(reload(app.id).state, "draft");
    EXPECT_EQ(store_->history(app.id).size(), 2u);  // create, the statutes added
}

TEST_P(EngineOnStore, UnknownOrUnavailableTransitionsAreInvalid) {
    auto app = draft(Money::fromEuros(5000));
    auto unknown = engine_->fire(app.id, "teleport", applicant_, app.version);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::Invalid);
    auto notHere = engine_->fire(app.id, "receive_report", applicant_, app.version);
    ASSERT_FALSE(notHere);
    EXPECT_EQ(notHere.error().code, ErrorCode::Invalid);
    auto missing = engine_->fire(999999, "submit", applicant_, 1);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_P(EngineOnStore, RequestingChangesNeedsAReasonAndTheApplicantResubmits) {
    auto app = draft(Money::fromEuros(5000));
    app = fireOk(app, "submit", applicant_);
    app = fireOk(app, "start_review", reviewer1_);
    auto noReason = engine_->fire(app.id, "request_changes", reviewer1_, app.version, "  ");
    ASSERT_FALSE(noReason);
    EXPECT_EQ(reasonFields(noReason.error()), (std::vector<std::string>{"comment"}));
    app = fireOk(app, "request_changes", reviewer1_, "Please attach the 2025 budget.");
    EXPECT_EQ(app.state, "changes_requested");
    app = fireOk(app, "submit", applicant_);
    EXPECT_EQ(app.state, "submitted");
    auto history = store_->history(app.id);
    EXPECT_EQ(history[4].action, "request_changes");
    EXPECT_EQ(history[4].comment, "Please attach the 2025 budget.");
}

TEST_P(EngineOnStore, PassedDeadlineFiresItsTransitionAsTheSystem) {
    auto late = draft(Money::fromEuros(5000));
    late = fireOk(late, "submit", applicant_);
    clock_.advance(std::chrono::hours(24));
    auto onTime = fireOk(draft(Money::fromEuros(6000)), "submit", applicant_);
    clock_.advance(std::chrono::hours(25));  // the first is 49 h old, the second 25 h

    EXPECT_EQ(engine_->sweepDeadlines(), 1);
    EXPECT_EQ(reload(late.id).state, "withdrawn");
    EXPECT_EQ(reload(onTime.id).state, "submitted");
    auto last = store_->history(late.id).back();
    EXPECT_EQ(last.action, "expire");
    EXPECT_EQ(last.actorRole, "system");
    EXPECT_EQ(engine_->sweepDeadlines(), 0);  // nothing left to do
}

TEST_P(EngineOnStore, OverdueFinalReportBlocksTheNextSubmission) {
    auto first = draft(Money::fromEuros(5000));
    for (auto [t, a] : std::vector<std::pair<std::string, Actor>>{{"submit", applicant_},
                                                                  {"start_review", reviewer1_},
                                                                  {"approve_first", reviewer1_},
                                                                  {"approve", reviewer2_},
                                                                  {"vote", clerk_},
                                                                  {"pay", clerk_}})
        first = fireOk(first, t, a);
    clock_.advance(std::chrono::hours(24 * 366));
    auto second = draft(Money::fromEuros(5000));
    auto r = engine_->fire(second.id, "submit", applicant_, second.version);
    ASSERT_FALSE(r);
    ASSERT_EQ(r.error().reasons.size(), 1u);
    EXPECT_EQ(r.error().reasons[0].guard, "no_overdue_report");

    fireOk(first, "receive_report", applicant_);
    fireOk(reload(second.id), "submit", applicant_);
}

TEST_P(EngineOnStore, GrantAbove23000NeedsASignedAgreementBeforePayment) {
    auto app = draft(Money::fromEuros(25000));
    for (auto [t, a] : std::vector<std::pair<std::string, Actor>>{{"submit", applicant_},
                                                                  {"start_review", reviewer1_},
                                                                  {"approve_first", reviewer1_},
                                                                  {"approve", reviewer2_},
                                                                  {"vote", clerk_}})
        app = fireOk(app, t, a);
    auto r = engine_->fire(app.id, "pay", clerk_, app.version);
    ASSERT_FALSE(r);
    EXPECT_EQ(reasonFields(r.error()), (std::vector<std::string>{"attachments.signed_agreement"}));
    attach(app.id, "signed_agreement");
    app = fireOk(reload(app.id), "pay", clerk_);
    EXPECT_EQ(app.state, "paid");
}

TEST_P(EngineOnStore, RejectionAfterReservationReleasesTheBudget) {
    auto app = draft(Money::fromEuros(8000));
    for (auto [t, a] : std::vector<std::pair<std::string, Actor>>{{"submit", applicant_},
                                                                  {"start_review", reviewer1_},
                                                                  {"approve_first", reviewer1_},
                                                                  {"approve", reviewer2_}})
        app = fireOk(app, t, a);
    EXPECT_EQ(store_->budgetUse("GRANTS", 2026).reserved, Money::fromEuros(8000));
    fireOk(app, "council_reject", clerk_);
    EXPECT_EQ(store_->budgetUse("GRANTS", 2026).used(), Money());
}

TEST_P(EngineOnStore, ApplicationKeepsTheWorkflowVersionItStartedWith) {
    auto old = draft(Money::fromEuros(5000), "GRANTS", /*withStatutes=*/false);
    EXPECT_EQ(old.workflowVersion, 1);

    // Version 2 of GRANTS no longer requires attachments on submit.
    std::ifstream in(std::string(GRANTFLOW_TEST_DATA_DIR) + "/workflows-engine/grants.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("\"version\": 1"), 12, "\"version\": 2");
    text.replace(text.find("\"required_attachments\", "), 24, "");
    catalog_.add(std::make_shared<const WorkflowDefinition>(
        parseDefinition(text, "grants-v2.json", registry_)));

    auto fresh = draft(Money::fromEuros(5000), "GRANTS", /*withStatutes=*/false);
    EXPECT_EQ(fresh.workflowVersion, 2);
    fireOk(fresh, "submit", applicant_);
    auto r = engine_->fire(old.id, "submit", applicant_, old.version);
    ASSERT_FALSE(r);  // version 1 still wants its statutes
    EXPECT_EQ(reasonFields(r.error()), (std::vector<std::string>{"attachments.statutes"}));
}

GRANTFLOW_INSTANTIATE_BACKENDS(EngineOnStore);
