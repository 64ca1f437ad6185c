// The diff of two workflow versions, the rules of a migration between them,
// and the publication rules of WorkflowVersionService over an in-memory store.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine/step_registry.hpp"
#include "services/deliberation_documents.hpp"
#include "services/workflow_diff.hpp"
#include "services/workflow_migration.hpp"
#include "services/workflow_version_service.hpp"
#include "tests/services/workflow_versions_data.hpp"

namespace grantflow::testing {
namespace {

using engine::BudgetHolding;
using engine::ErrorCode;
using engine::Role;
using services::ElementChange;

class FixedClock final : public engine::Clock {
public:
    engine::Timestamp now() const override {
        return engine::Timestamp{std::chrono::seconds{1'780'000'000}};
    }
};

// Published versions in memory; migrate() records what it was asked.
class MemoryVersionStore final : public engine::WorkflowVersionStore {
public:
    engine::Result<engine::PublishedWorkflow> publish(const engine::PublishedWorkflow& v,
                                                      const engine::Actor&) override {
        for (const auto& p : rows)
            if (p.programme == v.programme && p.version >= v.version)
                return engine::makeError(ErrorCode::Conflict, "not above the version in force");
        rows.push_back(v);
        return v;
    }
    std::vector<engine::PublishedWorkflow> published() override { return rows; }
    std::vector<engine::VersionedApplication> applicationsOnVersion(const std::string&,
                                                                    int) override {
        return applications;
    }
    engine::MigrationOutcome migrate(const std::string&, int, int,
                                     const std::vector<engine::ApplicationMove>& moves,
                                     const engine::Actor&, engine::Timestamp) override {
        migrated = moves;
        return {static_cast<int>(moves.size()), {}};
    }

    std::vector<engine::PublishedWorkflow> rows;
    std::vector<engine::VersionedApplication> applications;
    std::vector<engine::ApplicationMove> migrated;
};

engine::Registry builtins() {
    engine::Registry r;
    engine::registerBuiltinSteps(r);
    return r;
}

class WorkflowVersionsTest : public ::testing::Test {
protected:
    engine::WorkflowDefinition load(const std::string& text) {
        return engine::parseDefinition(text, "test.json", registry_);
    }
    const ElementChange* find(const std::vector<ElementChange>& changes, const std::string& name) {
        auto it = std::find_if(changes.begin(), changes.end(),
                               [&](const ElementChange& c) { return c.name == name; });
        return it == changes.end() ? nullptr : &*it;
    }
    engine::VersionedApplication app(std::int64_t id, const std::string& state,
                                     BudgetHolding holding = BudgetHolding::None,
                                     bool deadline = false) {
        return {id, "GRANTS-2026-" + std::to_string(id), state, 3, deadline, holding};
    }

    engine::Registry registry_ = builtins();
    engine::WorkflowDefinition v1_ = load(kGrantsV1);
    engine::WorkflowDefinition v2_ = load(kGrantsV2);
};

TEST_F(WorkflowVersionsTest, DiffListsAddedRemovedAndChangedStates) {
    auto diff = services::diffWorkflows(&v1_, v2_);
    EXPECT_EQ(diff.fromVersion, 1);
    EXPECT_EQ(diff.toVersion, 2);
    ASSERT_NE(find(diff.states, "under_review"), nullptr);
    EXPECT_EQ(find(diff.states, "under_review")->kind, ElementChange::Kind::Added);
    ASSERT_NE(find(diff.states, "escalated"), nullptr);
    EXPECT_EQ(find(diff.states, "escalated")->kind, ElementChange::Kind::Removed);
    const auto* submitted = find(diff.states, "submitted");
    ASSERT_NE(submitted, nullptr);
    EXPECT_EQ(submitted->kind, ElementChange::Kind::Changed);
    EXPECT_EQ(submitted->aspects, (std::vector<services::AspectChange>{
                                      {"deadline", "P5D then escalate", "P10D then remind"}}));
    EXPECT_EQ(find(diff.states, "approved"), nullptr) << "unchanged states are not listed";
}

TEST_F(WorkflowVersionsTest, DiffShowsRolesGuardsWithParametersAndSources) {
    auto diff = services::diffWorkflows(&v1_, v2_);
    const auto* approve = find(diff.transitions, "approve");
    ASSERT_NE(approve, nullptr);
    std::map<std::string, services::AspectChange> byAspect;
    for (const auto& a : approve->aspects) byAspect[a.aspect] = a;
    EXPECT_EQ(byAspect["from"].before, "submitted, escalated");
    EXPECT_EQ(byAspect["from"].after, "under_review");
    EXPECT_EQ(byAspect["roles"].after, "reviewer, clerk");
    EXPECT_EQ(byAspect["guards"].before, "(none)");
    EXPECT_NE(byAspect["guards"].after.find("\"max_cents\":500000"), std::string::npos)
        << byAspect["guards"].after;
    EXPECT_EQ(byAspect.count("actions"), 0u);
    EXPECT_EQ(find(diff.transitions, "escalate")->kind, ElementChange::Kind::Removed);
    EXPECT_EQ(find(diff.transitions, "start_review")->kind, ElementChange::Kind::Added);
    EXPECT_EQ(find(diff.transitions, "vote"), nullptr);
}

TEST_F(WorkflowVersionsTest, DiffOfAChangedTargetAndGuardParameter) {
    auto changed = load([] {
        std::string t = kGrantsV2;
        const std::string bound = "\"max_cents\": 500000";
        t.replace(t.find(bound), bound.size(), "\"max_cents\": 900000");
        const std::string remind = "\"from\": \"submitted\", \"to\": \"submitted\"";
        t.replace(t.find(remind), remind.size(),
                  "\"from\": \"submitted\", \"to\": \"under_review\"");
        return t;
    }());
    auto diff = services::diffWorkflows(&v2_, changed);
    EXPECT_TRUE(diff.states.empty());
    ASSERT_EQ(diff.transitions.size(), 2u);
    EXPECT_EQ(diff.transitions[0].name, "remind");
    EXPECT_EQ(diff.transitions[0].aspects,
              (std::vector<services::AspectChange>{{"to", "submitted", "under_review"}}));
    EXPECT_EQ(diff.transitions[1].name, "approve");
    ASSERT_EQ(diff.transitions[1].aspects.size(), 1u);
    EXPECT_EQ(diff.transitions[1].aspects[0].aspect, "guards");
    EXPECT_NE(diff.transitions[1].aspects[0].before.find("500000"), std::string::npos);
    EXPECT_NE(diff.transitions[1].aspects[0].after.find("900000"), std::string::npos);
}

TEST_F(WorkflowVersionsTest, DiffAgainstNothingAddsEverythingAndIdenticalIsEmpty) {
    auto first = services::diffWorkflows(nullptr, v1_);
    EXPECT_EQ(first.fromVersion, 0);
    EXPECT_EQ(first.states.size(), v1_.states.size());
    EXPECT_EQ(first.transitions.size(), v1_.transitions.size());
    EXPECT_TRUE(services::diffWorkflows(&v1_, v1_).empty());
    EXPECT_NE(services::formatDiff(services::diffWorkflows(&v1_, v2_)).find("- state escalated"),
              std::string::npos);
}

TEST_F(WorkflowVersionsTest, BudgetHoldingsFollowTheBudgetActions) {
    auto holds = services::budgetHoldings(v1_);
    EXPECT_EQ(holds["submitted"], std::set<BudgetHolding>{BudgetHolding::None});
    EXPECT_EQ(holds["approved"], std::set<BudgetHolding>{BudgetHolding::Reserved});
    EXPECT_EQ(holds["voted"], std::set<BudgetHolding>{BudgetHolding::Committed});
    EXPECT_EQ(holds["closed"], std::set<BudgetHolding>{BudgetHolding::Paid});
}

TEST_F(WorkflowVersionsTest, AStateLostWithoutAMappingIsRefusedByName) {
    auto plan = services::planMigration(v1_, v2_, {}, {app(1, "submitted")});
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.error().code, ErrorCode::Invalid);
    ASSERT_EQ(plan.error().reasons.size(), 1u);
    EXPECT_EQ(plan.error().reasons[0].field, "map");
    EXPECT_NE(plan.error().reasons[0].message.find("escalated"), std::string::npos);
}

TEST_F(WorkflowVersionsTest, AMappingToAStateThatDoesNotExistIsRefused) {
    auto plan = services::planMigration(v1_, v2_, {{"escalated", "reviewing"}}, {});
    ASSERT_FALSE(plan);
    EXPECT_NE(plan.error().reasons.at(0).message.find("`reviewing`"), std::string::npos);
    auto unknownSource =
        services::planMigration(v1_, v2_, {{"escalated", "under_review"}, {"limbo", "draft"}}, {});
    ASSERT_FALSE(unknownSource);
    EXPECT_NE(unknownSource.error().reasons.at(0).message.find("`limbo`"), std::string::npos);
}

TEST_F(WorkflowVersionsTest, APlanMapsRunningApplicationsAndLeavesFinishedOnes) {
    auto plan = services::planMigration(
        v1_, v2_, {{"escalated", "under_review"}},
        {app(1, "escalated"), app(2, "approved", BudgetHolding::Reserved),
         app(3, "closed", BudgetHolding::Paid), app(4, "submitted", BudgetHolding::None, true)});
    ASSERT_TRUE(plan) << plan.error().message;
    ASSERT_EQ(plan.value().moves.size(), 3u);
    EXPECT_EQ(plan.value().moves[0].toState, "under_review");
    EXPECT_EQ(plan.value().moves[1].toState, "approved");
    EXPECT_EQ(plan.value().moves[2].toState, "submitted");
    EXPECT_EQ(plan.value().moves[2].version, 3);
    EXPECT_EQ(plan.value().references[0], "GRANTS-2026-1");
}

TEST_F(WorkflowVersionsTest, AReservationCannotMoveToAStateThatHoldsNone) {
    auto plan = services::planMigration(
        v1_, v2_, {{"escalated", "under_review"}, {"approved", "under_review"}},
        {app(7, "approved", BudgetHolding::Reserved)});
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.error().reasons.at(0).field, "applications");
    EXPECT_NE(plan.error().reasons.at(0).message.find("GRANTS-2026-7 (approved -> under_review)"),
              std::string::npos)
        << plan.error().reasons.at(0).message;
    EXPECT_NE(plan.error().reasons.at(0).message.find("`reserved`"), std::string::npos);
}

TEST_F(WorkflowVersionsTest, APendingDeadlineCannotBeLost) {
    auto plan = services::planMigration(
        v1_, v2_, {{"escalated", "under_review"}, {"submitted", "under_review"}},
        {app(8, "submitted", BudgetHolding::None, true)});
    ASSERT_FALSE(plan);
    EXPECT_NE(plan.error().reasons.at(0).message.find("deadline"), std::string::npos);
}

class WorkflowVersionServiceTest : public WorkflowVersionsTest {
protected:
    MemoryVersionStore store_;
    FixedClock clock_;
    engine::WorkflowCatalog catalog_;
    services::WorkflowVersionService service_{catalog_, registry_, store_, clock_};
    const engine::Actor admin_{1, Role::Admin, std::nullopt, {}};
    const engine::Actor auditor_{2, Role::Auditor, std::nullopt, {}};
    const engine::Actor clerk_{3, Role::Clerk, std::nullopt, {}};
};

TEST_F(WorkflowVersionServiceTest, PublishingAddsTheVersionInForceToTheCatalog) {
    ASSERT_TRUE(service_.publish(admin_, kGrantsV1, "v1.json", "test"));
    auto second = service_.publish(admin_, kGrantsV2, "v2.json", "test");
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second.value().digest, services::definitionDigest(kGrantsV2));
    ASSERT_NE(catalog_.latest("GRANTS"), nullptr);
    EXPECT_EQ(catalog_.latest("GRANTS")->version, 2);
    EXPECT_NE(catalog_.find("GRANTS", 1), nullptr) << "running applications keep version 1";
    EXPECT_EQ(store_.rows.size(), 2u);
}

TEST_F(WorkflowVersionServiceTest, OnlyAdministratorsPublishAndAuditorsMayRead) {
    EXPECT_EQ(service_.publish(auditor_, kGrantsV1, "v1.json", "t").error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_.diff(clerk_, kGrantsV1, "v1.json").error().code, ErrorCode::Forbidden);
    EXPECT_TRUE(service_.diff(auditor_, kGrantsV1, "v1.json"));
    EXPECT_TRUE(service_.versions(auditor_));
    EXPECT_EQ(service_.migrate(auditor_, {"GRANTS", 1, 2, {}}, true).error().code,
              ErrorCode::Forbidden);
}

TEST_F(WorkflowVersionServiceTest, AnInvalidCandidateIsRefusedWithItsProblems) {
    std::string bad = kGrantsV2;
    bad.replace(bad.find("\"to\": \"closed\""), 14, "\"to\": \"clozed\"");
    auto diff = service_.diff(admin_, bad, "candidate.json");
    ASSERT_FALSE(diff);
    EXPECT_EQ(diff.error().code, ErrorCode::Invalid);
    EXPECT_EQ(diff.error().reasons.at(0).field, "$.transitions[6].to");
    EXPECT_EQ(service_.publish(admin_, bad, "candidate.json", "t").error().code,
              ErrorCode::Invalid);
    EXPECT_TRUE(store_.rows.empty());
}

TEST_F(WorkflowVersionServiceTest, TheDigestIgnoresCommentsAndLayout) {
    std::string reformatted = "/* a new comment */\n" + kGrantsV1;
    EXPECT_EQ(services::definitionDigest(kGrantsV1), services::definitionDigest(reformatted));
    EXPECT_NE(services::definitionDigest(kGrantsV1), services::definitionDigest(kGrantsV2));
}

TEST_F(WorkflowVersionServiceTest, TheFolderIsPublishedAtStartAndAChangedPublishedFileRefused) {
    catalog_.add(std::make_shared<const engine::WorkflowDefinition>(v1_));
    service_.adoptFolder();
    ASSERT_EQ(store_.rows.size(), 1u);
    EXPECT_EQ(store_.rows[0].publishedBy, "workflows folder");
    ASSERT_TRUE(service_.publish(admin_, kGrantsV2, "v2.json", "t"));

    // Restart with the same folder: version 1 is published as it is, 2 stays in force.
    engine::WorkflowCatalog restarted;
    restarted.add(std::make_shared<const engine::WorkflowDefinition>(v1_));
    catalog_ = std::move(restarted);
    service_.adoptFolder();
    EXPECT_EQ(catalog_.latest("GRANTS")->version, 2);
    EXPECT_EQ(store_.rows.size(), 2u);

    // A version 1 file whose content changed is refused, naming the file.
    std::string changed = kGrantsV1;
    changed.replace(changed.find("\"title\": \"Grants\""), 17, "\"title\": \"Aid\"");
    engine::WorkflowCatalog edited;
    edited.add(std::make_shared<const engine::WorkflowDefinition>(
        engine::parseDefinition(changed, "workflows/grants.json", registry_)));
    catalog_ = std::move(edited);
    try {
        service_.adoptFolder();
        FAIL() << "a changed published version was accepted";
    } catch (const engine::DefinitionError& e) {
        EXPECT_NE(std::string(e.what()).find("workflows/grants.json"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("already published with other content"),
                  std::string::npos);
    }
}

TEST_F(WorkflowVersionServiceTest, ADryRunPlansAndARealRunMigrates) {
    ASSERT_TRUE(service_.publish(admin_, kGrantsV1, "v1.json", "t"));
    ASSERT_TRUE(service_.publish(admin_, kGrantsV2, "v2.json", "t"));
    store_.applications = {app(1, "escalated"), app(2, "draft")};
    services::MigrationRequest request{"GRANTS", 1, 2, {{"escalated", "under_review"}}};
    auto dry = service_.migrate(admin_, request, true);
    ASSERT_TRUE(dry) << dry.error().message;
    EXPECT_EQ(dry.value().plan.moves.size(), 2u);
    EXPECT_TRUE(store_.migrated.empty());
    auto real = service_.migrate(admin_, request, false);
    ASSERT_TRUE(real);
    EXPECT_EQ(store_.migrated.size(), 2u);
    EXPECT_EQ(service_.migrate(admin_, {"GRANTS", 1, 3, {}}, true).error().code,
              ErrorCode::NotFound);
}

TEST_F(WorkflowVersionsTest, DocumentsUseTheVersionTheApplicationsRun) {
    std::string text = kGrantsV2;
    const std::string direction = "\"direction\": \"DGRI\",";
    text.replace(text.find(direction), direction.size(),
                 "\"direction\": \"DGRI\", \"council\": {\"rapporteur\": \"M. Version Deux\", "
                 "\"imputation\": {\"function\": \"311\"}},");
    engine::WorkflowCatalog catalog;
    catalog.add(std::make_shared<const engine::WorkflowDefinition>(v1_));
    catalog.add(std::make_shared<const engine::WorkflowDefinition>(load(text)));
    engine::DeliberationSheet sheet;
    sheet.deliberation.programme = "GRANTS";
    sheet.deliberation.year = 2026;
    engine::DeliberationLine line;
    line.programme = "GRANTS";
    line.workflowVersion = 1;
    sheet.lines.push_back(line);
    auto onVersion1 = services::deliberationModel(sheet, catalog);
    EXPECT_EQ(onVersion1.imputation.function, "048");
    EXPECT_NE(onVersion1.rapporteur, "M. Version Deux");
    sheet.lines[0].workflowVersion = 2;
    auto onVersion2 = services::deliberationModel(sheet, catalog);
    EXPECT_EQ(onVersion2.imputation.function, "311");
    EXPECT_EQ(onVersion2.rapporteur, "M. Version Deux");
}

}  // namespace
}  // namespace grantflow::testing
