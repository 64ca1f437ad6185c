// Published workflow versions and the migration of running applications on
// both backends: a thousand applications moved between two versions through
// the service and the real store, the dry run that changes nothing, a
// refused mapping, and the audit entries of each move.
#include "store/workflow_version_repository.hpp"

#include <sstream>

#include "engine/step_registry.hpp"
#include "services/workflow_version_service.hpp"
#include "store/audit_verifier.hpp"
#include "tests/services/workflow_versions_data.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;

class FixedClock final : public engine::Clock {
public:
    engine::Timestamp now() const override { return at("2026-06-01T10:00:00Z"); }
};

const engine::Actor kAdmin{0, engine::Role::Admin, std::nullopt, {}};

class WorkflowVersionRepositoryTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        engine::registerBuiltinSteps(registry_);
        repository_ = std::make_unique<store::WorkflowVersionRepository>(db());
        service_ = std::make_unique<services::WorkflowVersionService>(catalog_, registry_,
                                                                      *repository_, clock_);
        ASSERT_TRUE(service_->publish(kAdmin, kGrantsV1, "v1.json", "test"));
        ASSERT_TRUE(service_->publish(kAdmin, kGrantsV2, "v2.json", "test"));
    }

    // `count` applications on version 1, fast: one transaction, one prepared
    // statement. Every fourth is escalated, every fourth approved with a
    // reservation in the ledger, every fourth submitted with a deadline,
    // every fourth closed.
    void insertApplications(int count) {
        const auto org = createOrganisation(db());
        createEnvelope(db(), "GRANTS", 2026, engine::Money::fromEuros(10'000'000));
        auto done = db().write([&](soci::session& sql) -> engine::Result<bool> {
            long long id = 0, orgId = org;
            std::string reference, state;
            std::string deadline;
            soci::indicator deadlineInd = soci::i_null;
            soci::statement insert =
                (sql.prepare << "INSERT INTO applications (id, reference, programme, "
                                "workflow_version, organization_id, title, amount_requested_cents, "
                                "state, version, year, created_at, state_entered_at, deadline_at) "
                                "VALUES (:id, :ref, 'GRANTS', 1, :org, 'Puits', 500000, :state, 3, "
                                "2026, '2026-03-01T09:00:00Z', '2026-03-02T09:00:00Z', :deadline)",
                 soci::use(id, "id"), soci::use(reference, "ref"), soci::use(orgId, "org"),
                 soci::use(state, "state"), soci::use(deadline, deadlineInd, "deadline"));
            soci::statement reserve =
                (sql.prepare << "INSERT INTO budget_ledger (application_id, programme, year, kind, "
                                "amount_cents, at) VALUES (:id, 'GRANTS', 2026, 'reserve', 500000, "
                                "'2026-03-02T09:00:00Z')",
                 soci::use(id, "id"));
            static const char* kStates[] = {"escalated", "approved", "submitted", "closed"};
            for (int i = 1; i <= count; ++i) {
                id = i;
                reference = "GRANTS-2026-" + std::to_string(100000 + i);
                state = kStates[i % 4];
                deadlineInd = state == "submitted" ? soci::i_ok : soci::i_null;
                deadline = "2026-06-20T00:00:00Z";
                insert.execute(true);
                if (state == "approved") reserve.execute(true);
            }
            return true;
        });
        ASSERT_TRUE(done.value());
        if (isPostgres())
            execute(db(), "SELECT setval(pg_get_serial_sequence('applications', 'id'), " +
                              std::to_string(count) + ")");
    }

    // Everything a migration may touch, as text.
    std::string dump() {
        std::ostringstream out;
        auto s = db().session();
        long long id = 0, version = 0;
        int workflowVersion = 0;
        std::string state;
        soci::statement apps =
            (s->prepare << "SELECT id, state, workflow_version, version FROM "
                           "applications ORDER BY id",
             soci::into(id), soci::into(state), soci::into(workflowVersion), soci::into(version));
        apps.execute();
        while (apps.fetch())
            out << id << " " << state << " " << workflowVersion << " " << version << "\n";
        out << "audit " << countRows(db(), "audit_entries") << "\n";
        out << "ledger " << countRows(db(), "budget_ledger") << "\n";
        return out.str();
    }

    services::MigrationRequest request(std::map<std::string, std::string> map) {
        return {"GRANTS", 1, 2, std::move(map)};
    }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    FixedClock clock_;
    std::unique_ptr<store::WorkflowVersionRepository> repository_;
    std::unique_ptr<services::WorkflowVersionService> service_;
};

