#include "services/assessment_service.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

#include "services/visibility.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

namespace {

// round(numerator / denominator), half up; both non-negative.
std::int64_t roundedRatio(std::int64_t numerator, std::int64_t denominator) {
    return (2 * numerator + denominator) / (2 * denominator);
}

std::int64_t totalWeight(const engine::AssessmentGrid& grid) {
    std::int64_t total = 0;
    for (const auto& c : grid.criteria) total += c.weight;
    return total;
}

// sum(score x weight), the numerator of the weighted score.
std::int64_t weightedSum(const engine::AssessmentGrid& grid,
                         const std::map<std::string, engine::CriterionScore>& scores) {
    std::int64_t sum = 0;
    for (const auto& c : grid.criteria) {
        auto it = scores.find(c.name);
        if (it != scores.end()) sum += static_cast<std::int64_t>(it->second.score) * c.weight;
    }
    return sum;
}

// The figure of `sum` / (`count` x total weight): `count` assessments' sums added.
ScoreFigure figureOf(const engine::AssessmentGrid& grid, std::int64_t sum, std::int64_t count) {
    const std::int64_t weights = totalWeight(grid) * count;
    const std::int64_t span = grid.scaleMax - grid.scaleMin;
    ScoreFigure f;
    f.hundredths = roundedRatio(100 * sum, weights);
    f.percentHundredths = roundedRatio(10000 * (sum - grid.scaleMin * weights), span * weights);
    return f;
}

std::size_t characters(const std::string& utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::vector<engine::Reason> validate(const engine::AssessmentGrid& grid,
                                     const engine::Application& app, const AssessmentInput& in) {
    std::vector<engine::Reason> reasons;
    const std::string scale =
        std::to_string(grid.scaleMin) + " to " + std::to_string(grid.scaleMax);
    const std::string limit = std::to_string(kMaxAssessmentComment);
    for (const auto& c : grid.criteria) {
        auto it = in.scores.find(c.name);
        const std::string field = "scores." + c.name;
        if (it == in.scores.end()) {
            reasons.push_back({field, "every criterion must be scored", ""});
            continue;
        }
        if (it->second.score < grid.scaleMin || it->second.score > grid.scaleMax)
            reasons.push_back({field, "the score must be a whole number from " + scale, ""});
        if (characters(it->second.comment) > kMaxAssessmentComment)
            reasons.push_back({field + ".comment", "must be at most " + limit + " characters", ""});
    }
    for (const auto& [name, _] : in.scores)
        if (!grid.criterion(name))
            reasons.push_back(
                {"scores." + name, "is not a criterion of programme " + app.programme, ""});
    if (characters(in.comment) > kMaxAssessmentComment)
        reasons.push_back({"comment", "must be at most " + limit + " characters", ""});
    if (in.proposedAmount) {
        if (*in.proposedAmount <= engine::Money())
            reasons.push_back({"proposed_amount_cents", "must be a positive number of cents", ""});
        else if (*in.proposedAmount > app.amountRequested)
            reasons.push_back({"proposed_amount_cents",
                               "the proposal " + in.proposedAmount->toString() +
                                   " is above the amount requested, " +
                                   app.amountRequested.toString(),
                               ""});
    }
    return reasons;
}

std::string auditDetails(const ScoreFigure& weighted, const AssessmentInput& in) {
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("weighted_score", formatHundredths(weighted.hundredths));
    if (in.proposedAmount) details.set("proposed_amount_cents", in.proposedAmount->cents());
    std::ostringstream out;
    details.stringify(out);
    return out.str();
}

}  // namespace

ScoreFigure weightedScore(const engine::AssessmentGrid& grid,
                          const std::map<std::string, engine::CriterionScore>& scores) {
    return figureOf(grid, weightedSum(grid, scores), 1);
}

AssessmentSummary summarise(const engine::AssessmentGrid& grid,
                            const std::vector<engine::Assessment>& assessments) {
    AssessmentSummary s;
    s.count = static_cast<int>(assessments.size());
    if (assessments.empty()) return s;
    std::int64_t sum = 0;
    const engine::Assessment* latest = nullptr;
    for (const auto& a : assessments) {
        sum += weightedSum(grid, a.scores);
        if (a.proposedAmount && (!latest || a.updatedAt >= latest->updatedAt)) latest = &a;
    }
    s.mean = figureOf(grid, sum, s.count);
    if (latest) s.proposedAmount = latest->proposedAmount;
    return s;
}

std::string formatHundredths(std::int64_t hundredths) {
    const std::int64_t cents = hundredths % 100;
    return std::to_string(hundredths / 100) + (cents < 10 ? ".0" : ".") + std::to_string(cents);
}

AssessmentService::AssessmentService(ApplicationService& applications,
                                     engine::AssessmentStore& store, const engine::Clock& clock)
    : applications_(applications), store_(store), clock_(clock) {}

AssessmentSheet AssessmentService::sheetOf(const engine::Actor& actor,
                                           const engine::Application& app) {
    AssessmentSheet sheet;
    const engine::WorkflowDefinition* def = applications_.definitionOf(app);
    if (!def || !def->assessment) return sheet;
    const engine::AssessmentGrid& grid = *def->assessment;
    sheet.grid = &grid;
    std::int64_t sum = 0, lowest = 0, highest = 0;
    bool mine = false;
    for (auto& a : store_.ofApplication(app.id)) {
        const std::int64_t s = weightedSum(grid, a.scores);
        lowest = sheet.items.empty() ? s : std::min(lowest, s);
        highest = sheet.items.empty() ? s : std::max(highest, s);
        sum += s;
        mine = mine || a.reviewerId == actor.userId;
        ScoreFigure weighted = figureOf(grid, s, 1);
        sheet.items.push_back({std::move(a), weighted});
    }
    if (!sheet.items.empty()) {
        sheet.mean = figureOf(grid, sum, static_cast<std::int64_t>(sheet.items.size()));
        sheet.spread = roundedRatio(100 * (highest - lowest), totalWeight(grid));
    }
    sheet.editable = actor.role == engine::Role::Reviewer && actor.assignedTo(app.programme) &&
                     def->assessableIn(app.state) &&
                     (mine || static_cast<int>(sheet.items.size()) < grid.reviewers);
    return sheet;
}

engine::Result<AssessmentSheet> AssessmentService::sheet(const engine::Actor& actor,
                                                         std::int64_t applicationId) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    if (actor.role == engine::Role::Applicant)
        return makeError(ErrorCode::Forbidden, "the assessments are the City's internal work");
    return sheetOf(actor, app.value());
}

