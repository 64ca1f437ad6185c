// The assessment rules over fakes: the weighted score and its rounding, the
// mean and spread of two reviewers, who may write and read, when, what is
// valid, the cap on reviewers, and the `grant_proposed` action granting
// (and the guards checking) the approver's proposal.
#include "services/assessment_service.hpp"

#include <gtest/gtest.h>

#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "logging/log.hpp"
#include "tests/services/call_fakes.hpp"
#include "tests/services/fakes.hpp"

using namespace grantflow;
using engine::Money;
using engine::Role;

namespace {

std::map<std::string, engine::CriterionScore> scores(int relevance, int feasibility,
                                                     int partnership, int sustainability) {
    return {{"relevance", {relevance, ""}},
            {"feasibility", {feasibility, ""}},
            {"local_partnership", {partnership, ""}},
            {"sustainability", {sustainability, ""}}};
}

std::vector<std::string> fieldsOf(const engine::Error& e) {
    std::vector<std::string> out;
    for (const auto& r : e.reasons) out.push_back(r.field);
    return out;
}

class AssessmentServiceTest : public ::testing::Test {
protected:
    AssessmentServiceTest() {
        engine::registerBuiltinSteps(registry_);
        catalog_ = engine::WorkflowCatalog::loadDirectory(
            std::string(GRANTFLOW_SOURCE_DIR) + "/tests/services/data/assessment", registry_);
        store_.organisations[7] = engine::Organisation{};
        store_.organisations[7].id = 7;
    }

