// Each bundled programme end to end on the real store, SQLite and
// PostgreSQL: a complete application driven from `draft` to `paid` and on to
// `closed` along the shortest path its definition allows, with the money,
// the audit chain and the notifications checked on the way; and who may fire
// what, as a table read like a state machine's: (programme, state,
// transition, role).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "store/audit_verifier.hpp"
#include "tests/plugins/harness_test.hpp"
#include "tests/plugins/programme_samples.hpp"
#include "tests/plugins/workflow_harness.hpp"

using namespace grantflow::engine;
using grantflow::testing::BackendAndProgramme;
using grantflow::testing::describe;
using grantflow::testing::HarnessTest;
using grantflow::testing::sample;
using grantflow::testing::testCatalog;
using grantflow::testing::WorkflowHarness;

namespace {

using Names = std::vector<std::string>;

std::string programmeOf(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// --- end to end

// The shortest way through each programme, as the harness finds it (breadth
// first, transitions in file order). A grant is paid straight after the
// vote: the signed agreement is attached, so `sign_agreement` is not needed.
const std::map<std::string, Names> kPathToClosed{
    {"HEALTH",
     {"submit", "start_review", "approve", "propose", "vote", "pay", "receive_report",
      "accept_report", "close"}},
    {"WATER",
     {"submit", "start_review", "approve", "propose", "vote", "pay", "receive_report",
      "accept_report", "close"}},
    {"CULTURE_IF",
     {"submit", "start_review", "approve", "propose", "vote", "pay", "receive_report",
      "accept_report", "close"}},
    {"EMERGENCY",
     {"submit", "start_review", "approve_first", "approve", "propose", "vote", "pay",
      "receive_report", "accept_report", "close"}},
};

class ProgrammePath : public HarnessTest<BackendAndProgramme> {
protected:
    const std::string& programme() const { return std::get<1>(GetParam()); }
};

TEST_P(ProgrammePath, RunsFromDraftToPaidAndClosed) {
    WorkflowHarness& h = *this->h;
    const auto& s = sample(programme());
    h.setEnvelope(programme(), 2026, Money::fromEuros(1000000));
    const std::int64_t id = h.createDraft(programme(), s.amount, s.fields);
    ASSERT_NE(id, 0);
    h.attachAll(id);

    ASSERT_TRUE(h.driveTo(id, "voted"));
    Application app = h.application(id);
    EXPECT_EQ(app.amountGranted, s.amount);
    EXPECT_EQ(app.cityShare(), s.cityShare);
    BudgetUse use = h.store.budgetUse(programme(), 2026);
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, s.cityShare);

    ASSERT_TRUE(h.driveTo(id, "paid"));
    app = h.application(id);
    EXPECT_EQ(app.state, "paid");
    ASSERT_TRUE(app.reportDueAt);
    // The transitions alone pay nothing: each payment a finance officer
    // records moves its money (tests/integration/payments_test.cpp).
    use = h.store.budgetUse(programme(), 2026);
    EXPECT_EQ(use.committed, s.cityShare);
    EXPECT_EQ(use.paid, Money());

    ASSERT_TRUE(h.driveTo(id, "closed"));
    app = h.application(id);
    EXPECT_EQ(app.state, "closed");
    EXPECT_TRUE(app.reportReceivedAt);
    EXPECT_TRUE(h.engine.available(app, h.reviewer).empty()) << "closed is final";
    use = h.store.budgetUse(programme(), 2026);
    EXPECT_EQ(use.committed, Money()) << "closing released what was never paid";
    EXPECT_EQ(use.paid, Money());

    Names actions;  // the workflow's steps, not the files added on the way
    for (const auto& e : h.store.history(id))
        if (e.action != "attachment_added") actions.push_back(e.action);
    Names expected{"create"};
    const Names& path = kPathToClosed.at(programme());
    expected.insert(expected.end(), path.begin(), path.end());
    EXPECT_EQ(actions, expected);
    EXPECT_EQ(app.version, static_cast<std::int64_t>(expected.size()));

    const auto chain = grantflow::store::AuditVerifier(h.db).verify();
    EXPECT_TRUE(chain.ok()) << "broken at seq " << chain.brokenSeq;
    EXPECT_FALSE(h.claimOutbox().empty()) << "the path notifies the applicant and reviewers";
}

GRANTFLOW_INSTANTIATE_BACKENDS_AND_PROGRAMMES(ProgrammePath, "HEALTH", "WATER", "EMERGENCY",
                                              "CULTURE_IF");

// --- who may fire what

// One row per transition: the states it leaves and the roles that may fire
// it, written out here from the programmes' rules rather than read from the
// files, so that a change to a file's roles shows up as a failure.
struct RoleRow {
    const char* transition;
    Names from;
    std::vector<Role> roles;
};

const std::vector<RoleRow> kStandardRoles{
    {"submit", {"draft", "changes_requested"}, {Role::Applicant}},
    {"withdraw", {"draft", "submitted", "changes_requested", "under_review"}, {Role::Applicant}},
    {"start_review", {"submitted"}, {Role::Reviewer}},
    {"remind_review", {"under_review"}, {Role::System}},
    {"close_draft", {"draft"}, {Role::System}},
    {"expire_changes", {"changes_requested"}, {Role::System}},
    {"request_changes", {"submitted", "under_review"}, {Role::Reviewer}},
    {"reject", {"submitted", "under_review"}, {Role::Reviewer}},
    {"approve", {"under_review"}, {Role::Reviewer}},
    {"reopen_review", {"approved"}, {Role::Reviewer}},
    {"propose", {"approved"}, {Role::Clerk}},
    {"return_to_approved", {"proposed"}, {Role::Clerk}},
    {"vote", {"proposed"}, {Role::Clerk}},
    {"council_reject", {"proposed"}, {Role::Clerk}},
    {"sign_agreement", {"voted"}, {Role::Clerk}},
    {"pay", {"voted", "agreement_signed"}, {Role::Finance}},
    {"renounce", {"voted", "agreement_signed"}, {Role::Applicant, Role::Clerk}},
    {"receive_report", {"paid"}, {Role::Applicant, Role::Reviewer}},
    {"accept_report", {"report_received"}, {Role::Reviewer}},
    {"request_report_changes", {"report_received"}, {Role::Reviewer}},
    {"close", {"report_accepted"}, {Role::Reviewer, Role::Finance}},
};

const std::vector<RoleRow> kEmergencyRoles{
    {"submit", {"draft", "changes_requested"}, {Role::Applicant}},
    {"withdraw",
     {"draft", "submitted", "escalated", "changes_requested", "under_review"},
     {Role::Applicant}},
    {"escalate", {"submitted", "under_review"}, {Role::System}},
    {"expire_changes", {"changes_requested"}, {Role::System}},
    {"start_review", {"submitted", "escalated"}, {Role::Reviewer}},
    {"request_changes",
     {"submitted", "escalated", "under_review", "pre_approved"},
     {Role::Reviewer}},
    {"reject", {"submitted", "escalated", "under_review", "pre_approved"}, {Role::Reviewer}},
    {"approve_first", {"under_review"}, {Role::Reviewer}},
    {"remind_second_review", {"pre_approved"}, {Role::System}},
    {"approve", {"pre_approved"}, {Role::Reviewer}},
    {"reopen_review", {"approved"}, {Role::Reviewer}},
    {"propose", {"approved"}, {Role::Clerk}},
    {"return_to_approved", {"proposed"}, {Role::Clerk}},
    {"vote", {"proposed"}, {Role::Clerk}},
    {"council_reject", {"proposed"}, {Role::Clerk}},
    {"sign_agreement", {"voted"}, {Role::Clerk}},
    {"pay", {"voted", "agreement_signed"}, {Role::Finance}},
    {"renounce", {"voted", "agreement_signed"}, {Role::Applicant, Role::Clerk}},
    {"receive_report", {"paid"}, {Role::Applicant, Role::Reviewer}},
    {"accept_report", {"report_received"}, {Role::Reviewer}},
    {"request_report_changes", {"report_received"}, {Role::Reviewer}},
    {"close", {"report_accepted"}, {Role::Reviewer, Role::Finance}},
};

const std::vector<RoleRow>& roleTable(const std::string& programme) {
    return programme == "EMERGENCY" ? kEmergencyRoles : kStandardRoles;
}

bool contains(const Names& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// The transitions the table gives `role` in `state`, sorted.
Names expectedFor(const std::string& programme, const std::string& state, Role role) {
    Names out;
    for (const auto& row : roleTable(programme))
        if (contains(row.from, state) &&
            std::find(row.roles.begin(), row.roles.end(), role) != row.roles.end())
            out.push_back(row.transition);
    std::sort(out.begin(), out.end());
    return out;
}

class ProgrammeRolesDefinition : public ::testing::TestWithParam<std::string> {};

TEST_P(ProgrammeRolesDefinition, TheDefinitionHasExactlyTheTablesTransitions) {
    const WorkflowDefinition& def = *testCatalog().latest(GetParam());
    const auto& table = roleTable(GetParam());
    ASSERT_EQ(def.transitions.size(), table.size());
    for (const auto& row : table) {
        SCOPED_TRACE(row.transition);
        const Transition* t = def.transition(row.transition);
        ASSERT_TRUE(t);
        EXPECT_EQ(std::set<std::string>(t->from.begin(), t->from.end()),
                  std::set<std::string>(row.from.begin(), row.from.end()));
        EXPECT_EQ(std::set<Role>(t->roles.begin(), t->roles.end()),
                  std::set<Role>(row.roles.begin(), row.roles.end()));
    }
}

INSTANTIATE_TEST_SUITE_P(BundledWorkflows, ProgrammeRolesDefinition,
                         ::testing::Values("HEALTH", "WATER", "EMERGENCY", "CULTURE_IF"),
                         programmeOf);

class ProgrammeRoles : public HarnessTest<BackendAndProgramme> {
protected:
    const std::string& programme() const { return std::get<1>(GetParam()); }
};

// For every state of the programme, a real application is driven there;
// then, for every role, the engine offers exactly the transitions the table
// gives that role in that state, and refuses (Forbidden) to fire any other
// transition leaving the state. Applicants of another organisation and
// reviewers not assigned to the programme get nothing.
TEST_P(ProgrammeRoles, EachTransitionIsAvailableExactlyToTheRolesTheDefinitionNames) {
    WorkflowHarness& h = *this->h;
    const auto& s = sample(programme());
    h.setEnvelope(programme(), 2026, Money::fromEuros(1000000));
    const WorkflowDefinition& def = *h.catalog.latest(programme());

    struct Who {
        const char* name;
        Actor actor;
        std::optional<Role> role;  // the role whose rows apply; none: nothing is allowed
    };
    const std::vector<Who> everyone{
        {"applicant", h.applicant, Role::Applicant},
        {"applicant of another organisation", h.otherApplicant, std::nullopt},
        {"reviewer", h.reviewer, Role::Reviewer},
        {"reviewer of other programmes", h.outsider, std::nullopt},
        {"clerk", h.clerk, Role::Clerk},
        {"finance officer", h.finance, Role::Finance},
        {"admin", h.admin, Role::Admin},
        {"system", Actor::system(), Role::System},
    };

    int checked = 0;
    for (const auto& state : def.states) {
        SCOPED_TRACE("state " + state.name);
        const std::int64_t id = h.createDraft(programme(), s.amount, s.fields);
        ASSERT_NE(id, 0);
        h.attachAll(id);
        ASSERT_TRUE(h.driveTo(id, state.name));
        const Application app = h.application(id);
        ASSERT_EQ(app.state, state.name);

        for (const auto& who : everyone) {
            SCOPED_TRACE(who.name);
            Names offered;
            for (const Transition* t : h.engine.available(app, who.actor))
                offered.push_back(t->name);
            std::sort(offered.begin(), offered.end());
            const Names expected =
                who.role ? expectedFor(programme(), state.name, *who.role) : Names{};
            EXPECT_EQ(offered, expected);

            for (const auto& row : roleTable(programme())) {
                if (!contains(row.from, state.name) || contains(expected, row.transition)) continue;
                const std::string comment = "A reason, so that only the role decides.";
                auto r = h.engine.fire(id, row.transition, who.actor, app.version, comment);
                ASSERT_FALSE(r.ok()) << row.transition << " fired";
                EXPECT_EQ(r.error().code, ErrorCode::Forbidden)
                    << row.transition << ": " << describe(r.error());
                ++checked;
            }
        }
        EXPECT_EQ(h.application(id).version, app.version) << "a refused transition wrote";
    }
    EXPECT_GT(checked, 0);
}

GRANTFLOW_INSTANTIATE_BACKENDS_AND_PROGRAMMES(ProgrammeRoles, "HEALTH", "WATER", "EMERGENCY",
                                              "CULTURE_IF");

}  // namespace
