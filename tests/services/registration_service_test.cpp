#include "services/registration_service.hpp"

#include <gtest/gtest.h>

#include "security/password.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");
constexpr const char* kPassword = "Correct-Horse-Battery-9";

services::RegistrationRequest validRequest() {
    services::RegistrationRequest r;
    r.organisation.name = "Eau Vive";
    r.organisation.rna = "W751234568";
    r.organisation.siret = "35600000000048";
    r.organisation.address = "4 rue de l'Aqueduc";
    r.organisation.city = "Paris";
    r.organisation.country = "FR";
    r.organisation.iban = "fr76 1010 7001 0112 3456 7890 129";
    r.activeInParisSince = "2012-06-15";
    r.email = " Moussa@Eau.example.org ";
    r.password = kPassword;
    r.name = "Moussa";
    return r;
}

std::vector<std::string> fieldsOf(const engine::Error& error) {
    std::vector<std::string> fields;
    for (const auto& r : error.reasons) fields.push_back(r.field);
    return fields;
}

class RegistrationServiceTest : public ::testing::Test {
protected:
    grantflow::testing::FakeUserStore users_;
    engine::ManualClock clock_{kNow};
    services::RegistrationService service_{users_, clock_};
};

}  // namespace

TEST_F(RegistrationServiceTest, RegistersTheOrganisationAndItsApplicantNormalised) {
    auto registered = service_.registerOrganisation(validRequest());
    ASSERT_TRUE(registered) << registered.error().message;
    const auto& r = registered.value();
    EXPECT_EQ(r.organisation.iban, "FR7610107001011234567890129");
    EXPECT_EQ(r.organisation.activeInParisSince, engine::parseTimestamp("2012-06-15"));
    EXPECT_EQ(r.user.email, "moussa@eau.example.org");
    EXPECT_EQ(r.user.role, engine::Role::Applicant);
    EXPECT_EQ(r.user.organizationId, r.organisation.id);
    EXPECT_NE(r.user.passwordHash, kPassword);
    EXPECT_TRUE(security::verifyPassword(r.user.passwordHash, kPassword));
}

TEST_F(RegistrationServiceTest, EveryBrokenRuleIsOneReasonNamedByItsField) {
    services::RegistrationRequest r;
    r.organisation.rna = "W12";
    r.organisation.siret = "73282932000075";
    r.organisation.address = std::string(301, 'a');
    r.organisation.city = "Paris\nCedex";
    r.organisation.country = "France";
    r.organisation.iban = "FR7630006000011234567890180";
    r.activeInParisSince = "15/06/2012";
    r.email = "moussa";
    r.password = "password";
    r.name = "  ";
    auto refused = service_.registerOrganisation(r);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Invalid);
    EXPECT_EQ(refused.error().message, "the registration has invalid values");
    EXPECT_EQ(
        fieldsOf(refused.error()),
        (std::vector<std::string>{
            "organization.name", "organization.rna", "organization.siret", "organization.address",
            "organization.city", "organization.country", "organization.iban",
            "organization.active_in_paris_since", "user.email", "user.password", "user.name"}));
    EXPECT_EQ(refused.error().reasons[0].message, "is required");
    EXPECT_EQ(refused.error().reasons[3].message, "must be at most 300 characters");
    EXPECT_EQ(refused.error().reasons[4].message, "must be a single line");
    EXPECT_EQ(refused.error().reasons[7].message, "must be a date written YYYY-MM-DD");
    EXPECT_TRUE(users_.users.empty());
}

TEST_F(RegistrationServiceTest, ADateInTheFutureIsRefused) {
    auto r = validRequest();
    r.activeInParisSince = "2026-03-02";
    auto refused = service_.registerOrganisation(r);
    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().reasons.size(), 1u);
    EXPECT_EQ(refused.error().reasons[0].field, "organization.active_in_paris_since");
    EXPECT_EQ(refused.error().reasons[0].message, "must not be in the future");
}

TEST_F(RegistrationServiceTest, LengthsCountCharactersNotBytes) {
    auto r = validRequest();
    r.organisation.city = "";
    for (int i = 0; i < 100; ++i) r.organisation.city += "é";  // 200 bytes, 100 characters
    EXPECT_TRUE(service_.registerOrganisation(r));
}

TEST_F(RegistrationServiceTest, ATakenEmailIsAConflictOnUserEmail) {
    ASSERT_TRUE(service_.registerOrganisation(validRequest()));
    auto again = validRequest();
    again.email = "MOUSSA@eau.example.org";
    auto refused = service_.registerOrganisation(again);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Conflict);
    EXPECT_EQ(refused.error().reasons,
              (std::vector<engine::Reason>{{"user.email", "is taken", ""}}));
    EXPECT_EQ(users_.organisations.size(), 1u);
}