    // A ZETA application of €15,000 under review.
    std::int64_t underReview() {
        auto created = applications_.create(
            applicant_, {"ZETA", 0, "Dispensaire de Kati", Money::fromEuros(15'000), {}});
        EXPECT_TRUE(created.ok());
        const auto& app = created.value().application;
        auto fired = applications_.fire(applicant_, app.id, "submit", app.version, "");
        EXPECT_TRUE(fired.ok()) << (fired.ok() ? "" : fired.error().message);
        return app.id;
    }
    std::int64_t versionOf(std::int64_t id) { return store_.applications.at(id).version; }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{*engine::parseTimestamp("2026-03-02T09:00:00Z")};
    grantflow::testing::FakeWorkflowStore store_;
    grantflow::testing::FakeApplicationQuery query_{store_};
    grantflow::testing::FakeAssessmentStore assessmentStore_{store_};
    logging::NullLogSink log_;
    engine::WorkflowEngine engine_{catalog_, store_, clock_, log_};
    grantflow::testing::FakeCallStore calls_;
    services::CallService callService_{catalog_, calls_, clock_};
    grantflow::testing::FakeDeliberationLookup deliberations_;
    services::ApplicationService applications_{engine_,  store_,       query_,
                                               catalog_, callService_, deliberations_};
    services::AssessmentService assessments_{applications_, assessmentStore_, clock_};

    engine::Actor applicant_{1, Role::Applicant, 7, {}};
    engine::Actor first_{3, Role::Reviewer, std::nullopt, {"ZETA"}};
    engine::Actor second_{4, Role::Reviewer, std::nullopt, {"ZETA"}};
    engine::Actor third_{6, Role::Reviewer, std::nullopt, {"ZETA"}};
    engine::Actor outsider_{8, Role::Reviewer, std::nullopt, {"HEALTH"}};
    engine::Actor clerk_{5, Role::Clerk, std::nullopt, {}};
};

}  // namespace

TEST(WeightedScore, IsTheWeightedMeanOnTheScaleAndAsAPercentageRoundedHalfUp) {
    engine::AssessmentGrid grid;
    grid.criteria = {{"relevance", 3, {}},
                     {"feasibility", 2, {}},
                     {"local_partnership", 2, {}},
                     {"sustainability", 1, {}}};
    // (4x3 + 3x2 + 5x2 + 2x1) / 8 = 30 / 8 = 3.75, 75 %.
    EXPECT_EQ(services::weightedScore(grid, scores(4, 3, 5, 2)),
              (services::ScoreFigure{375, 7500}));
    // (3x3 + 3x2 + 2x2 + 4x1) / 8 = 23 / 8 = 2.875 -> 2.88, 57.5 %.
    EXPECT_EQ(services::weightedScore(grid, scores(3, 3, 2, 4)),
              (services::ScoreFigure{288, 5750}));
    EXPECT_EQ(services::weightedScore(grid, scores(5, 5, 5, 5)),
              (services::ScoreFigure{500, 10000}));
    EXPECT_EQ(services::formatHundredths(288), "2.88");
    EXPECT_EQ(services::formatHundredths(305), "3.05");
}

TEST_F(AssessmentServiceTest, TwoReviewersAreKeptAndComparedWithTheirMeanAndSpread) {
    const auto id = underReview();
    auto mine =
        assessments_.save(first_, id, {scores(4, 3, 5, 2), Money::fromEuros(12'000), "Solide"});
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    EXPECT_TRUE(mine.value().editable);
    clock_.advance(std::chrono::minutes(5));
    auto theirs = assessments_.save(second_, id, {scores(3, 3, 2, 4), std::nullopt, ""});
    ASSERT_TRUE(theirs.ok()) << theirs.error().message;

    auto sheet = assessments_.sheet(clerk_, id);
    ASSERT_TRUE(sheet.ok());
    ASSERT_EQ(sheet.value().items.size(), 2u);
    EXPECT_EQ(sheet.value().items[0].assessment.reviewerId, 3);
    EXPECT_EQ(sheet.value().items[0].weighted.hundredths, 375);
    EXPECT_EQ(sheet.value().items[1].weighted.hundredths, 288);
    // Mean (30 + 23) / 16 = 3.3125 -> 3.31, 66.25 %; spread 3.75 - 2.875 = 0.875 -> 0.88.
    EXPECT_EQ(sheet.value().mean, (services::ScoreFigure{331, 6625}));
    EXPECT_EQ(sheet.value().spread, 88);
    EXPECT_FALSE(sheet.value().editable) << "a clerk reads, never writes";

    // A reviewer edits their own; a third is refused: the grid wants two.
    auto edited = assessments_.save(first_, id, {scores(5, 3, 5, 2), Money::fromEuros(11'000), ""});
    ASSERT_TRUE(edited.ok());
    EXPECT_EQ(edited.value().items[0].weighted.hundredths, 413);  // 33 / 8 = 4.125
    auto third = assessments_.save(third_, id, {scores(1, 1, 1, 1), std::nullopt, ""});
    ASSERT_FALSE(third.ok());
    EXPECT_EQ(third.error().code, engine::ErrorCode::Conflict);
    EXPECT_FALSE(assessments_.sheet(third_, id).value().editable);

    auto summary = assessments_.summaries({store_.applications.at(id)});
    ASSERT_TRUE(summary.count(id));
    EXPECT_EQ(summary.at(id).count, 2);
    EXPECT_EQ(summary.at(id).proposedAmount, Money::fromEuros(11'000));
}

TEST_F(AssessmentServiceTest, RefusesAnIncompleteOrOutOfBoundsAssessmentFieldByField) {
    const auto id = underReview();
    auto input = services::AssessmentInput{scores(4, 6, 5, 2), Money::fromEuros(15'001), ""};
    input.scores.erase("sustainability");
    input.scores["charm"] = {3, ""};
    input.scores["relevance"].comment = std::string(2001, 'x');
    input.comment = std::string(2000, 'y');  // the limit itself is fine
    auto refused = assessments_.save(first_, id, input);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Invalid);
    EXPECT_EQ(fieldsOf(refused.error()),
              (std::vector<std::string>{"scores.relevance.comment", "scores.feasibility",
                                        "scores.sustainability", "scores.charm",
                                        "proposed_amount_cents"}));
    // 2,000 characters, not bytes: "é" is two bytes.
    input = {scores(4, 3, 5, 2), Money::fromEuros(15'000), ""};
    for (int i = 0; i < 2000; ++i) input.comment += "é";
    EXPECT_TRUE(assessments_.save(first_, id, input).ok());
    EXPECT_TRUE(assessmentStore_.rows[id].size() == 1u);
}

TEST_F(AssessmentServiceTest, OnlyTheProgrammesReviewersWriteAndOnlyDuringTheReview) {
    auto draft =
        applications_.create(applicant_, {"ZETA", 0, "Puits à Ségou", Money::fromEuros(5'000), {}});
    ASSERT_TRUE(draft.ok());
    const auto draftId = draft.value().application.id;
    auto early = assessments_.save(first_, draftId, {scores(4, 3, 5, 2), std::nullopt, ""});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, engine::ErrorCode::Conflict);

    const auto id = underReview();
    EXPECT_EQ(assessments_.save(outsider_, id, {scores(4, 3, 5, 2), std::nullopt, ""}).error().code,
              engine::ErrorCode::NotFound)
        << "a reviewer of another programme cannot see the application";
    EXPECT_EQ(assessments_.save(clerk_, id, {scores(4, 3, 5, 2), std::nullopt, ""}).error().code,
              engine::ErrorCode::Forbidden);
    EXPECT_EQ(assessments_.sheet(applicant_, id).error().code, engine::ErrorCode::Forbidden);
    EXPECT_EQ(assessments_.sheet(outsider_, id).error().code, engine::ErrorCode::NotFound);

    // The audit keeps each save; the association's view of the history does not show them.
    ASSERT_TRUE(assessments_.save(first_, id, {scores(4, 3, 5, 2), std::nullopt, ""}).ok());
    auto staffHistory = applications_.history(clerk_, id).value();
    ASSERT_EQ(staffHistory.back().action, "assess");
    EXPECT_EQ(staffHistory.back().actorId, 3);
    EXPECT_NE(staffHistory.back().details.find("\"weighted_score\":\"3.75\""), std::string::npos)
        << staffHistory.back().details;
    const auto applicantHistory = applications_.history(applicant_, id).value();
    for (const auto& e : applicantHistory) EXPECT_NE(e.action, "assess");
}

TEST_F(AssessmentServiceTest, TheApprovalGrantsTheApproversProposalElseTheOtherElseTheRequest) {
    // The approver's own proposal, though the other's is more recent.
    const auto a = underReview();
    ASSERT_TRUE(
        assessments_.save(first_, a, {scores(4, 3, 5, 2), Money::fromEuros(9'000), ""}).ok());
    clock_.advance(std::chrono::minutes(1));
    ASSERT_TRUE(
        assessments_.save(second_, a, {scores(3, 3, 2, 4), Money::fromEuros(7'000), ""}).ok());
    ASSERT_TRUE(applications_.fire(first_, a, "approve", versionOf(a), "").ok());
    EXPECT_EQ(store_.applications.at(a).amountGranted, Money::fromEuros(9'000));

    // The other reviewer's, when the approver proposes nothing.
    const auto b = underReview();
    ASSERT_TRUE(
        assessments_.save(second_, b, {scores(3, 3, 2, 4), Money::fromEuros(7'000), ""}).ok());
    ASSERT_TRUE(applications_.fire(first_, b, "approve", versionOf(b), "").ok());
    EXPECT_EQ(store_.applications.at(b).amountGranted, Money::fromEuros(7'000));

    // The request, when nobody proposes.
    const auto c = underReview();
    ASSERT_TRUE(applications_.fire(first_, c, "approve", versionOf(c), "").ok());
    EXPECT_EQ(store_.applications.at(c).amountGranted, Money::fromEuros(15'000));

    // The approval's guards check the proposal: €900 is below ZETA's €1,000.
    const auto d = underReview();
    ASSERT_TRUE(assessments_.save(first_, d, {scores(1, 1, 1, 1), Money::fromEuros(900), ""}).ok());
    auto refused = applications_.fire(first_, d, "approve", versionOf(d), "");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, engine::ErrorCode::GuardFailed);
    EXPECT_EQ(fieldsOf(refused.error()), (std::vector<std::string>{"amount_granted_cents"}));
    EXPECT_EQ(store_.applications.at(d).state, "under_review");
    EXPECT_EQ(assessments_.save(first_, a, {scores(4, 3, 5, 2), std::nullopt, ""}).error().code,
              engine::ErrorCode::Conflict)
        << "approved: the assessment is closed";
}