TEST_P(WorkflowVersionRepositoryTest, PublishedVersionsAreKeptInOrderAndNeverReplaced) {
    auto rows = repository_->published();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].version, 1);
    EXPECT_EQ(rows[1].version, 2);
    EXPECT_EQ(rows[1].definitionJson, kGrantsV2);
    EXPECT_EQ(rows[1].publishedAt, at("2026-06-01T10:00:00Z"));
    auto again = repository_->publish(rows[0], kAdmin);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    EXPECT_NE(again.error().message.find("older than the version in force (2)"), std::string::npos);
    EXPECT_EQ(countRows(db(), "audit_entries", "action = 'workflow_published'"), 2);
}

TEST_P(WorkflowVersionRepositoryTest,
       AThousandRunningApplicationsMigrateAndTheDryRunChangesNothing) {
    insertApplications(1000);
    const std::string before = dump();
    const auto map = request({{"escalated", "under_review"}});

    auto dry = service_->migrate(kAdmin, map, true);
    ASSERT_TRUE(dry) << dry.error().message;
    EXPECT_EQ(dry.value().plan.moves.size(), 750u) << "the 250 closed ones stay on version 1";
    EXPECT_EQ(dump(), before);

    auto real = service_->migrate(kAdmin, map, false);
    ASSERT_TRUE(real) << real.error().message;
    EXPECT_EQ(real.value().outcome.migrated, 750);
    EXPECT_TRUE(real.value().outcome.stale.empty());
    EXPECT_EQ(countRows(db(), "applications", "workflow_version = 2"), 750);
    EXPECT_EQ(countRows(db(), "applications", "workflow_version = 1 AND state = 'closed'"), 250);
    EXPECT_EQ(countRows(db(), "applications", "state = 'escalated'"), 0);
    EXPECT_EQ(countRows(db(), "applications", "state = 'under_review' AND version = 4"), 250);
    EXPECT_EQ(countRows(db(), "applications", "workflow_version = 2 AND version <> 4"), 0);
    EXPECT_EQ(countRows(db(), "audit_entries",
                        "action = 'workflow_migrated' AND from_state = 'escalated' AND "
                        "to_state = 'under_review' AND application_id IS NOT NULL"),
              250);
    EXPECT_EQ(countRows(db(), "audit_entries", "action = 'workflow_migrated'"), 750);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
    EXPECT_TRUE(repository_->applicationsOnVersion("GRANTS", 1).size() == 250u);
}

TEST_P(WorkflowVersionRepositoryTest, ARefusedMappingChangesNothing) {
    insertApplications(40);
    const std::string before = dump();
    // Approved applications hold a reservation; under_review holds none in version 2.
    auto refused = service_->migrate(
        kAdmin, request({{"escalated", "under_review"}, {"approved", "under_review"}}), false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    EXPECT_NE(refused.error().reasons.at(0).message.find("(approved -> under_review)"),
              std::string::npos);
    EXPECT_EQ(dump(), before);

    auto unmapped = service_->migrate(kAdmin, request({}), false);
    ASSERT_FALSE(unmapped);
    EXPECT_NE(unmapped.error().reasons.at(0).message.find("escalated"), std::string::npos);
    EXPECT_EQ(dump(), before);
}

TEST_P(WorkflowVersionRepositoryTest, AnApplicationChangedSinceThePlanIsLeftAndReported) {
    insertApplications(4);
    auto apps = repository_->applicationsOnVersion("GRANTS", 1);
    ASSERT_EQ(apps.size(), 4u);
    EXPECT_EQ(apps[0].holding, engine::BudgetHolding::Reserved);  // id 1: approved
    EXPECT_TRUE(apps[1].deadlinePending);                         // id 2: submitted
    EXPECT_FALSE(apps[0].deadlinePending);
    std::vector<engine::ApplicationMove> moves{{4, 3, "escalated", "under_review"},
                                               {1, 2, "approved", "approved"}};  // stale version
    auto outcome = repository_->migrate("GRANTS", 1, 2, moves, kAdmin, clock_.now());
    EXPECT_EQ(outcome.migrated, 1);
    EXPECT_EQ(outcome.stale, std::vector<std::int64_t>{1});
    EXPECT_EQ(countRows(db(), "applications", "id = 1 AND workflow_version = 1 AND version = 3"),
              1);
    EXPECT_EQ(countRows(db(), "applications", "id = 4 AND workflow_version = 2 AND version = 4"),
              1);
}

GRANTFLOW_INSTANTIATE_BACKENDS(WorkflowVersionRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
