#include <atomic>
#include <thread>
#include <vector>

#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::BudgetMove;
using engine::ErrorCode;
using engine::Money;

constexpr const char* kLedgerNet =
    "SELECT SUM(CASE kind WHEN 'reserve' THEN amount_cents WHEN 'release_reservation' THEN "
    "-amount_cents "
    "WHEN 'release_commitment' THEN -amount_cents ELSE 0 END) FROM budget_ledger";

class BudgetTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 16;
        return o;
    }

    engine::Application insertDraft(std::int64_t org) {
        return store().insertApplication(sampleDraft(org), createdAudit()).value();
    }

    // Fires one transition of `app` (at `version`) carrying `moves`.
    engine::Result<engine::CommitOutcome> move(const engine::Application& app, std::int64_t version,
                                               std::vector<engine::BudgetMovement> moves) {
        auto change = sampleChange(app, "state" + std::to_string(version + 1), version);
        change.budget = std::move(moves);
        return store().commit(change);
    }

    store::SociWorkflowStore& store() {
        if (!store_) store_ = std::make_unique<store::SociWorkflowStore>(db());
        return *store_;
    }
    std::unique_ptr<store::SociWorkflowStore> store_;
};

TEST_P(BudgetTest, TwoHundredConcurrentReservationsFillTheEnvelopeExactly) {
    const Money share = Money::fromEuros(1000);
    createEnvelope(db(), "WATER", 2026, Money::fromCents(share.cents() * 50));
    std::int64_t org = createOrganisation(db());
    constexpr int kApplications = 200;
    std::vector<engine::Application> apps;
    for (int i = 0; i < kApplications; ++i) apps.push_back(insertDraft(org));

    std::atomic<int> next{0}, reserved{0}, refused{0}, others{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t) {
        threads.emplace_back([&] {
            for (int i = next++; i < kApplications; i = next++) {
                auto r = move(apps[std::size_t(i)], 1, {movement(BudgetMove::Reserve, share)});
                if (r.ok())
                    ++reserved;
                else if (r.error().code == ErrorCode::BudgetExceeded)
                    ++refused;
                else
                    ++others;
            }
        });
    }
    for (auto& t : threads) t.join();

    EXPECT_EQ(reserved.load(), 50);
    EXPECT_EQ(refused.load(), 150);
    EXPECT_EQ(others.load(), 0);
    engine::BudgetUse use = store().budgetUse("WATER", 2026);
    EXPECT_EQ(use.reserved, Money::fromCents(share.cents() * 50));
    EXPECT_EQ(use.available(), Money());
    EXPECT_EQ(sumColumn(db(), kLedgerNet), use.used().cents());
    EXPECT_EQ(countRows(db(), "budget_ledger"), 50);
    // Refused transitions left their applications untouched.
    EXPECT_EQ(countRows(db(), "applications", "version = 2"), 50);
    EXPECT_EQ(countRows(db(), "audit_entries"), kApplications + 50);
}

TEST_P(BudgetTest, ReserveCommitAndPayMoveMoneyBetweenColumnsKeepingTheTotal) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(100000));
    std::int64_t org = createOrganisation(db());
    engine::Application a = insertDraft(org);
    engine::Application b = insertDraft(org);

    ASSERT_TRUE(move(a, 1, {movement(BudgetMove::Reserve, Money::fromEuros(30000))}).ok());
    ASSERT_TRUE(move(b, 1, {movement(BudgetMove::Reserve, Money::fromEuros(20000))}).ok());
    // The Council votes a: 25,000 of its 30,000 are committed, the rest released.
    ASSERT_TRUE(move(a, 2,
                     {movement(BudgetMove::Commit, Money::fromEuros(25000)),
                      movement(BudgetMove::ReleaseReservation, Money::fromEuros(5000))})
                    .ok());
    ASSERT_TRUE(move(a, 3, {movement(BudgetMove::Pay, Money::fromEuros(25000))}).ok());
    // b is rejected: its reservation is released.
    ASSERT_TRUE(
        move(b, 2, {movement(BudgetMove::ReleaseReservation, Money::fromEuros(20000))}).ok());

    engine::BudgetUse use = store().budgetUse("WATER", 2026);
    EXPECT_EQ(use.envelope, Money::fromEuros(100000));
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, Money());
    EXPECT_EQ(use.paid, Money::fromEuros(25000));
    EXPECT_EQ(use.available(), Money::fromEuros(75000));
    EXPECT_EQ(sumColumn(db(), kLedgerNet), use.used().cents());
}

