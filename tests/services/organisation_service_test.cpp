#include "services/organisation_service.hpp"

#include <gtest/gtest.h>

#include "engine/identifiers.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using engine::Actor;
using engine::Role;

namespace {

class OrganisationServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine::Organisation org;
        org.name = "Eau Vive";
        org.iban = "FR7610107001011234567890129";
        id_ = store_.create(org).value().id;
    }

    services::OrganisationReading read(const Actor& actor) {
        auto reading = service_.find(actor, id_);
        EXPECT_TRUE(reading);
        return reading ? reading.value() : services::OrganisationReading{};
    }

    grantflow::testing::FakeOrganisationStore store_;
    services::OrganisationService service_{store_};
    std::int64_t id_ = 0;
};

}  // namespace

TEST_F(OrganisationServiceTest, ItsOwnApplicantsAndClerksSeeTheFullIban) {
    for (const Actor& actor : {Actor{1, Role::Applicant, id_, {}}, Actor{2, Role::Clerk, {}, {}}}) {
        auto reading = read(actor);
        EXPECT_FALSE(reading.ibanMasked);
        EXPECT_EQ(reading.organisation.iban, "FR7610107001011234567890129");
    }
}

TEST_F(OrganisationServiceTest, ReviewersAndAdminsSeeItMasked) {
    for (const Actor& actor :
         {Actor{3, Role::Reviewer, {}, {"CULTURE"}}, Actor{4, Role::Admin, {}, {}}}) {
        auto reading = read(actor);
        EXPECT_TRUE(reading.ibanMasked);
        EXPECT_EQ(reading.organisation.iban, engine::maskIban("FR7610107001011234567890129"));
        EXPECT_EQ(reading.organisation.name, "Eau Vive");
    }
}

TEST_F(OrganisationServiceTest, AnotherOrganisationsApplicantFindsNothing) {
    auto refused = service_.find(Actor{5, Role::Applicant, id_ + 1, {}}, id_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::NotFound);
}

TEST_F(OrganisationServiceTest, AnUnknownOrganisationIsNotFound) {
    auto refused = service_.find(Actor{2, Role::Clerk, {}, {}}, id_ + 1);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::NotFound);
}
