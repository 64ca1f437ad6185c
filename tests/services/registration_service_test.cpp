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
    // The outcome as a Result; being rate-limited fails the test.
    engine::Result<services::RegistrationOutcome> tryRegister(
        const services::RegistrationRequest& r) {
        auto outcome = service_.registerOrganisation(r);
        if (auto* done = std::get_if<services::RegistrationOutcome>(&outcome)) return *done;
        if (auto* error = std::get_if<engine::Error>(&outcome)) return *error;
        ADD_FAILURE() << "rate-limited";
        return engine::makeError(engine::ErrorCode::Unavailable, "rate-limited");
    }
    std::vector<std::string> refusedFields(const services::RegistrationRequest& r) {
        auto refused = tryRegister(r);
        EXPECT_FALSE(refused);
        if (refused) return {};
        EXPECT_EQ(refused.error().code, engine::ErrorCode::Invalid);
        return fieldsOf(refused.error());
    }

    grantflow::testing::FakeUserStore users_;
    grantflow::testing::FakeOrganisationStore organisations_{users_};
    engine::ManualClock clock_{kNow};
    grantflow::testing::FakeLoginAttemptStore attempts_;
    services::PasswordGate passwords_{{.slots = 1, .wait = std::chrono::milliseconds(10)}};
    services::LoginPolicy limits_{
        .maxFailuresPerEmail = 3, .maxFailuresPerAddress = 10, .window = std::chrono::hours(1)};
    // No relay: addresses need no confirmation (see RegistrationByMailTest).
    grantflow::testing::FakeAccountTokenStore tokens_;
    grantflow::testing::FakeMailSender mail_;
    services::AccountLinks noLinks_{tokens_, mail_, clock_, ""};
    services::RegistrationService service_{users_,   organisations_, attempts_, passwords_,
                                           noLinks_, clock_,         limits_};
};

}  // namespace

TEST_F(RegistrationServiceTest, RegistersTheOrganisationAndItsApplicantNormalised) {
    auto registered = tryRegister(validRequest());
    ASSERT_TRUE(registered) << registered.error().message;
    const auto& r = registered.value();
    ASSERT_TRUE(r.organisation);
    EXPECT_FALSE(r.joinRequest);
    EXPECT_EQ(r.organisation->kind, engine::OrganisationKind::Association);
    EXPECT_EQ(r.organisation->iban, "FR7610107001011234567890129");
    EXPECT_EQ(r.organisation->activeInParisSince, engine::parseTimestamp("2012-06-15"));
    EXPECT_EQ(r.user->email, "moussa@eau.example.org");
    EXPECT_EQ(r.user->role, engine::Role::Applicant);
    EXPECT_EQ(r.user->organizationId, r.organisation->id);
    EXPECT_NE(r.user->passwordHash, kPassword);
    EXPECT_TRUE(security::verifyPassword(r.user->passwordHash, kPassword));
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
    auto refused = tryRegister(r);
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
    auto refused = tryRegister(r);
    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().reasons.size(), 1u);
    EXPECT_EQ(refused.error().reasons[0].field, "organization.active_in_paris_since");
    EXPECT_EQ(refused.error().reasons[0].message, "must not be in the future");
}

TEST_F(RegistrationServiceTest, LengthsCountCharactersNotBytes) {
    auto r = validRequest();
    r.organisation.city = "";
    for (int i = 0; i < 100; ++i) r.organisation.city += "é";  // 200 bytes, 100 characters
    EXPECT_TRUE(tryRegister(r));
}

TEST_F(RegistrationServiceTest, ATakenEmailIsAConflictOnUserEmail) {
    ASSERT_TRUE(tryRegister(validRequest()));
    auto again = validRequest();
    again.email = "MOUSSA@eau.example.org";
    auto refused = tryRegister(again);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Conflict);
    EXPECT_EQ(refused.error().reasons,
              (std::vector<engine::Reason>{{"user.email", "is taken", ""}}));
    EXPECT_EQ(users_.organisations.size(), 1u);
}

TEST_F(RegistrationServiceTest, ATakenEmailIsFoundBeforeAnyPasswordIsHashed) {
    ASSERT_TRUE(tryRegister(validRequest()));
    auto slot = passwords_.enter();  // no hash can run now
    ASSERT_TRUE(slot);
    auto refused = tryRegister(validRequest());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Conflict);

    auto other = validRequest();
    other.email = "awa@eau.example.org";
    other.organisation.rna = "W751000002";
    auto busy = tryRegister(other);
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, engine::ErrorCode::Unavailable);
    EXPECT_EQ(users_.organisations.size(), 1u);
}

