#pragma once
// The plan of a migration of running applications from one version of a
// programme's workflow to another, and the rules that refuse it
// (docs/workflows.md, "Migrating running applications"):
// - running applications are those not in a final state of the old version;
// - a state of the old version that the new one lacks must be mapped; a map
//   names states of the old version and states of the new one;
// - an application keeps what the budget ledger holds for it only in a state
//   where the new version can hold the same (a reservation, a commitment,
//   a payment), as the budget actions of its transitions show;
// - an application with a pending deadline goes only to a state that has a
//   deadline in the new version.
// Pure functions; thread-safe.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/workflow_definition.hpp"
#include "engine/workflow_version_store.hpp"

namespace grantflow::services {

struct MigrationRequest {
    std::string programme;
    int from = 0;
    int to = 0;
    std::map<std::string, std::string> map;  // old state -> new state
};

struct MigrationPlan {
    std::vector<engine::ApplicationMove> moves;
    std::vector<std::string> references;  // moves[i]'s reference
};

// What the budget ledger can hold for an application in each state of a
// definition, following the budget actions of the transitions from the
// initial state (where nothing is held).
std::map<std::string, std::set<engine::BudgetHolding>> budgetHoldings(
    const engine::WorkflowDefinition& def);

// Invalid, with a reason per problem (field "map" for the mapping,
// "applications" for an application that cannot move), when refused.
engine::Result<MigrationPlan> planMigration(
    const engine::WorkflowDefinition& from, const engine::WorkflowDefinition& to,
    const std::map<std::string, std::string>& map,
    const std::vector<engine::VersionedApplication>& applications);

}  // namespace grantflow::services
