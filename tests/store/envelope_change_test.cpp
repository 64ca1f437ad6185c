// ProgrammeRepository::changeEnvelope on both backends: the check against
// use and the write in one transaction, racing reservations, and the audit
// entry it chains.
#include <atomic>
#include <thread>
#include <vector>

#include "store/audit_verifier.hpp"
#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::BudgetMove;
using engine::ErrorCode;
using engine::Money;

const engine::Actor kAdmin{42, engine::Role::Admin, std::nullopt, {}};
const engine::Timestamp kAt{std::chrono::seconds{1'780'000'000}};

class EnvelopeChangeTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 16;
        return o;
    }

    engine::Application insertDraft(std::int64_t org) {
        return store().insertApplication(sampleDraft(org), createdAudit()).value();
    }

    engine::Result<engine::CommitOutcome> reserve(const engine::Application& app, Money amount) {
        auto change = sampleChange(app, "state2", 1);
        change.budget = {movement(BudgetMove::Reserve, amount)};
        return store().commit(change);
    }

    engine::Result<engine::EnvelopeChange> change(Money amount, const std::string& code = "WATER") {
        return store::ProgrammeRepository(db()).changeEnvelope(code, 2026, amount, kAdmin, kAt);
    }

    store::SociWorkflowStore& store() {
        if (!store_) store_ = std::make_unique<store::SociWorkflowStore>(db());
        return *store_;
    }
    std::unique_ptr<store::SociWorkflowStore> store_;
};

TEST_P(EnvelopeChangeTest, AFirstEnvelopeIsSetFromZeroAndAuditedWithoutAnApplication) {
    createEnvelope(db(), "WATER", 2025, Money::fromEuros(5));  // creates the programme
    auto set = change(Money::fromCents(100'000'000));
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_TRUE(set.value().applied);
    EXPECT_EQ(set.value().before, Money());
    EXPECT_EQ(set.value().use.envelope, Money::fromCents(100'000'000));

    auto s = db().session();
    std::string action, role, details;
    long long actor = 0;
    soci::indicator app = soci::i_ok;
    long long appId = 0;
    *s << "SELECT application_id, actor_id, actor_role, action, details FROM audit_entries "
          "ORDER BY seq DESC",
        soci::into(appId, app), soci::into(actor), soci::into(role), soci::into(action),
        soci::into(details);
    EXPECT_EQ(app, soci::i_null);
    EXPECT_EQ(actor, 42);
    EXPECT_EQ(role, "admin");
    EXPECT_EQ(action, "envelope_set");
    EXPECT_EQ(details, R"({"programme":"WATER","year":2026,"old_cents":0,"new_cents":100000000})");

    ASSERT_TRUE(change(Money::fromEuros(2000)).ok());
    *s << "SELECT details FROM audit_entries ORDER BY seq DESC", soci::into(details);
    EXPECT_EQ(details,
              R"({"programme":"WATER","year":2026,"old_cents":100000000,"new_cents":200000})");
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(EnvelopeChangeTest, AnAmountBelowUseChangesNothingAndAuditsNothing) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(1000));
    ASSERT_TRUE(reserve(insertDraft(createOrganisation(db())), Money::fromEuros(600)).ok());
    const long long entries = countRows(db(), "audit_entries");

    auto lower = change(Money::fromEuros(599));
    ASSERT_TRUE(lower) << lower.error().message;
    EXPECT_FALSE(lower.value().applied);
    EXPECT_EQ(lower.value().use.envelope, Money::fromEuros(1000));
    EXPECT_EQ(lower.value().use.reserved, Money::fromEuros(600));
    EXPECT_EQ(countRows(db(), "audit_entries"), entries);

    auto exact = change(Money::fromEuros(600));
    ASSERT_TRUE(exact.ok());
    EXPECT_TRUE(exact.value().applied);
    EXPECT_EQ(exact.value().before, Money::fromEuros(1000));
    EXPECT_EQ(exact.value().use.available(), Money());

    auto unknown = change(Money::fromEuros(1), "NOPE");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_P(EnvelopeChangeTest, ALoweringRacingReservationsNeverLeavesTheEnvelopeBelowUse) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(10'000));
    std::int64_t org = createOrganisation(db());
    constexpr int kApplications = 40;
    std::vector<engine::Application> apps;
    for (int i = 0; i < kApplications; ++i) apps.push_back(insertDraft(org));

    std::atomic<int> next{0}, reserved{0}, others{0}, lowered{0}, refusedLowerings{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&] {
            for (int i = next++; i < kApplications; i = next++) {
                auto r = reserve(apps[std::size_t(i)], Money::fromEuros(200));
                if (r.ok())
                    ++reserved;
                else if (r.error().code != ErrorCode::BudgetExceeded)
                    ++others;
            }
        });
    }
    threads.emplace_back([&] {
        // Lowers to 4,000 whenever use allows (once lowered, the same amount
        // again is applied and audited too) while reservations go on.
        for (int i = 0; i < 20; ++i) {
            auto c = change(Money::fromEuros(4000));
            if (!c) {
                ++others;
            } else if (c.value().applied) {
                ++lowered;
            } else {
                ++refusedLowerings;
            }
        }
    });
    for (auto& t : threads) t.join();

    EXPECT_EQ(others.load(), 0);
    EXPECT_EQ(lowered.load() + refusedLowerings.load(), 20);
    engine::BudgetUse use = store().budgetUse("WATER", 2026);
    EXPECT_EQ(use.reserved, Money::fromEuros(200LL * reserved.load()));
    EXPECT_LE(use.used(), use.envelope);
    if (lowered.load() > 0) {
        EXPECT_EQ(use.envelope, Money::fromEuros(4000));
    } else {
        EXPECT_EQ(use.envelope, Money::fromEuros(10'000));
    }
    EXPECT_EQ(countRows(db(), "audit_entries", "action = 'envelope_set'"), lowered.load());
    auto verified = store::AuditVerifier(db()).verify();
    EXPECT_TRUE(verified.ok()) << verified.detail;
}

GRANTFLOW_INSTANTIATE_BACKENDS(EnvelopeChangeTest);

}  // namespace
}  // namespace grantflow::testing
