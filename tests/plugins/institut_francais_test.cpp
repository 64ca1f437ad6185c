// The Institut Français steps of CULTURE_IF: applicants active in Paris for
// a year, the partner's share of each grant, and the rotation of recipients
// and disciplines from one cycle to the next.
#include <gtest/gtest.h>

#include "tests/plugins/step_fixture.hpp"

using namespace grantflow::engine;
using namespace std::chrono_literals;
using grantflow::testing::day;
using grantflow::testing::field;
using grantflow::testing::paramErrorOf;
using grantflow::testing::StepScene;

namespace {

constexpr const char* kActive = "institut_francais.active_in_paris";
constexpr const char* kCofunding = "institut_francais.cofunding";
constexpr const char* kRotation = "institut_francais.rotation";

class InstitutFrancais : public ::testing::Test {
  protected:
    InstitutFrancais() {
        s.definition.programme = "CULTURE_IF";
        s.definition.fields = {
            field("discipline", FieldType::Enum, "Artistic discipline",
                  {"theatre", "dance", "music"}),
            field("rotation_justification", FieldType::LongText, "Rotation justification"),
            field("performances", FieldType::Number, "Performances"),
        };
        s.application.programme = "CULTURE_IF";
        s.application.year = 2026;
        s.now = day(2026, 3, 2) + 9h;
    }

    // An application of `year` in `state`, from organisation `org`.
    void previous(std::int64_t org, const std::string& discipline, const std::string& state,
                  int year = 2025) {
        Application a;
        a.programme = "CULTURE_IF";
        a.organizationId = org;
        a.year = year;
        a.state = state;
        a.fields["discipline"] = discipline;
        s.store.putApplication(a);
    }

    StepScene s;
};

// --- active_in_paris

TEST_F(InstitutFrancais, ActiveInParisForExactlyOneYearPasses) {
    s.organisation.activeInParisSince = s.now - std::chrono::days(365);
    EXPECT_TRUE(s.check(kActive, R"({"min_years": 1})").empty());
}

TEST_F(InstitutFrancais, ActiveInParisForOneYearLessOneSecondFails) {
    s.organisation.activeInParisSince = s.now - std::chrono::days(365) + 1s;
    EXPECT_EQ(
        s.check(kActive, R"({"min_years": 1})"),
        (std::vector<Reason>{{"active_in_paris_since",
                              "The organisation has been active in Paris since 2025-03-02, which "
                              "is less than 1 year before 2026-03-02; this programme funds "
                              "Parisian artists and troupes active in Paris for at least 1 year",
                              kActive}}));
}

TEST_F(InstitutFrancais, ActiveInParisWithoutADateFails) {
    EXPECT_EQ(
        s.check(kActive, "{}"),
        (std::vector<Reason>{{"active_in_paris_since",
                              "The organisation has not declared since when it has been active in "
                              "Paris; this programme funds Parisian artists and troupes active in "
                              "Paris for at least 1 year, so the date must be given in its profile",
                              kActive}}));
}

TEST_F(InstitutFrancais, ActiveInParisCountsYearsOf365Days) {
    s.organisation.activeInParisSince = s.now - std::chrono::days(3 * 365);
    EXPECT_TRUE(s.check(kActive, R"({"min_years": 3})").empty());
    s.organisation.activeInParisSince = s.now - std::chrono::days(3 * 365 - 1);
    auto reasons = s.check(kActive, R"({"min_years": 3})");
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_NE(reasons[0].message.find("less than 3 years"), std::string::npos)
        << reasons[0].message;
}

TEST_F(InstitutFrancais, ActiveInParisRefusesBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kActive, R"({"min_years": 0})"),
              "min_years: must be between 1 and 100, not 0");
    EXPECT_EQ(paramErrorOf(s, kActive, R"({"min_years": "one"})"), "min_years: must be an integer");
    EXPECT_EQ(paramErrorOf(s, kActive, R"({"years": 1})"),
              "years: unknown parameter (expected: min_years)");
}

