// The invariants under concurrency, through the engine, on both backends:
// one winner among identical transitions, and an envelope never overspent.
#include <atomic>
#include <thread>

#include "store/audit_verifier.hpp"
#include "tests/workflow/workflow_fixture.hpp"

using namespace grantflow;
using namespace grantflow::engine;
using grantflow::testing::WorkflowTest;

class EngineConcurrency : public WorkflowTest {};

TEST_P(EngineConcurrency, SixteenThreadsFiringTheSameTransitionHaveOneWinner) {
    auto app = fireOk(draft(Money::fromEuros(5000)), "submit", applicant_);
    constexpr int kThreads = 16;
    std::atomic<int> ok{0}, conflicts{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            auto r = engine_->fire(app.id, "start_review", reviewer1_, app.version);
            if (r)
                ++ok;
            else if (r.error().code == ErrorCode::Conflict)
                ++conflicts;
            else
                ++other;
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflicts.load(), kThreads - 1);
    EXPECT_EQ(other.load(), 0);

    int entries = 0;
    for (const auto& e : store_->history(app.id)) entries += e.action == "start_review";
    EXPECT_EQ(entries, 1);
    EXPECT_EQ(reload(app.id).version, app.version + 1);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(EngineConcurrency, TwoHundredApprovalsAgainstAnEnvelopeForFiftyReserveExactlyFifty) {
    const Money grant = Money::fromEuros(1000);
    setEnvelope("RACE", Money::fromEuros(50 * 1000));
    std::vector<Application> apps;
    for (int i = 0; i < 200; ++i) apps.push_back(draft(grant, "RACE"));

    constexpr int kThreads = 16;
    std::atomic<int> next{0}, ok{0}, refused{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const Actor& reviewer = i % 2 ? reviewer1_ : reviewer2_;
            while (!go.load()) std::this_thread::yield();
            for (int k; (k = next.fetch_add(1)) < int(apps.size());) {
                auto r = engine_->fire(apps[std::size_t(k)].id, "approve", reviewer, 1);
                if (r)
                    ++ok;
                else if (r.error().code == ErrorCode::BudgetExceeded ||
                         r.error().code == ErrorCode::GuardFailed)
                    ++refused;
                else
                    ++other;
            }
        });
    }
    go = true;
    for (auto& t : threads) t.join();

    EXPECT_EQ(ok.load(), 50);
    EXPECT_EQ(refused.load(), 150);
    EXPECT_EQ(other.load(), 0);
    auto use = store_->budgetUse("RACE", 2026);
    EXPECT_EQ(use.reserved, Money::fromEuros(50 * 1000));
    EXPECT_LE(use.used(), use.envelope);

    long long ledger = 0;
    auto session = db().session();
    soci::indicator ind;
    *session << "SELECT SUM(amount_cents) FROM budget_ledger WHERE programme = 'RACE' AND kind = "
                "'reserve'",
        soci::into(ledger, ind);
    EXPECT_EQ(ledger, use.used().cents());
    int approved = 0;
    for (const auto& a : apps) approved += reload(a.id).state == "approved";
    EXPECT_EQ(approved, 50);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

GRANTFLOW_INSTANTIATE_BACKENDS(EngineConcurrency);
