#pragma once
// What changes between two versions of a programme's workflow, state by
// state and transition by transition, for an administrator deciding whether
// to publish a candidate: added, removed, or changed with each aspect that
// differs (roles, guards, actions, source and target states, deadlines…).
// Guards and actions are compared with their parameters, as written in the
// definitions' JSON. Pure function; thread-safe.

#include <string>
#include <vector>

#include "engine/workflow_definition.hpp"

namespace grantflow::services {

struct AspectChange {
    std::string aspect;  // e.g. "roles", "guards", "to", "deadline"
    std::string before;
    std::string after;
    bool operator==(const AspectChange&) const = default;
};

struct ElementChange {
    enum class Kind { Added, Removed, Changed };
    std::string name;
    Kind kind = Kind::Changed;
    std::vector<AspectChange> aspects;  // Changed only
};

const char* toString(ElementChange::Kind k);

struct WorkflowDiff {
    std::string programme;
    int fromVersion = 0;  // 0: nothing published yet
    int toVersion = 0;
    std::vector<ElementChange> states;       // in the order of the candidate, removed last
    std::vector<ElementChange> transitions;  // likewise
    bool empty() const { return states.empty() && transitions.empty(); }
};

// `before` may be null (a programme published for the first time: every
// state and transition is added).
WorkflowDiff diffWorkflows(const engine::WorkflowDefinition* before,
                           const engine::WorkflowDefinition& after);

// The diff as lines of text, for the command line:
//   "+ state paid", "- transition pay", "~ transition approve: roles: reviewer -> reviewer, clerk"
std::string formatDiff(const WorkflowDiff& diff);

}  // namespace grantflow::services