TEST_F(RegistrationServiceTest, RegistrationsAreLimitedPerEmailAndPerAddress) {
    const services::LoginPolicy limits{
        .maxFailuresPerEmail = 2, .maxFailuresPerAddress = 3, .window = std::chrono::hours(1)};
    services::RegistrationService service{users_,   organisations_, attempts_, passwords_,
                                          noLinks_, clock_,         limits};
    auto request = validRequest();
    request.address = "198.51.100.7";
    for (int i = 0; i < 2; ++i)  // registered, then a conflict: both count
        EXPECT_FALSE(std::holds_alternative<services::TooManyAttempts>(
            service.registerOrganisation(request)));
    auto third = service.registerOrganisation(request);
    ASSERT_TRUE(std::holds_alternative<services::TooManyAttempts>(third));
    EXPECT_EQ(std::get<services::TooManyAttempts>(third).retryAfter, std::chrono::hours(1));

    // Another e-mail from the same address: its third registration.
    request.email = "awa@eau.example.org";
    EXPECT_FALSE(
        std::holds_alternative<services::TooManyAttempts>(service.registerOrganisation(request)));
    request.email = "one-more@eau.example.org";
    EXPECT_TRUE(
        std::holds_alternative<services::TooManyAttempts>(service.registerOrganisation(request)));
    // An invalid registration costs nothing and is not counted.
    request.address = "198.51.100.8";
    request.email = "not an address";
    for (int i = 0; i < 4; ++i)
        EXPECT_TRUE(std::holds_alternative<engine::Error>(service.registerOrganisation(request)));
    request.email = "fatou@eau.example.org";
    EXPECT_FALSE(
        std::holds_alternative<services::TooManyAttempts>(service.registerOrganisation(request)));
}

TEST_F(RegistrationServiceTest, AnAssociationNeedsAnRnaButASiretOnlyWhenItHasOne) {
    auto withoutSiret = validRequest();
    withoutSiret.organisation.siret = "";
    EXPECT_TRUE(tryRegister(withoutSiret));

    auto withoutRna = validRequest();
    withoutRna.email = "other@eau.example.org";
    withoutRna.organisation.rna = "";
    EXPECT_EQ(refusedFields(withoutRna), (std::vector<std::string>{"organization.rna"}));
}

TEST_F(RegistrationServiceTest, CompaniesAndPublicBodiesNeedASiretAndHaveNoRna) {
    for (const char* kind : {"company", "public_body"}) {
        auto r = validRequest();
        r.kind = kind;
        r.organisation.siret = "";
        EXPECT_EQ(refusedFields(r),
                  (std::vector<std::string>{"organization.rna", "organization.siret"}))
            << kind;
        r.organisation.rna = "";
        r.organisation.siret = "35600000000048";
        r.email = std::string(kind) + "@example.org";
        auto registered = tryRegister(r);
        ASSERT_TRUE(registered) << kind;
        EXPECT_EQ(engine::toString(registered.value().organisation->kind), std::string(kind));
    }
}

TEST_F(RegistrationServiceTest, AForeignPartnerHasANationalNumberAndNoFrenchIdentifiers) {
    auto r = validRequest();
    r.kind = "foreign_partner";
    EXPECT_EQ(refusedFields(r), (std::vector<std::string>{"organization.rna", "organization.siret",
                                                          "organization.registration_number",
                                                          "organization.country"}));
    r.organisation.rna = "";
    r.organisation.siret = "";
    r.organisation.country = "SN";
    r.organisation.registrationNumber = "SN-DKR-2009-B-1234";
    auto registered = tryRegister(r);
    ASSERT_TRUE(registered) << registered.error().message;
    EXPECT_EQ(registered.value().organisation->kind, engine::OrganisationKind::ForeignPartner);
}

TEST_F(RegistrationServiceTest, AFrenchKindHasNoNationalNumberAndAnUnknownKindIsRefused) {
    auto r = validRequest();
    r.organisation.registrationNumber = "123";
    EXPECT_EQ(refusedFields(r), (std::vector<std::string>{"organization.registration_number"}));
    r.organisation.registrationNumber = "";
    r.kind = "club";
    EXPECT_EQ(refusedFields(r), (std::vector<std::string>{"organization.kind"}));
}

TEST_F(RegistrationServiceTest, AKnownRnaOrSiretMakesARequestToJoinNotANewOrganisation) {
    engine::Organisation known;
    known.name = "Eau Vive";
    known.rna = "W751234568";
    known.iban = "FR7610107001011234567890129";
    const auto id = organisations_.create(known).value().id;

    auto r = validRequest();
    r.organisation.name = "Eau Vive (bis)";
    r.organisation.siret = "";
    auto outcome = tryRegister(r);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(outcome.value().joinRequest);
    EXPECT_FALSE(outcome.value().organisation);
    EXPECT_EQ(outcome.value().joinRequest->organizationId, id);
    EXPECT_EQ(outcome.value().user->organizationId, std::nullopt);
    EXPECT_EQ(organisations_.organisations.size(), 1u);
    EXPECT_TRUE(users_.organisations.empty());

    // By SIRET too, with the RNA of no one.
    engine::Organisation company;
    company.kind = engine::OrganisationKind::Company;
    company.name = "Coop";
    company.siret = "35600000000048";
    const auto companyId = organisations_.create(company).value().id;
    auto bySiret = validRequest();
    bySiret.kind = "company";
    bySiret.organisation.rna = "";
    bySiret.email = "second@coop.example.org";
    auto second = tryRegister(bySiret);
    ASSERT_TRUE(second);
    ASSERT_TRUE(second.value().joinRequest);
    EXPECT_EQ(second.value().joinRequest->organizationId, companyId);
}

