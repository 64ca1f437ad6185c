// The emergency steps: one-off grants from €20,000 to €100,000, for an
// epidemic, a natural disaster or refugees of a conflict, reviewed within days.
// The scene's application is a row of the real store (SQLite and PostgreSQL).
#include <gtest/gtest.h>

#include "tests/plugins/harness_test.hpp"
#include "tests/plugins/step_fixture.hpp"

using namespace grantflow::engine;
using namespace std::chrono_literals;
using grantflow::testing::day;
using grantflow::testing::field;
using grantflow::testing::paramErrorOf;
using grantflow::testing::SharedHarnessTest;
using grantflow::testing::StepScene;

namespace {

constexpr const char* kBounds = "emergency.amount_bounds";
constexpr const char* kCrisis = "emergency.crisis";
constexpr const char* kDeadline = "emergency.review_deadline";
const std::string kBoundsParams = R"({"min_cents": 2000000, "max_cents": 10000000})";

void describeEmergency(StepScene& s) {
    s.definition.programme = "EMERGENCY";
    s.definition.fields = {
        field("crisis_type", FieldType::Enum, "Type of crisis",
              {"epidemic", "natural_disaster", "conflict_refugees"}),
        field("country", FieldType::Country, "Country of the action"),
        field("beneficiaries", FieldType::Number, "People helped"),
    };
    s.application.programme = "EMERGENCY";
}

// The emergency steps read nothing from the store: the suite shares one
// database per backend.
class Emergency : public SharedHarnessTest<> {
protected:
    void SetUp() override {
        SharedHarnessTest::SetUp();
        if (HasFatalFailure()) return;
        describeEmergency(s);
        s.bindTo(h->store, h->organisation);
    }

    std::vector<Reason> boundsFor(std::int64_t cents, const std::string& params = kBoundsParams) {
        s.application.amountRequested = Money::fromCents(cents);
        return s.check(kBounds, params);
    }

    StepScene s;
};

// Parameters are checked when a definition loads, before any store exists.
class EmergencyParameters : public ::testing::Test {
protected:
    EmergencyParameters() { describeEmergency(s); }
    StepScene s;
};

TEST_P(Emergency, AmountOf19999Euros99IsBelowTheMinimum) {
    EXPECT_EQ(
        boundsFor(1999999),
        (std::vector<Reason>{{"amount_requested_cents",
                              "Emergency aid is a one-off grant from 20000.00 EUR to 100000.00 "
                              "EUR; 19999.99 EUR requested is below the minimum",
                              kBounds}}));
}

TEST_P(Emergency, AmountsOf20000And100000EurosAreWithinTheBounds) {
    EXPECT_TRUE(boundsFor(2000000).empty());
    EXPECT_TRUE(boundsFor(10000000).empty());
}

TEST_P(Emergency, AmountOf100000Euros01IsAboveTheMaximum) {
    EXPECT_EQ(
        boundsFor(10000001),
        (std::vector<Reason>{{"amount_requested_cents",
                              "Emergency aid is a one-off grant from 20000.00 EUR to 100000.00 "
                              "EUR; 100000.01 EUR requested is above the maximum",
                              kBounds}}));
}

TEST_P(Emergency, BoundsDefaultToTwentyAndOneHundredThousandEuros) {
    EXPECT_EQ(boundsFor(1999999, "{}").size(), 1u);
    EXPECT_TRUE(boundsFor(2000000, "{}").empty());
    EXPECT_TRUE(boundsFor(10000000, "{}").empty());
    EXPECT_EQ(boundsFor(10000001, "{}").size(), 1u);
}

TEST_P(Emergency, BoundsCheckTheGrantedAmountOnceSet) {
    s.application.amountGranted = Money::fromEuros(150000);
    EXPECT_EQ(
        s.check(kBounds, kBoundsParams),
        (std::vector<Reason>{{"amount_granted_cents",
                              "Emergency aid is a one-off grant from 20000.00 EUR to 100000.00 "
                              "EUR; 150000.00 EUR granted is above the maximum",
                              kBounds}}));
}

TEST_F(EmergencyParameters, BoundsRefuseBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kBounds, R"({"min_cents": 10000001, "max_cents": 10000000})"),
              "min_cents: is greater than max_cents (10000001 > 10000000)");
    EXPECT_EQ(paramErrorOf(s, kBounds, R"({"min_cents": -1})"), "min_cents: must not be negative");
    EXPECT_EQ(paramErrorOf(s, kBounds, R"({"max": 1})"),
              "max: unknown parameter (expected: min_cents, max_cents)");
}

