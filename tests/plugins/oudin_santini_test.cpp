// The Oudin-Santini guards of the WATER programme: 1% of the water service
// budget for water actions and 1% of the sanitation service budget for
// sanitation actions, each counted on its own line; uses outside the law
// refused. The guards read the line use and the envelope from the real store
// (SQLite and PostgreSQL); money gets onto a line the way it does in
// production, by approving WATER applications through the engine.
#include <gtest/gtest.h>

#include "engine/definition_loader.hpp"
#include "tests/plugins/harness_test.hpp"
#include "tests/plugins/programme_samples.hpp"
#include "tests/plugins/step_fixture.hpp"

using namespace grantflow::engine;
using grantflow::testing::field;
using grantflow::testing::HarnessTest;
using grantflow::testing::paramErrorOf;
using grantflow::testing::reserveOnWaterLine;
using grantflow::testing::sample;
using grantflow::testing::StepScene;

namespace {

constexpr const char* kCap = "oudin_santini.legal_cap";
constexpr const char* kUse = "oudin_santini.eligible_use";

// Caps for 2026: water 600,000.00 EUR, sanitation 500,000.00 EUR (the same
// as workflows/water.json, whose approvals put money on the lines).
const std::string kCapParams = R"({"line_field": "domain", "budgets": {
    "2026": {"water_service_cents": 6000000000, "sanitation_service_cents": 5000000000}}})";

// The WATER scene: the definition's fields as the steps see them.
void describeWater(StepScene& s) {
    s.definition.programme = "WATER";
    s.definition.fields = {
        field("domain", FieldType::Enum, "Domain (Oudin-Santini budget line)",
              {"water", "sanitation"}),
        field(
            "water_use", FieldType::Enum, "Use of the water",
            {"drinking_water", "sanitation_facilities", "agricultural", "industrial", "drainage"}),
        field("summary", FieldType::LongText, "Summary"),
    };
    s.application.programme = "WATER";
    s.application.year = 2026;
}

class OudinSantini : public HarnessTest<> {
protected:
    void SetUp() override {
        HarnessTest::SetUp();
        if (HasFatalFailure()) return;
        describeWater(s);
        h->setEnvelope("WATER", 2026, Money::fromEuros(1000000));
        s.bindTo(h->store, h->organisation);
    }

    std::vector<Reason> capFor(const std::string& domain, Money cityShare) {
        s.setField("domain", domain);
        s.application.amountRequested = cityShare;
        return s.check(kCap, kCapParams);
    }

    StepScene s;
};

TEST_P(OudinSantini, SanitationApplicationPassesWhenOnlyTheWaterLineIsFull) {
    reserveOnWaterLine(*h, "water", Money::fromEuros(600000));
    ASSERT_FALSE(HasFailure());

    EXPECT_TRUE(capFor("sanitation", Money::fromEuros(20000)).empty());
    EXPECT_EQ(
        capFor("water", Money::fromEuros(20000)),
        (std::vector<Reason>{{"domain",
                              "The Oudin-Santini cap for water in 2026 is 600000.00 EUR (1% of the "
                              "water service budget); 600000.00 EUR is already used on that line, "
                              "and this application's City share of 20000.00 EUR would exceed the "
                              "cap by 20000.00 EUR",
                              kCap}}));
}

TEST_P(OudinSantini, WaterApplicationPassesWhenOnlyTheSanitationLineIsFull) {
    reserveOnWaterLine(*h, "sanitation", Money::fromEuros(500000));
    ASSERT_FALSE(HasFailure());

    EXPECT_TRUE(capFor("water", Money::fromEuros(20000)).empty());
    auto reasons = capFor("sanitation", Money::fromCents(1));
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_EQ(reasons[0].message,
              "The Oudin-Santini cap for sanitation in 2026 is 500000.00 EUR (1% of the sanitation "
              "service budget); 500000.00 EUR is already used on that line, and this application's "
              "City share of 0.01 EUR would exceed the cap by 0.01 EUR");
}

TEST_P(OudinSantini, ApplicationMayFillItsLineToTheCent) {
    reserveOnWaterLine(*h, "water", Money::fromEuros(580000));
    ASSERT_FALSE(HasFailure());

    EXPECT_TRUE(capFor("water", Money::fromEuros(20000)).empty());
    auto reasons = capFor("water", Money::fromCents(2000001));
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_NE(reasons[0].message.find("would exceed the cap by 0.01 EUR"), std::string::npos)
        << reasons[0].message;
}

