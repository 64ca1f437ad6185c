#pragma once
// A complete application for each programme of workflows/ (every required
// field valid, an amount within the programme's bounds), and the way money
// gets onto an Oudin-Santini line: approved WATER applications.

#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/money.hpp"

namespace grantflow::testing {

class WorkflowHarness;

struct Sample {
    std::string programme;
    engine::Money amount;     // requested, and granted on approval
    engine::Money cityShare;  // what the envelope reserves (CULTURE_IF: half)
    engine::FieldValues fields;
};

// HEALTH, WATER, EMERGENCY, CULTURE_IF.
const std::vector<Sample>& samples();
// Throws std::out_of_range for another programme.
const Sample& sample(const std::string& programme);

// Approves WATER applications of `h.applicant` whose domain is `line`
// ("water" or "sanitation") through the engine — at most 200,000 EUR each,
// the programme's maximum — until `total` is reserved on that line of the
// 2026 envelope. The envelope must be set and the caps must allow it.
void reserveOnWaterLine(WorkflowHarness& h, const std::string& line, engine::Money total);

}  // namespace grantflow::testing