engine::Result<AssessmentSheet> AssessmentService::save(const engine::Actor& actor,
                                                        std::int64_t applicationId,
                                                        const AssessmentInput& input) {
    auto found = applications_.find(actor, applicationId);
    if (!found) return found.error();
    const engine::Application& app = found.value();
    if (actor.role != engine::Role::Reviewer || !actor.assignedTo(app.programme))
        return makeError(ErrorCode::Forbidden,
                         "only the reviewers of programme " + app.programme + " assess it");
    const engine::WorkflowDefinition* def = applications_.definitionOf(app);
    if (!def || !def->assessment)
        return makeError(ErrorCode::Conflict,
                         "programme " + app.programme + " has no assessment grid");
    if (!def->assessableIn(app.state))
        return makeError(ErrorCode::Conflict,
                         "an assessment is written during the review; the "
                         "application is in state `" +
                             app.state + "`");
    const engine::AssessmentGrid& grid = *def->assessment;
    const auto existing = store_.ofApplication(app.id);
    const bool mine = std::any_of(existing.begin(), existing.end(),
                                  [&](const auto& a) { return a.reviewerId == actor.userId; });
    if (!mine && static_cast<int>(existing.size()) >= grid.reviewers)
        return makeError(
            ErrorCode::Conflict,
            "the application already has its " + std::to_string(grid.reviewers) + " assessment(s)");
    if (auto reasons = validate(grid, app, input); !reasons.empty())
        return makeError(ErrorCode::Invalid, "the assessment has invalid values",
                         std::move(reasons));

    const engine::Timestamp now = clock_.now();
    engine::Assessment a;
    a.applicationId = app.id;
    a.reviewerId = actor.userId;
    a.scores = input.scores;
    a.proposedAmount = input.proposedAmount;
    a.comment = input.comment;
    a.createdAt = a.updatedAt = now;
    engine::AuditEntry audit;
    audit.applicationId = app.id;
    audit.actorId = actor.userId;
    audit.actorRole = engine::toString(actor.role);
    audit.action = engine::kAssessAuditAction;
    audit.fromState = audit.toState = app.state;
    audit.at = now;
    audit.details = auditDetails(weightedScore(grid, input.scores), input);
    auto saved = store_.save(a, std::move(audit));
    if (!saved) return saved.error();
    return sheetOf(actor, app);
}

std::map<std::int64_t, AssessmentSummary> AssessmentService::summaries(
    const std::vector<engine::Application>& applications) {
    std::map<std::int64_t, const engine::AssessmentGrid*> grids;
    std::vector<std::int64_t> ids;
    for (const auto& app : applications) {
        const engine::WorkflowDefinition* def = applications_.definitionOf(app);
        if (!def || !def->assessment) continue;
        grids[app.id] = &*def->assessment;
        ids.push_back(app.id);
    }
    std::map<std::int64_t, AssessmentSummary> out;
    for (const auto& [id, assessments] : store_.ofApplications(ids))
        out[id] = summarise(*grids.at(id), assessments);
    return out;
}

}  // namespace grantflow::services