// --- cofunding

TEST_F(InstitutFrancais, CofundingSplitsTheAmountGrantedByAnEarlierAction) {
    TransitionChange before;
    before.amountGranted = Money::fromEuros(30000);  // as grant_requested leaves it
    auto change = s.apply(kCofunding, R"({"partner_share_percent": 50})", before);
    EXPECT_EQ(change.amountGranted, Money::fromEuros(30000));
    EXPECT_EQ(change.partnerShare, Money::fromEuros(15000));
}

TEST_F(InstitutFrancais, CofundingRoundsThePartnerShareDown) {
    s.application.amountGranted = Money::fromCents(2500001);  // 25,000.01 EUR
    auto change = s.apply(kCofunding, R"({"partner_share_percent": 50})");
    EXPECT_EQ(change.amountGranted, Money::fromCents(2500001));
    EXPECT_EQ(change.partnerShare, Money::fromCents(1250000));

    auto third = s.apply(kCofunding, R"({"partner_share_percent": 33})");
    EXPECT_EQ(third.partnerShare, Money::fromCents(825000));  // 8,250.0033 EUR
}

TEST_F(InstitutFrancais, CofundingBeforeAnyDecisionEstimatesOnTheRequestedAmount) {
    s.application.amountRequested = Money::fromCents(1000001);
    auto change = s.apply(kCofunding, "{}");  // 50% by default
    EXPECT_EQ(change.partnerShare, Money::fromCents(500000));
    EXPECT_FALSE(change.amountGranted.has_value()) << "co-funding must not decide the grant";
}

TEST_F(InstitutFrancais, CofundingRefusesBadParameters) {
    EXPECT_EQ(paramErrorOf(s, kCofunding, R"({"partner_share_percent": 0})"),
              "partner_share_percent: must be between 1 and 100, not 0");
    EXPECT_EQ(paramErrorOf(s, kCofunding, R"({"partner_share_percent": 101})"),
              "partner_share_percent: must be between 1 and 100, not 101");
}

// --- rotation

TEST_F(InstitutFrancais, RotationPassesWhenNeitherOrganisationNorDisciplineWasFunded) {
    previous(99, "dance", "closed");
    s.setField("discipline", "theatre");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_F(InstitutFrancais, RotationNeedsAJustificationWhenTheOrganisationWasFunded) {
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

TEST_F(InstitutFrancais, RotationNeedsAJustificationWhenTheDisciplineWasFunded) {
    previous(99, "theatre", "voted");
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

TEST_F(InstitutFrancais, RotationNamesBothTriggers) {
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

TEST_F(InstitutFrancais, RotationJustificationMustHaveTwentyCharacters) {
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

TEST_F(InstitutFrancais, RotationCountsCharactersNotBytes) {
    previous(s.organisation.id, "dance", "closed");
    std::string nineteen;
    for (int i = 0; i < 19; ++i) nineteen += "é";  // 38 bytes
    s.setField("rotation_justification", nineteen);
    EXPECT_EQ(s.check(kRotation, "{}").size(), 1u);
    s.setField("rotation_justification", nineteen + "é");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_F(InstitutFrancais, RotationIgnoresUnfundedAndOlderApplications) {
    previous(s.organisation.id, "theatre", "rejected");
    previous(s.organisation.id, "theatre", "under_review");
    previous(s.organisation.id, "theatre", "closed", 2024);
    s.setField("discipline", "theatre");
    EXPECT_TRUE(s.check(kRotation, "{}").empty());
}

TEST_F(InstitutFrancais, RotationUsesTheConfiguredFundedStates) {
    previous(s.organisation.id, "dance", "paid");
    EXPECT_TRUE(s.check(kRotation, R"({"funded_states": ["closed"]})").empty());
    EXPECT_EQ(s.check(kRotation, R"({"funded_states": ["paid", "closed"]})").size(), 1u);
}

TEST_F(InstitutFrancais, RotationRefusesBadParameters) {
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
