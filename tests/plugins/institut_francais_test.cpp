// The Institut Français steps of CULTURE_IF: applicants active in Paris for
// a year, the partner's share of each grant, and the rotation of recipients
// and disciplines from one cycle to the next. The rotation reads last year's
// applications from the real store (SQLite and PostgreSQL).
#include <gtest/gtest.h>

#include "store/organisation_repository.hpp"
#include "tests/plugins/harness_test.hpp"
#include "tests/plugins/step_fixture.hpp"

using namespace grantflow::engine;
namespace store = grantflow::store;
using namespace std::chrono_literals;
using grantflow::testing::day;
using grantflow::testing::field;
using grantflow::testing::HarnessTest;
using grantflow::testing::paramErrorOf;
using grantflow::testing::SharedHarnessTest;
using grantflow::testing::StepScene;

namespace {

constexpr const char* kActive = "institut_francais.active_in_paris";
constexpr const char* kCofunding = "institut_francais.cofunding";
constexpr const char* kRotation = "institut_francais.rotation";

void describeCulture(StepScene& s) {
    s.definition.programme = "CULTURE_IF";
    s.definition.fields = {
        field("discipline", FieldType::Enum, "Artistic discipline", {"theatre", "dance", "music"}),
        field("rotation_justification", FieldType::LongText, "Rotation justification"),
        field("performances", FieldType::Number, "Performances"),
    };
    s.application.programme = "CULTURE_IF";
    s.application.year = 2026;
    s.now = day(2026, 3, 2) + 9h;
}

// One CULTURE_IF application of a company in Paris, bound to the store of
// `Base` (HarnessTest: a database per test; SharedHarnessTest: one per suite).
template <class Base>
class InstitutScene : public Base {
protected:
    void SetUp() override {
        Base::SetUp();
        if (this->HasFatalFailure()) return;
        describeCulture(s);
        // A company that has not said since when it works in Paris: each
        // test gives the date it needs, in memory, as a profile edit would.
        Organisation company;
        company.name = "Compagnie du Pont-Neuf";
        company.city = "Paris";
        company.country = "FR";
        auto stored = store::OrganisationRepository(this->h->db).create(company);
        ASSERT_TRUE(stored.ok()) << stored.error().message;
        s.bindTo(this->h->store, stored.value());
    }

    // An application of `year` in `state`, from organisation `org`, stored
    // as it stands through the store's port: the rotation rule reads it back
    // with the store's query.
    void previous(std::int64_t org, const std::string& discipline, const std::string& state,
                  int year = 2025) {
        Application a;
        a.programme = "CULTURE_IF";
        a.organizationId = org;
        a.title = "Last year's tour";
        a.amountRequested = Money::fromEuros(20000);
        a.year = year;
        a.state = state;
        a.fields["discipline"] = discipline;
        a.createdAt = day(year, 4, 1);
        this->h->storeAsIs(a);
    }

    std::int64_t otherOrganisation() const { return this->h->otherOrganisation.id; }