// The Council amending a reserved grant: the cap is checked with the new
// amount in place of the grant's own reservation, not on top of it.
TEST_P(OudinSantini, AGrantsOwnReservationIsNotCountedTwiceWhenItsAmountChanges) {
    reserveOnWaterLine(*h, "water", Money::fromEuros(400000));
    FieldValues fields = sample("WATER").fields;
    fields["domain"] = "water";
    fields["water_use"] = "drinking_water";
    const std::int64_t grant = h->createDraft("WATER", Money::fromEuros(150000), fields);
    h->attachRequired(grant);
    ASSERT_TRUE(h->driveTo(grant, "approved"));
    ASSERT_EQ(h->store.lineUse("WATER", 2026, "water"), Money::fromEuros(550000));
    ASSERT_EQ(h->store.lineHeldBy(grant, "WATER", 2026, "water"), Money::fromEuros(150000));

    s.application.id = grant;
    EXPECT_TRUE(capFor("water", Money::fromEuros(200000)).empty())
        << "400,000 held by others + 200,000 fills the 600,000 cap";
    auto reasons = capFor("water", Money::fromCents(20000001));
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_NE(reasons[0].message.find("400000.00 EUR is already used on that line"),
              std::string::npos)
        << reasons[0].message;
    EXPECT_NE(reasons[0].message.find("would exceed the cap by 0.01 EUR"), std::string::npos)
        << reasons[0].message;
}

TEST_P(OudinSantini, CapIsOnePercentRoundedDown) {
    // 1% of 1,000,000.99 EUR is 10,000.0099 EUR: the cap is 10,000.00 EUR.
    const std::string params = R"({"budgets": {"2026":
        {"water_service_cents": 100000099, "sanitation_service_cents": 100000099}}})";
    h->setEnvelope("WATER", 2026, Money::fromEuros(20000));
    s.setField("domain", "water");
    s.application.amountRequested = Money::fromEuros(10000);
    EXPECT_TRUE(s.check(kCap, params).empty());
    s.application.amountRequested = Money::fromCents(1000001);
    EXPECT_EQ(s.check(kCap, params).size(), 1u);
}

TEST_P(OudinSantini, CountsOnlyTheCityShareOfACoFundedGrant) {
    reserveOnWaterLine(*h, "water", Money::fromEuros(590000));
    ASSERT_FALSE(HasFailure());
    s.setField("domain", "water");
    s.application.amountRequested = Money::fromEuros(30000);
    s.application.partnerShare = Money::fromEuros(20000);
    EXPECT_TRUE(s.check(kCap, kCapParams).empty());
    s.application.partnerShare = Money::fromEuros(19999);  // City share 10,001 EUR: 1 EUR too much
    EXPECT_EQ(s.check(kCap, kCapParams).size(), 1u);
}

TEST_P(OudinSantini, RefusesAYearWhoseServiceBudgetsAreNotConfigured) {
    s.application.year = 2028;
    EXPECT_EQ(
        capFor("water", Money::fromEuros(20000)),
        (std::vector<Reason>{{"",
                              "The water and sanitation service budgets for 2028 are not "
                              "configured, so the Oudin-Santini cap (1% of each) cannot be "
                              "checked; an administrator must add 2028 to the programme's workflow",
                              kCap}}));
}

TEST_P(OudinSantini, RefusesWhenTheEnvelopeIsAboveTheSumOfTheCaps) {
    h->setEnvelope("WATER", 2026, Money::fromCents(110000001));
    EXPECT_EQ(
        capFor("water", Money::fromEuros(20000)),
        (std::vector<Reason>{{"",
                              "The WATER envelope for 2026 (1100000.01 EUR) is above the "
                              "Oudin-Santini legal maximum of 1100000.00 EUR (1% of the water "
                              "service budget, 600000.00 EUR, plus 1% of the sanitation service "
                              "budget, 500000.00 EUR); the envelope must be lowered",
                              kCap}}));

    h->setEnvelope("WATER", 2026, Money::fromEuros(1100000));
    EXPECT_TRUE(capFor("water", Money::fromEuros(20000)).empty());
}

TEST_P(OudinSantini, RefusesAnApplicationWithoutADomain) {
    s.application.amountRequested = Money::fromEuros(20000);
    EXPECT_EQ(
        s.check(kCap, kCapParams),
        (std::vector<Reason>{{"domain",
                              "Domain (Oudin-Santini budget line) is missing: the Oudin-Santini "
                              "cap is counted separately for water and for sanitation",
                              kCap}}));
}

TEST_P(OudinSantini, DrinkingWaterAndSanitationUsesAreEligible) {
    for (const char* use : {"drinking_water", "sanitation_facilities"}) {
        s.setField("water_use", use);
        EXPECT_TRUE(s.check(kUse, R"({"field": "water_use"})").empty()) << use;
    }
}

TEST_P(OudinSantini, AnUndeclaredUseIsRefused) {
    EXPECT_EQ(s.check(kUse, R"({"field": "water_use"})"),
              (std::vector<Reason>{
                  {"water_use",
                   "Use of the water is missing: the Oudin-Santini law funds only "
                   "access to drinking water and sanitation, so the use must be declared",
                   kUse}}));
}

TEST_P(OudinSantini, ExcludedUsesAreRefusedWithTheFieldNamed) {
    for (const char* use : {"agricultural", "industrial", "drainage"}) {
        s.setField("water_use", use);
        EXPECT_EQ(s.check(kUse, R"({"field": "water_use"})"),
                  (std::vector<Reason>{
                      {"water_use",
                       std::string("Use of the water: the ") + use +
                           " use cannot be funded under the Oudin-Santini law, which covers access "
                           "to drinking water and sanitation only (agricultural, industrial and "
                           "drainage uses are excluded)",
                       kUse}}))
            << use;
    }
}