TEST_P(BudgetTest, ACommitmentCanBeReleased) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(1000));
    engine::Application a = insertDraft(createOrganisation(db()));
    ASSERT_TRUE(move(a, 1, {movement(BudgetMove::Reserve, Money::fromEuros(600))}).ok());
    ASSERT_TRUE(move(a, 2, {movement(BudgetMove::Commit, Money::fromEuros(600))}).ok());
    EXPECT_EQ(store().budgetUse("WATER", 2026).committed, Money::fromEuros(600));
    ASSERT_TRUE(move(a, 3, {movement(BudgetMove::ReleaseCommitment, Money::fromEuros(600))}).ok());
    EXPECT_EQ(store().budgetUse("WATER", 2026).used(), Money());
    EXPECT_EQ(sumColumn(db(), kLedgerNet), 0);
}

TEST_P(BudgetTest, MovementsBeyondWhatTheyDrawOnAreRefused) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(1000));
    engine::Application a = insertDraft(createOrganisation(db()));
    auto commit = move(a, 1, {movement(BudgetMove::Commit, Money::fromEuros(1))});
    ASSERT_FALSE(commit.ok());
    EXPECT_EQ(commit.error().code, ErrorCode::Invalid);
    auto pay = move(a, 1, {movement(BudgetMove::Pay, Money::fromEuros(1))});
    ASSERT_FALSE(pay.ok());
    EXPECT_EQ(pay.error().code, ErrorCode::Invalid);
    auto negative = move(a, 1, {movement(BudgetMove::Reserve, Money::fromCents(-1))});
    ASSERT_FALSE(negative.ok());
    EXPECT_EQ(negative.error().code, ErrorCode::Invalid);
    EXPECT_EQ(store().findApplication(a.id)->version, 1);
}

TEST_P(BudgetTest, AReservationWithoutAnEnvelopeExceedsTheBudget) {
    engine::Application a = insertDraft(createOrganisation(db()));
    auto r = move(a, 1, {movement(BudgetMove::Reserve, Money::fromEuros(1))});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BudgetExceeded);
}

TEST_P(BudgetTest, AnUnsetEnvelopeReadsAsZero) {
    engine::BudgetUse use = store().budgetUse("NOPE", 2031);
    EXPECT_EQ(use.programme, "NOPE");
    EXPECT_EQ(use.year, 2031);
    EXPECT_EQ(use.envelope, Money());
    EXPECT_EQ(use.used(), Money());
}

TEST_P(BudgetTest, LineUseIsTheNetOfOneSubLine) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(1000));
    std::int64_t org = createOrganisation(db());
    engine::Application a = insertDraft(org);
    engine::Application b = insertDraft(org);
    ASSERT_TRUE(
        move(a, 1, {movement(BudgetMove::Reserve, Money::fromEuros(300), "WATER", 2026, "water")})
            .ok());
    ASSERT_TRUE(
        move(b, 1,
             {movement(BudgetMove::Reserve, Money::fromEuros(200), "WATER", 2026, "sanitation")})
            .ok());
    ASSERT_TRUE(
        move(a, 2, {movement(BudgetMove::Commit, Money::fromEuros(300), "WATER", 2026, "water")})
            .ok());
    ASSERT_TRUE(move(b, 2,
                     {movement(BudgetMove::ReleaseReservation, Money::fromEuros(50), "WATER", 2026,
                               "sanitation")})
                    .ok());
    EXPECT_EQ(store().lineUse("WATER", 2026, "water"), Money::fromEuros(300));
    EXPECT_EQ(store().lineUse("WATER", 2026, "sanitation"), Money::fromEuros(150));
    EXPECT_EQ(store().lineUse("WATER", 2026, "other"), Money());
}

TEST_P(BudgetTest, AnEnvelopeCannotBeSetBelowWhatIsInUse) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(1000));
    engine::Application a = insertDraft(createOrganisation(db()));
    ASSERT_TRUE(move(a, 1, {movement(BudgetMove::Reserve, Money::fromEuros(600))}).ok());

    store::ProgrammeRepository programmes(db());
    auto lower = programmes.setEnvelope("WATER", 2026, Money::fromEuros(599));
    ASSERT_FALSE(lower.ok());
    EXPECT_EQ(lower.error().code, ErrorCode::Invalid);
    EXPECT_EQ(store().budgetUse("WATER", 2026).envelope, Money::fromEuros(1000));

    ASSERT_TRUE(programmes.setEnvelope("WATER", 2026, Money::fromEuros(600)).ok());
    EXPECT_EQ(store().budgetUse("WATER", 2026).envelope, Money::fromEuros(600));
    ASSERT_TRUE(programmes.setEnvelope("WATER", 2026, Money::fromEuros(2000)).ok());
    EXPECT_EQ(store().budgetUse("WATER", 2026).available(), Money::fromEuros(1400));

    auto unknown = programmes.setEnvelope("NOPE", 2026, Money::fromEuros(1));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
    auto negative = programmes.setEnvelope("WATER", 2026, Money::fromCents(-1));
    ASSERT_FALSE(negative.ok());
    EXPECT_EQ(negative.error().code, ErrorCode::Invalid);
}

GRANTFLOW_INSTANTIATE_BACKENDS(BudgetTest);

}  // namespace
}  // namespace grantflow::testing
