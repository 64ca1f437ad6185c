#pragma once
// The storage port of the reviewers' assessments: one per reviewer per
// application, scored on the programme's grid (WorkflowDefinition::
// assessment) with an optional proposed amount. services::AssessmentService
// holds the rules (who, when, what is valid); the store keeps the rows and
// writes each save with its audit entry in one transaction.
// Implementations are thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

// The audit action of a saved assessment (kept out of the applicant's view
// of the history: an association sees nothing of its assessment).
inline constexpr const char* kAssessAuditAction = "assess";

struct CriterionScore {
    int score = 0;
    std::string comment;
    bool operator==(const CriterionScore&) const = default;
};

struct Assessment {
    std::int64_t applicationId = 0;
    std::int64_t reviewerId = 0;
    std::string reviewerName;                      // filled when read
    std::map<std::string, CriterionScore> scores;  // criterion name -> score
    std::optional<Money> proposedAmount;
    std::string comment;
    Timestamp createdAt{};
    Timestamp updatedAt{};
};

class AssessmentStore {
public:
    virtual ~AssessmentStore() = default;

    // The assessments of one application, oldest first.
    virtual std::vector<Assessment> ofApplication(std::int64_t applicationId) = 0;
    // The assessments of several applications at once (exports, annexes),
    // by application id; applications without any are absent.
    virtual std::map<std::int64_t, std::vector<Assessment>> ofApplications(
        const std::vector<std::int64_t>& applicationIds) = 0;
    // Creates or replaces the reviewer's assessment of the application
    // (createdAt kept on a replacement) and appends `audit` to the trail, in
    // one transaction. The stored assessment.
    virtual Result<Assessment> save(const Assessment& assessment, AuditEntry audit) = 0;
};

}  // namespace grantflow::engine