TEST_P(Emergency, EachKindOfCrisisWithACountryPasses) {
    s.setField("country", "HT");
    for (const char* crisis : {"epidemic", "natural_disaster", "conflict_refugees"}) {
        s.setField("crisis_type", crisis);
        EXPECT_TRUE(s.check(kCrisis, "{}").empty()) << crisis;
    }
}

TEST_P(Emergency, CrisisGivesOneReasonPerMissingItem) {
    EXPECT_EQ(
        s.check(kCrisis, R"({"crisis_field": "crisis_type", "country_field": "country"})"),
        (std::vector<Reason>{
            {"crisis_type",
             "Type of crisis is missing: emergency aid goes to victims of an epidemic, a natural "
             "disaster, or refugees and displaced people of a conflict",
             kCrisis},
            {"country", "Country of the action is missing: say where the crisis is", kCrisis}}));
}

TEST_P(Emergency, CrisisRefusesAnUnknownKindOfCrisis) {
    s.setField("country", "VU");
    s.setField("crisis_type", "famine");
    EXPECT_EQ(s.check(kCrisis, "{}"),
              (std::vector<Reason>{{"crisis_type",
                                    "Type of crisis `famine` is not a crisis emergency aid covers "
                                    "(epidemic, natural_disaster, conflict_refugees)",
                                    kCrisis}}));
}

TEST_F(EmergencyParameters, CrisisParametersAreCheckedAgainstTheDefinition) {
    s.definition.fields.push_back(
        field("other_crisis", FieldType::Enum, "Crisis", {"epidemic", "famine"}));
    EXPECT_EQ(paramErrorOf(s, kCrisis, R"({"crisis_field": "other_crisis"})"),
              "crisis_field: field `other_crisis` offers the value `famine`; this step knows only "
              "epidemic, natural_disaster, conflict_refugees");
    EXPECT_EQ(
        paramErrorOf(s, kCrisis, R"({"country_field": "beneficiaries"})"),
        "country_field: field `beneficiaries` is of type number; this step needs a field of type "
        "country or text");
}

TEST_P(Emergency, ReviewDeadlineFallsTheConfiguredNumberOfDaysAfterNow) {
    s.now = day(2026, 3, 2) + 14h + 30min;
    EXPECT_EQ(s.apply(kDeadline, R"({"days": 5})").deadlineAt, day(2026, 3, 7) + 14h + 30min);
    EXPECT_EQ(s.apply(kDeadline, R"({"days": 2})").deadlineAt, day(2026, 3, 4) + 14h + 30min);
    EXPECT_EQ(s.apply(kDeadline, "{}").deadlineAt, day(2026, 3, 7) + 14h + 30min);
}

TEST_P(Emergency, ReviewDeadlineOverridesTheDeadlineAlreadyInTheChange) {
    TransitionChange change;
    change.deadlineAt = s.now + std::chrono::days(10);  // what the state declares
    EXPECT_EQ(s.apply(kDeadline, R"({"days": 3})", change).deadlineAt,
              s.now + std::chrono::days(3));
}

TEST_F(EmergencyParameters, ReviewDeadlineRefusesBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kDeadline, R"({"days": 0})"),
              "days: must be between 1 and 90, not 0");
    EXPECT_EQ(paramErrorOf(s, kDeadline, R"({"days": "P5D"})"), "days: must be an integer");
}

GRANTFLOW_INSTANTIATE_BACKENDS(Emergency);

}  // namespace
