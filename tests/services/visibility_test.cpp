// The one visibility policy, role by role.
#include "services/visibility.hpp"

#include <gtest/gtest.h>

using namespace grantflow;
using engine::Actor;
using engine::Role;
using services::Visibility;

namespace {

engine::Application applicationOf(std::int64_t organisation, const std::string& programme) {
    engine::Application app;
    app.organizationId = organisation;
    app.programme = programme;
    return app;
}

const Actor kApplicant{1, Role::Applicant, 7, {}};
const Actor kReviewer{2, Role::Reviewer, std::nullopt, {"WATER"}};
const Actor kClerk{3, Role::Clerk, std::nullopt, {}};
const Actor kAdmin{4, Role::Admin, std::nullopt, {}};

TEST(Visibility, AnApplicantSeesOnlyItsOwnOrganisationsApplications) {
    EXPECT_TRUE(Visibility::canSeeApplication(kApplicant, applicationOf(7, "WATER")));
    EXPECT_FALSE(Visibility::canSeeApplication(kApplicant, applicationOf(8, "WATER")));
    EXPECT_TRUE(Visibility::owns(kApplicant, applicationOf(7, "HEALTH")));
    EXPECT_FALSE(Visibility::owns(kClerk, applicationOf(7, "HEALTH")));
}

TEST(Visibility, AReviewerSeesOnlyTheProgrammesAssignedToThem) {
    EXPECT_TRUE(Visibility::canSeeApplication(kReviewer, applicationOf(8, "WATER")));
    EXPECT_FALSE(Visibility::canSeeApplication(kReviewer, applicationOf(8, "HEALTH")));
    EXPECT_TRUE(Visibility::canSeeProgramme(kReviewer, "WATER"));
    EXPECT_FALSE(Visibility::canSeeProgramme(kReviewer, "HEALTH"));
}

TEST(Visibility, ClerksAndAdminsSeeEverything) {
    for (const auto& actor : {kClerk, kAdmin}) {
        EXPECT_TRUE(Visibility::canSeeApplication(actor, applicationOf(8, "HEALTH")));
        EXPECT_TRUE(Visibility::canSeeProgramme(actor, "HEALTH"));
        EXPECT_TRUE(Visibility::canSeeOrganisation(actor, 8));
    }
}

TEST(Visibility, ProgrammeWideDataIsNotForApplicantsNorTheSystem) {
    EXPECT_FALSE(Visibility::canSeeProgramme(kApplicant, "WATER"));
    EXPECT_FALSE(Visibility::canSeeProgramme(Actor::system(), "WATER"));
    EXPECT_FALSE(Visibility::canSeeApplication(Actor::system(), applicationOf(7, "WATER")));
}

TEST(Visibility, IbansAreForTheOwnerAndClerks) {
    EXPECT_TRUE(Visibility::canSeeIban(kApplicant, 7));
    EXPECT_FALSE(Visibility::canSeeIban(kApplicant, 8));
    EXPECT_TRUE(Visibility::canSeeIban(kClerk, 8));
    EXPECT_FALSE(Visibility::canSeeIban(kReviewer, 8));
    EXPECT_FALSE(Visibility::canSeeIban(kAdmin, 8));
    EXPECT_TRUE(Visibility::canSeeOrganisation(kApplicant, 7));
    EXPECT_FALSE(Visibility::canSeeOrganisation(kApplicant, 8));
}

TEST(Visibility, ListScopesFollowTheRoles) {
    auto applicant = Visibility::applicationScope(kApplicant);
    EXPECT_EQ(applicant.organizationId, 7);
    EXPECT_FALSE(applicant.programmes);
    auto reviewer = Visibility::applicationScope(kReviewer);
    ASSERT_TRUE(reviewer.programmes);
    EXPECT_EQ(*reviewer.programmes, std::vector<std::string>{"WATER"});
    auto clerk = Visibility::applicationScope(kClerk);
    EXPECT_FALSE(clerk.organizationId || clerk.programmes || clerk.nothing);
    EXPECT_TRUE(Visibility::applicationScope(Actor::system()).nothing);
}

}  // namespace