    StepScene s;
};

// active_in_paris and cofunding read nothing from the store: one database
// per backend for the suite.
class InstitutFrancais : public InstitutScene<SharedHarnessTest<>> {};
GRANTFLOW_INSTANTIATE_BACKENDS(InstitutFrancais);

// The rotation reads last cycle's applications, which each test writes: a
// database per test.
class InstitutFrancaisRotation : public InstitutScene<HarnessTest<>> {};
GRANTFLOW_INSTANTIATE_BACKENDS(InstitutFrancaisRotation);

// Parameters are checked when a definition loads, before any store exists.
class InstitutFrancaisParameters : public ::testing::Test {
protected:
    InstitutFrancaisParameters() { describeCulture(s); }
    StepScene s;
};

// --- active_in_paris

TEST_P(InstitutFrancais, ActiveInParisForExactlyOneYearPasses) {
    s.organisation.activeInParisSince = s.now - std::chrono::days(365);
    EXPECT_TRUE(s.check(kActive, R"({"min_years": 1})").empty());
}

TEST_P(InstitutFrancais, ActiveInParisForOneYearLessOneSecondFails) {
    s.organisation.activeInParisSince = s.now - std::chrono::days(365) + 1s;
    EXPECT_EQ(
        s.check(kActive, R"({"min_years": 1})"),
        (std::vector<Reason>{{"active_in_paris_since",
                              "The organisation has been active in Paris since 2025-03-02, which "
                              "is less than 1 year before 2026-03-02; this programme funds "
                              "Parisian artists and troupes active in Paris for at least 1 year",
                              kActive}}));
}

TEST_P(InstitutFrancais, ActiveInParisWithoutADateFails) {
    EXPECT_EQ(
        s.check(kActive, "{}"),
        (std::vector<Reason>{{"active_in_paris_since",
                              "The organisation has not declared since when it has been active in "
                              "Paris; this programme funds Parisian artists and troupes active in "
                              "Paris for at least 1 year, so the date must be given in its profile",
                              kActive}}));
}

TEST_P(InstitutFrancais, ActiveInParisCountsYearsOf365Days) {
    s.organisation.activeInParisSince = s.now - std::chrono::days(3 * 365);
    EXPECT_TRUE(s.check(kActive, R"({"min_years": 3})").empty());
    s.organisation.activeInParisSince = s.now - std::chrono::days(3 * 365 - 1);
    auto reasons = s.check(kActive, R"({"min_years": 3})");
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_NE(reasons[0].message.find("less than 3 years"), std::string::npos)
        << reasons[0].message;
}

TEST_F(InstitutFrancaisParameters, ActiveInParisRefusesBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kActive, R"({"min_years": 0})"),
              "min_years: must be between 1 and 100, not 0");
    EXPECT_EQ(paramErrorOf(s, kActive, R"({"min_years": "one"})"), "min_years: must be an integer");
    EXPECT_EQ(paramErrorOf(s, kActive, R"({"years": 1})"),
              "years: unknown parameter (expected: min_years)");
}

// --- cofunding

TEST_P(InstitutFrancais, CofundingSplitsTheAmountGrantedByAnEarlierAction) {
    TransitionChange before;
    before.amountGranted = Money::fromEuros(30000);  // as grant_requested leaves it
    auto change = s.apply(kCofunding, R"({"partner_share_percent": 50})", before);
    EXPECT_EQ(change.amountGranted, Money::fromEuros(30000));
    EXPECT_EQ(change.partnerShare, Money::fromEuros(15000));
}

TEST_P(InstitutFrancais, CofundingRoundsThePartnerShareDown) {
    s.application.amountGranted = Money::fromCents(2500001);  // 25,000.01 EUR
    auto change = s.apply(kCofunding, R"({"partner_share_percent": 50})");
    EXPECT_EQ(change.amountGranted, Money::fromCents(2500001));
    EXPECT_EQ(change.partnerShare, Money::fromCents(1250000));

    auto third = s.apply(kCofunding, R"({"partner_share_percent": 33})");
    EXPECT_EQ(third.partnerShare, Money::fromCents(825000));  // 8,250.0033 EUR
}

TEST_P(InstitutFrancais, CofundingBeforeAnyDecisionEstimatesOnTheRequestedAmount) {
    s.application.amountRequested = Money::fromCents(1000001);
    auto change = s.apply(kCofunding, "{}");  // 50% by default
    EXPECT_EQ(change.partnerShare, Money::fromCents(500000));
    EXPECT_FALSE(change.amountGranted.has_value()) << "co-funding must not decide the grant";
}

TEST_F(InstitutFrancaisParameters, CofundingRefusesBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kCofunding, R"({"partner_share_percent": 0})"),
              "partner_share_percent: must be between 1 and 100, not 0");
    EXPECT_EQ(paramErrorOf(s, kCofunding, R"({"partner_share_percent": 101})"),
              "partner_share_percent: must be between 1 and 100, not 101");
}

// --- rotation

