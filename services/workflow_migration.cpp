#include "services/workflow_migration.hpp"

#include <deque>

namespace grantflow::services {

namespace {

using engine::BudgetHolding;
using engine::ErrorCode;
using engine::makeError;
using engine::WorkflowDefinition;

// The holding after one action of a transition; unchanged for any other
// action (plugins' actions do not move the budget).
BudgetHolding after(BudgetHolding h, const std::string& action) {
    if (action == "reserve_budget" && h == BudgetHolding::None) return BudgetHolding::Reserved;
    if (action == "release_budget" && h == BudgetHolding::Reserved) return BudgetHolding::None;
    if (action == "commit_budget" && h == BudgetHolding::Reserved) return BudgetHolding::Committed;
    if (action == "release_commitment" && h == BudgetHolding::Committed) return BudgetHolding::None;
    if (action == "pay_budget" && h == BudgetHolding::Committed) return BudgetHolding::Paid;
    return h;
}

std::string holdingsText(const std::set<BudgetHolding>& hs) {
    std::string out;
    for (auto h : hs) out += (out.empty() ? "`" : " or `") + std::string(engine::toString(h)) + "`";
    return out.empty() ? "nothing (unreachable state)" : "only " + out;
}

// The most reasons one refusal lists: enough to fix a mapping, not a wall.
constexpr std::size_t kMaxApplicationReasons = 50;

}  // namespace

std::map<std::string, std::set<BudgetHolding>> budgetHoldings(const WorkflowDefinition& def) {
    std::map<std::string, std::set<BudgetHolding>> holds;
    if (def.states.empty()) return holds;
    // Breadth-first over (state, what it holds): each pair is expanded once.
    std::deque<std::pair<std::string, BudgetHolding>> frontier{
        {def.initialState().name, BudgetHolding::None}};
    holds[def.initialState().name].insert(BudgetHolding::None);
    while (!frontier.empty()) {
        auto [state, holding] = frontier.front();
        frontier.pop_front();
        for (const auto& t : def.transitions) {
            if (!t.leaves(state)) continue;
            BudgetHolding h = holding;
            for (const auto& a : t.actions) h = after(h, a.name);
            if (holds[t.to].insert(h).second) frontier.push_back({t.to, h});
        }
    }
    return holds;
}

engine::Result<MigrationPlan> planMigration(
    const WorkflowDefinition& from, const WorkflowDefinition& to,
    const std::map<std::string, std::string>& map,
    const std::vector<engine::VersionedApplication>& applications) {
    std::vector<engine::Reason> reasons;
    for (const auto& [old, target] : map) {
        if (!from.state(old))
            reasons.push_back({"map",
                               "`" + old + "` is not a state of " + from.programme + " version " +
                                   std::to_string(from.version),
                               ""});
        if (!to.state(target))
            reasons.push_back({"map",
                               "`" + target + "` (for `" + old + "`) is not a state of " +
                                   to.programme + " version " + std::to_string(to.version),
                               ""});
    }
    std::vector<std::string> lost;
    for (const auto& s : from.states)
        if (!s.final && !to.state(s.name) && !map.count(s.name)) lost.push_back(s.name);
    if (!lost.empty()) {
        std::string names;
        for (const auto& n : lost) names += (names.empty() ? "" : ", ") + n;
        reasons.push_back({"map",
                           "states of version " + std::to_string(from.version) +
                               " absent from version " + std::to_string(to.version) +
                               " must be mapped (--map OLD=NEW): " + names,
                           ""});
    }
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the state mapping is refused", reasons);

    const auto holdings = budgetHoldings(to);
    MigrationPlan plan;
    std::size_t refused = 0;
    for (const auto& app : applications) {
        const engine::StateSpec* state = from.state(app.state);
        if (state && state->final) continue;  // finished: stays on its version
        auto mapped = map.find(app.state);
        const std::string target = mapped != map.end() ? mapped->second : app.state;
        const engine::StateSpec* next = to.state(target);
        std::string problem;
        if (!next) {
            problem = "its state `" + app.state + "` is not in version " +
                      std::to_string(from.version) + " and is not mapped";
        } else if (auto h = holdings.find(target);
                   h == holdings.end() || !h->second.count(app.holding)) {
            problem = std::string("the budget ledger holds `") + engine::toString(app.holding) +
                      "` for it; version " + std::to_string(to.version) + " holds " +
                      holdingsText(h == holdings.end() ? std::set<BudgetHolding>{} : h->second) +
                      " in `" + target + "`";
        } else if (app.deadlinePending && !next->deadline) {
            problem = "its pending deadline would be lost: `" + target + "` has no deadline in " +
                      "version " + std::to_string(to.version);
        }
        if (!problem.empty()) {
            if (++refused <= kMaxApplicationReasons)
                reasons.push_back(
                    {"applications",
                     app.reference + " (" + app.state + " -> " + target + "): " + problem, ""});
            continue;
        }
        plan.moves.push_back({app.id, app.version, app.state, target});
        plan.references.push_back(app.reference);
    }
    if (refused > kMaxApplicationReasons)
        reasons.push_back({"applications",
                           "and " + std::to_string(refused - kMaxApplicationReasons) + " more",
                           ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid,
                         std::to_string(refused) + " application(s) cannot be migrated", reasons);
    return plan;
}

}  // namespace grantflow::services
