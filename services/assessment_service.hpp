#pragma once
// The reviewers' assessments of an application on its programme's grid
// (WorkflowDefinition::assessment): each reviewer of the programme writes
// their own, scores for every criterion and optionally the amount they
// propose to grant, while the application is in a state its `approve`
// transition leaves; the grid's `reviewers` caps how many reviewers assess
// one application. Staff who may read the application read every
// assessment with its weighted score, the mean and the spread between
// reviewers; the association sees nothing of it (the routes refuse
// applicants, and their history leaves out the `assess` entries).
//
// Weighted score = sum(score x weight) / sum(weights), on the grid's scale
// and as a percentage of it, rounded half up to two decimals; the mean and
// the spread (highest minus lowest) are computed on the exact scores.
// Thread-safe: no mutable state.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/assessment_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_definition.hpp"
#include "services/application_service.hpp"

namespace grantflow::services {

inline constexpr std::size_t kMaxAssessmentComment = 2000;  // characters, each comment

// A score on the grid's scale and as a percentage of the scale, both in
// hundredths (3.75 -> 375; 75 % -> 7500).
struct ScoreFigure {
    std::int64_t hundredths = 0;
    std::int64_t percentHundredths = 0;
    bool operator==(const ScoreFigure&) const = default;
};

// Everything about one application's assessments, for the staff.
struct AssessmentSheet {
    const engine::AssessmentGrid* grid = nullptr;  // null: the programme has no grid
    struct Item {
        engine::Assessment assessment;
        ScoreFigure weighted;
    };
    std::vector<Item> items;             // oldest first
    std::optional<ScoreFigure> mean;     // of the weighted scores; none without assessments
    std::optional<std::int64_t> spread;  // hundredths on the scale: highest - lowest
    bool editable = false;               // the caller may write their assessment now
};

// What the lists and documents show of an application's assessments.
struct AssessmentSummary {
    std::optional<ScoreFigure> mean;
    int count = 0;
    // The most recently changed proposal (what `grant_proposed` falls back
    // to); none when no reviewer proposes an amount.
    std::optional<engine::Money> proposedAmount;
};

// The weighted score of `scores` on `grid` (every criterion scored).
ScoreFigure weightedScore(const engine::AssessmentGrid& grid,
                          const std::map<std::string, engine::CriterionScore>& scores);
// The summary of `assessments` of one application on `grid`.
AssessmentSummary summarise(const engine::AssessmentGrid& grid,
                            const std::vector<engine::Assessment>& assessments);
// "3.75" from 375.
std::string formatHundredths(std::int64_t hundredths);

struct AssessmentInput {
    std::map<std::string, engine::CriterionScore> scores;
    std::optional<engine::Money> proposedAmount;
    std::string comment;
};

class AssessmentService {
public:
    AssessmentService(ApplicationService& applications, engine::AssessmentStore& store,
                      const engine::Clock& clock);

    // NotFound when the caller may not see the application (a reviewer of
    // another programme); Forbidden for anyone but a reviewer of its
    // programme; Conflict when the programme has no grid, the application
    // is not in a review state, or the grid's reviewers already assessed it;
    // Invalid, one reason per problem ("scores.<criterion>",
    // "scores.<criterion>.comment", "proposed_amount_cents", "comment").
    engine::Result<AssessmentSheet> save(const engine::Actor& actor, std::int64_t applicationId,
                                         const AssessmentInput& input);
    // NotFound as for save; Forbidden for applicants.
    engine::Result<AssessmentSheet> sheet(const engine::Actor& actor, std::int64_t applicationId);
    // Summaries of `applications` the caller already had the right to see,
    // by application id (those of a programme without a grid are absent).
    std::map<std::int64_t, AssessmentSummary> summaries(
        const std::vector<engine::Application>& applications);

private:
    AssessmentSheet sheetOf(const engine::Actor& actor, const engine::Application& app);

    ApplicationService& applications_;
    engine::AssessmentStore& store_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
