#include "services/programme_service.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace grantflow;
using engine::Actor;
using engine::ErrorCode;
using engine::Money;
using engine::Role;

namespace {

// Programmes and envelopes in maps; changeEnvelope records what it was asked.
class FakeProgrammeStore final : public engine::ProgrammeStore {
public:
    void upsert(const engine::Programme& p) override { programmes_[p.code] = p; }
    std::optional<engine::Programme> find(const std::string& code) override {
        auto it = programmes_.find(code);
        if (it == programmes_.end()) return std::nullopt;
        return it->second;
    }
    std::vector<engine::Programme> list() override {
        std::vector<engine::Programme> out;
        for (const auto& [code, p] : programmes_) out.push_back(p);
        return out;
    }
    engine::Status setEnvelope(const std::string& programme, int year, Money amount) override {
        use(programme, year).envelope = amount;
        return engine::Unit{};
    }
    engine::Result<engine::EnvelopeChange> changeEnvelope(const std::string& programme, int year,
                                                          Money amount, const Actor& actor,
                                                          engine::Timestamp) override {
        if (!programmes_.count(programme))
            return engine::makeError(ErrorCode::NotFound, "unknown programme");
        engine::BudgetUse& u = use(programme, year);
        engine::EnvelopeChange change{false, u.envelope, u};
        if (amount < u.used()) return change;
        u.envelope = amount;
        change.applied = true;
        change.use = u;
        audited.push_back(actor.userId);
        return change;
    }
    engine::BudgetUse budgetUse(const std::string& programme, int year) override {
        return use(programme, year);
    }
    std::vector<engine::BudgetUse> budgetForYear(int year) override {
        std::vector<engine::BudgetUse> out;
        for (const auto& [code, p] : programmes_) out.push_back(use(code, year));
        return out;
    }

    engine::BudgetUse& use(const std::string& programme, int year) {
        auto& u = envelopes_[{programme, year}];
        u.programme = programme;
        u.year = year;
        return u;
    }
    std::vector<std::int64_t> audited;

private:
    std::map<std::string, engine::Programme> programmes_;
    std::map<std::pair<std::string, int>, engine::BudgetUse> envelopes_;
};

class ProgrammeServiceTest : public ::testing::Test {
protected:
    void SetUp() override { store_.upsert({"WATER", "Water", "DGRI"}); }

    const Actor admin_{7, Role::Admin, std::nullopt, {}};
    FakeProgrammeStore store_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{engine::Timestamp{std::chrono::seconds{1'780'000'000}}};
    services::ProgrammeService service_{catalog_, store_, clock_};
};

bool hasReason(const engine::Error& error, const std::string& field) {
    for (const auto& r : error.reasons)
        if (r.field == field) return true;
    return false;
}

}  // namespace

TEST_F(ProgrammeServiceTest, AnAdministratorSetsAnEnvelopeAndGetsTheBudgetUse) {
    auto set = service_.setEnvelope(admin_, "WATER", 2026, Money::fromEuros(1'000'000));
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_EQ(set.value().envelope, Money::fromEuros(1'000'000));
    EXPECT_EQ(set.value().available(), Money::fromEuros(1'000'000));
    EXPECT_EQ(store_.audited, (std::vector<std::int64_t>{7}));
}

TEST_F(ProgrammeServiceTest, EveryOtherRoleIsForbidden) {
    for (Role role : {Role::Applicant, Role::Reviewer, Role::Clerk, Role::System}) {
        auto set = service_.setEnvelope(Actor{1, role, std::nullopt, {"WATER"}}, "WATER", 2026,
                                        Money::fromEuros(1));
        ASSERT_FALSE(set);
        EXPECT_EQ(set.error().code, ErrorCode::Forbidden) << engine::toString(role);
    }
    EXPECT_TRUE(store_.audited.empty());
}

TEST_F(ProgrammeServiceTest, AnUnknownProgrammeIsNotFound) {
    auto set = service_.setEnvelope(admin_, "NOPE", 2026, Money::fromEuros(1));
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, ErrorCode::NotFound);
}

TEST_F(ProgrammeServiceTest, ANegativeAmountAndAYearOutOfRangeAreInvalidFieldByField) {
    auto set = service_.setEnvelope(admin_, "WATER", 1999, Money::fromCents(-1));
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, ErrorCode::Invalid);
    EXPECT_TRUE(hasReason(set.error(), "year"));
    EXPECT_TRUE(hasReason(set.error(), "amount_cents"));

    auto late = service_.setEnvelope(admin_, "WATER", 2201, Money::fromEuros(1));
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::Invalid);
    EXPECT_TRUE(service_.setEnvelope(admin_, "WATER", 2200, Money()).ok());
    EXPECT_TRUE(service_.setEnvelope(admin_, "WATER", 2000, Money()).ok());
}

TEST_F(ProgrammeServiceTest, AnAmountBelowUseIsAConflictGivingTheFigures) {
    auto& use = store_.use("WATER", 2026);
    use.envelope = Money::fromEuros(1000);
    use.reserved = Money::fromEuros(300);
    use.committed = Money::fromEuros(200);
    use.paid = Money::fromEuros(100);

    auto set = service_.setEnvelope(admin_, "WATER", 2026, Money::fromCents(59'999));
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, ErrorCode::Conflict);
    const std::string& m = set.error().message;
    EXPECT_NE(m.find("599.99 EUR (59999 cents)"), std::string::npos) << m;
    EXPECT_NE(m.find("reserved 300.00 EUR (30000 cents)"), std::string::npos) << m;
    EXPECT_NE(m.find("committed 200.00 EUR (20000 cents)"), std::string::npos) << m;
    EXPECT_NE(m.find("paid 100.00 EUR (10000 cents)"), std::string::npos) << m;
    for (const char* field : {"amount_cents", "reserved_cents", "committed_cents", "paid_cents"})
        EXPECT_TRUE(hasReason(set.error(), field)) << field;
    EXPECT_EQ(store_.use("WATER", 2026).envelope, Money::fromEuros(1000));

    EXPECT_TRUE(service_.setEnvelope(admin_, "WATER", 2026, Money::fromEuros(600)).ok());
}