TEST_P(InstitutFrancaisRotation, RotationPassesWhenNeitherOrganisationNorDisciplineWasFunded) {
    previous(otherOrganisation(), "dance", "closed");
    s.setField("discipline", "theatre");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_P(InstitutFrancaisRotation, RotationNeedsAJustificationWhenTheOrganisationWasFunded) {
    previous(s.organisation.id, "dance", "paid");
    s.setField("discipline", "theatre");
    EXPECT_EQ(
        s.check(kRotation, "{}"),
        (std::vector<Reason>{{"rotation_justification",
                              "This organisation was funded in the previous cycle (2025) and the "
                              "programme rotates recipients and disciplines: Rotation "
                              "justification must explain why it should be funded again (at "
                              "least 20 characters)",
                              kRotation}}));

    s.setField("rotation_justification", "A new creation, new partner");  // 27 characters
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_P(InstitutFrancaisRotation, RotationNeedsAJustificationWhenTheDisciplineWasFunded) {
    previous(otherOrganisation(), "theatre", "voted");
    s.setField("discipline", "theatre");
    EXPECT_EQ(
        s.check(kRotation, "{}"),
        (std::vector<Reason>{{"rotation_justification",
                              "The discipline `theatre` was funded in the previous cycle (2025) "
                              "and the programme rotates recipients and disciplines: Rotation "
                              "justification must explain why it should be funded again (at "
                              "least 20 characters)",
                              kRotation}}));
}

TEST_P(InstitutFrancaisRotation, RotationNamesBothTriggers) {
    previous(s.organisation.id, "theatre", "agreement_signed");
    s.setField("discipline", "theatre");
    auto reasons = s.check(kRotation, "{}");
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_EQ(
        reasons[0].message.rfind("This organisation and the discipline `theatre` were both funded "
                                 "in the previous cycle (2025)",
                                 0),
        0u)
        << reasons[0].message;
}

TEST_P(InstitutFrancaisRotation, RotationJustificationMustHaveTwentyCharacters) {
    previous(s.organisation.id, "dance", "closed");
    s.setField("rotation_justification", "  Nineteen characters  ");  // 19 once trimmed
    auto reasons = s.check(kRotation, "{}");
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_NE(reasons[0].message.find(
                  "Rotation justification is too short (19 characters) to explain why"),
              std::string::npos)
        << reasons[0].message;

    s.setField("rotation_justification", "Twenty characters!!!");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_P(InstitutFrancaisRotation, RotationCountsCharactersNotBytes) {
    previous(s.organisation.id, "dance", "closed");
    std::string nineteen;
    for (int i = 0; i < 19; ++i) nineteen += "é";  // 38 bytes
    s.setField("rotation_justification", nineteen);
    EXPECT_EQ(s.check(kRotation, "{}").size(), 1u);
    s.setField("rotation_justification", nineteen + "é");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_P(InstitutFrancaisRotation, RotationIgnoresUnfundedAndOlderApplications) {
    previous(s.organisation.id, "theatre", "rejected");
    previous(s.organisation.id, "theatre", "under_review");
    previous(s.organisation.id, "theatre", "closed", 2024);
    s.setField("discipline", "theatre");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_P(InstitutFrancaisRotation, RotationUsesTheConfiguredFundedStates) {
    previous(s.organisation.id, "dance", "paid");
    EXPECT_TRUE(s.check(kRotation, R"({"funded_states": ["closed"]})").empty());
    EXPECT_EQ(s.check(kRotation, R"({"funded_states": ["paid", "closed"]})").size(), 1u);
}

TEST_F(InstitutFrancaisParameters, RotationRefusesBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kRotation, R"({"funded_states": ["voted", "granted"]})"),
              "funded_states[1]: names state `granted`, which the definition does not declare");
    EXPECT_EQ(paramErrorOf(s, kRotation, R"({"funded_states": []})"),
              "funded_states: must name at least one state");
    EXPECT_EQ(
        paramErrorOf(s, kRotation, R"({"discipline_field": "performances"})"),
        "discipline_field: field `performances` is of type number; this step needs a field of "
        "type enum or text");
    EXPECT_EQ(paramErrorOf(s, kRotation, R"({"justification_field": "why"})"),
              "justification_field: names field `why`, which the definition does not declare");
}

}  // namespace