GRANTFLOW_INSTANTIATE_BACKENDS(OudinSantini);

// --- parameters: checked when a definition loads, before any store exists

class OudinSantiniParameters : public ::testing::Test {
protected:
    OudinSantiniParameters() { describeWater(s); }
    StepScene s;
};

TEST_F(OudinSantiniParameters, LegalCapParametersAreCheckedAgainstTheDefinition) {
    s.definition.fields.push_back(field("kind", FieldType::Enum, "Kind", {"water", "waste"}));
    s.definition.fields.push_back(field("amount", FieldType::Money, "Amount"));
    const std::string budgets =
        R"("budgets": {"2026": {"water_service_cents": 1, "sanitation_service_cents": 1}})";

    EXPECT_EQ(paramErrorOf(s, kCap, "{" + budgets + "}"), "");
    EXPECT_EQ(paramErrorOf(s, kCap, R"({"line_field": "amount", )" + budgets + "}"),
              "line_field: field `amount` is of type money; this step needs a field of type enum");
    EXPECT_EQ(paramErrorOf(s, kCap, R"({"line_field": "nope", )" + budgets + "}"),
              "line_field: names field `nope`, which the definition does not declare");
    EXPECT_EQ(paramErrorOf(s, kCap, R"({"line_field": "kind", )" + budgets + "}"),
              "line_field: field `kind` offers the value `waste`; this step knows only water, "
              "sanitation");
    EXPECT_EQ(paramErrorOf(s, kCap, "{}"), "budgets: required parameter is missing");
    EXPECT_EQ(paramErrorOf(s, kCap, R"({"budgets": {}})"),
              "budgets: must configure at least one budget year");
    EXPECT_EQ(
        paramErrorOf(
            s, kCap,
            R"({"budgets": {"26": {"water_service_cents": 1, "sanitation_service_cents": 1}}})"),
        "budgets.26: keys of `budgets` are budget years such as \"2026\"");
    EXPECT_EQ(paramErrorOf(s, kCap, R"({"budgets": {"2026": {"water_service_cents": 1}}})"),
              "budgets.2026.sanitation_service_cents: required parameter is missing");
    EXPECT_EQ(
        paramErrorOf(
            s, kCap,
            R"({"budgets": {"2026": {"water_service_cents": -1, "sanitation_service_cents": 1}}})"),
        "budgets.2026.water_service_cents: must not be negative");
    EXPECT_EQ(
        paramErrorOf(
            s, kCap,
            R"({"budgets": {"2026": {"water_service_cents": 1.5, "sanitation_service_cents": 1}}})"),
        "budgets.2026.water_service_cents: must be an integer number of cents");
    EXPECT_EQ(
        paramErrorOf(
            s, kCap,
            R"({"budgets": {"2026": {"water_cents": 1, "water_service_cents": 1, "sanitation_service_cents": 1}}})"),
        "budgets.2026.water_cents: unknown parameter (expected: water_service_cents, "
        "sanitation_service_cents)");
    EXPECT_EQ(paramErrorOf(s, kCap, R"({"line": "domain", )" + budgets + "}"),
              "line: unknown parameter (expected: line_field, budgets)");
}

TEST_F(OudinSantiniParameters, EligibleUseNeedsAnEnumField) {
    EXPECT_EQ(paramErrorOf(s, kUse, R"({"field": "summary"})"),
              "field: field `summary` is of type longtext; this step needs a field of type enum");
    EXPECT_EQ(paramErrorOf(s, kUse, "{}"), "");  // defaults to water_use
}

TEST(OudinSantiniDefinition, ABadParameterIsReportedWithFileAndPath) {
    const std::string text = R"({
      "programme": "WATER", "title": "Water", "version": 1, "direction": "DGRI",
      "fields": [{"name": "domain", "type": "enum", "values": ["water", "sanitation"], "label": "Domain"}],
      "states": [{"name": "draft", "initial": true}, {"name": "approved", "final": true}],
      "transitions": [
        {"name": "approve", "from": "draft", "to": "approved", "roles": ["reviewer"],
         "guards": ["budget_available",
                    {"name": "oudin_santini.legal_cap", "params": {"line_field": "domain",
                      "budgets": {"2026": {"water_service_cents": "lots", "sanitation_service_cents": 1}}}}]}
      ]})";
    try {
        parseDefinition(text, "water-test.json", grantflow::testing::bundledRegistry());
        FAIL() << "the definition loaded";
    } catch (const DefinitionError& e) {
        ASSERT_EQ(e.problems().size(), 1u) << e.what();
        EXPECT_EQ(e.problems()[0].path,
                  "$.transitions[0].guards[1].params.budgets.2026.water_service_cents");
        EXPECT_NE(std::string(e.what()).find("water-test.json"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("must be an integer number of cents"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