TEST_F(RegistrationServiceTest, ARequestToJoinWithATakenEmailIsAConflict) {
    engine::Organisation known;
    known.name = "Eau Vive";
    known.rna = "W751234568";
    ASSERT_TRUE(organisations_.create(known));
    ASSERT_TRUE(tryRegister(validRequest()));
    auto refused = tryRegister(validRequest());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Conflict);
    EXPECT_EQ(refused.error().reasons[0].field, "user.email");
}

namespace {

// Where the server mails links: every registration answers "check your
// e-mail", and the mail tells the owner what happened.
class RegistrationByMailTest : public RegistrationServiceTest {
protected:
    services::RegistrationOutcome registered(const services::RegistrationRequest& r) {
        auto outcome = service_.registerOrganisation(r);
        auto* done = std::get_if<services::RegistrationOutcome>(&outcome);
        EXPECT_TRUE(done) << "refused";
        return done ? *done : services::RegistrationOutcome{};
    }

    services::AccountLinks links_{tokens_, mail_, clock_, "https://subventions.paris.fr"};
    services::RegistrationService service_{users_, organisations_, attempts_, passwords_,
                                           links_, clock_,         limits_};
};

}  // namespace

TEST_F(RegistrationByMailTest, ANewAccountIsToldOnlyToCheckItsMailAndGetsItsLink) {
    auto outcome = registered(validRequest());
    EXPECT_TRUE(outcome.checkEmail);
    EXPECT_FALSE(outcome.user);
    EXPECT_FALSE(outcome.organisation);
    EXPECT_FALSE(outcome.mailProblem);
    ASSERT_EQ(users_.users.size(), 1u);
    EXPECT_FALSE(users_.users[0].emailVerifiedAt);
    ASSERT_EQ(mail_.sent.size(), 1u);
    EXPECT_EQ(mail_.sent[0].to, "moussa@eau.example.org");
    EXPECT_NE(mail_.sent[0].body.find("/verify-email?token="), std::string::npos);
}

TEST_F(RegistrationByMailTest, ATakenAddressGetsTheSameOutcomeAndItsOwnerANotice) {
    auto first = registered(validRequest());
    users_.users[0].emailVerifiedAt = kNow;
    auto again = validRequest();
    again.organisation.rna = "W751000002";
    again.password = "Another-Horse-Battery-7";
    auto second = registered(again);
    EXPECT_EQ(second.checkEmail, first.checkEmail);
    EXPECT_EQ(second.user.has_value(), first.user.has_value());
    EXPECT_EQ(second.organisation.has_value(), first.organisation.has_value());
    EXPECT_EQ(users_.users.size(), 1u);
    EXPECT_EQ(users_.organisations.size(), 1u);
    ASSERT_EQ(mail_.sent.size(), 2u);
    EXPECT_EQ(mail_.sent[1].to, "moussa@eau.example.org");
    EXPECT_NE(mail_.sent[1].body.find("No account was opened"), std::string::npos);
    EXPECT_NE(mail_.sent[1].body.find("https://subventions.paris.fr/forgot-password"),
              std::string::npos);
    EXPECT_EQ(mail_.sent[1].body.find("token="), std::string::npos);
}

TEST_F(RegistrationByMailTest, AnUnconfirmedOwnerRegisteringAgainGetsANewLink) {
    registered(validRequest());
    auto again = validRequest();
    again.organisation.rna = "W751000002";
    auto second = registered(again);
    EXPECT_TRUE(second.checkEmail);
    ASSERT_EQ(mail_.sent.size(), 2u);
    EXPECT_NE(mail_.sent[1].body.find("/verify-email?token="), std::string::npos);
    // The first link was replaced by the second.
    int usable = 0;
    for (const auto& row : tokens_.rows) usable += !row.used;
    EXPECT_EQ(usable, 1);
}

TEST_F(RegistrationByMailTest, AMailThatCannotBeSentIsReportedNotAnswered) {
    mail_.refuse = true;
    auto outcome = registered(validRequest());
    EXPECT_TRUE(outcome.checkEmail);
    ASSERT_TRUE(outcome.mailProblem);
    EXPECT_EQ(outcome.mailProblem->code, engine::ErrorCode::Unavailable);
    EXPECT_EQ(users_.users.size(), 1u);  // it may ask for a link again
}
