// ApplicationService over fakes: visibility on every read and write, the
// list scoped to the caller whatever the filter says, field reasons named
// as in the request.
#include "services/application_service.hpp"

#include "tests/services/service_fixture.hpp"

using namespace grantflow;
using engine::ErrorCode;

namespace {

using ApplicationServiceTest = grantflow::testing::ServiceTest;

TEST_F(ApplicationServiceTest, ADraftBelongsToTheCallersOrganisation) {
    auto app = draft();
    EXPECT_EQ(app.organizationId, 7);
    EXPECT_EQ(app.state, "draft");
}

TEST_F(ApplicationServiceTest, AnUnknownProgrammeIsInvalidAndNamesTheField) {
    auto created = applications_.create(applicant_, {"NOPE", 0, "x", engine::Money(), {}});
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::Invalid);
    ASSERT_EQ(created.error().reasons.size(), 1u);
    EXPECT_EQ(created.error().reasons[0].field, "programme");
}

TEST_F(ApplicationServiceTest, ABadFieldIsNamedAsInTheRequest) {
    auto created = applications_.create(
        applicant_, {"DELTA", 0, "x", engine::Money(), {{"country", std::string("France")}}});
    ASSERT_FALSE(created.ok());
    ASSERT_FALSE(created.error().reasons.empty());
    EXPECT_EQ(created.error().reasons[0].field, "fields.country");
}

TEST_F(ApplicationServiceTest, WhatTheCallerMayNotSeeIsNotFound) {
    auto app = draft();
    EXPECT_TRUE(applications_.details(applicant_, app.id).ok());
    EXPECT_TRUE(applications_.details(reviewer_, app.id).ok());
    EXPECT_TRUE(applications_.details(clerk_, app.id).ok());
    for (const auto& actor : {stranger_, otherReviewer_}) {
        EXPECT_EQ(applications_.details(actor, app.id).error().code, ErrorCode::NotFound);
        EXPECT_EQ(applications_.history(actor, app.id).error().code, ErrorCode::NotFound);
        EXPECT_EQ(applications_.fire(actor, app.id, "submit", app.version, "").error().code,
                  ErrorCode::NotFound);
    }
    EXPECT_EQ(applications_.details(applicant_, 999).error().code, ErrorCode::NotFound);
}

TEST_F(ApplicationServiceTest, OnlyTheOwnersEditAndOthersWhoMaySeeAreForbidden) {
    auto app = draft();
    engine::ApplicationEdit edit;
    edit.title = "Puits à Ségou";
    EXPECT_EQ(applications_.edit(clerk_, app.id, app.version, edit).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(applications_.edit(stranger_, app.id, app.version, edit).error().code,
              ErrorCode::NotFound);
    auto edited = applications_.edit(applicant_, app.id, app.version, edit);
    ASSERT_TRUE(edited.ok()) << edited.error().message;
    EXPECT_EQ(edited.value().application.title, "Puits à Ségou");
    EXPECT_EQ(applications_.edit(applicant_, app.id, app.version, edit).error().code,
              ErrorCode::Conflict)
        << "a stale version";
}

TEST_F(ApplicationServiceTest, DetailsListTheTransitionsTheCallerMayFire) {
    auto app = draft();
    auto mine = applications_.details(applicant_, app.id).value();
    ASSERT_EQ(mine.transitions.size(), 1u);
    EXPECT_EQ(mine.transitions[0]->name, "submit");
    EXPECT_TRUE(applications_.details(reviewer_, app.id).value().transitions.empty());
    auto fired = applications_.fire(applicant_, app.id, "submit", app.version, "");
    ASSERT_TRUE(fired.ok());
    EXPECT_EQ(fired.value().application.state, "submitted");
    EXPECT_EQ(applications_.history(clerk_, app.id).value().size(), 2u);
}

TEST_F(ApplicationServiceTest, TheListIsScopedToTheCallerWhateverTheFilterSays) {
    draft();
    engine::ApplicationFilter sneaky;
    sneaky.organizationId = 8;
    sneaky.programmes = std::vector<std::string>{"DELTA", "HEALTH"};
    EXPECT_EQ(applications_.list(applicant_, sneaky).items.size(), 1u);
    EXPECT_EQ(query_.lastFilter.organizationId, 7);
    EXPECT_FALSE(query_.lastFilter.programmes);
    EXPECT_EQ(applications_.list(otherReviewer_, sneaky).items.size(), 0u);
    EXPECT_FALSE(query_.lastFilter.organizationId);
    EXPECT_EQ(applications_.list(clerk_, sneaky).items.size(), 1u);
    EXPECT_TRUE(applications_.list(engine::Actor::system(), sneaky).items.empty());
}

}  // namespace

TEST_F(ApplicationServiceTest, TheCouncilsTransitionsAreTheDeliberationsAndADraftHoldsTheRest) {
    auto created = applications_.create(
        applicant_, {"EPSILON", 0, "Puits à Kayes", engine::Money::fromEuros(10'000), {}});
    ASSERT_TRUE(created.ok()) << created.error().message;
    const std::int64_t id = created.value().application.id;
    store_.applications[id].state = "proposed";
    engine::Deliberation held;
    held.id = 3;
    held.reference = "2026 DGRI 7";
    deliberations_.held[id] = held;

    auto names = [&](const engine::Actor& actor) {
        std::vector<std::string> out;
        auto details = applications_.details(actor, id);
        for (const auto* t : details.value().transitions) out.push_back(t->name);
        return out;
    };
    EXPECT_TRUE(names(applicant_).empty()) << "withdraw is not offered meanwhile";
    EXPECT_TRUE(names(clerk_).empty()) << "the Council's transitions are the deliberation's";
    const auto version = store_.applications[id].version;
    auto taken = applications_.fire(clerk_, id, "return_to_approved", version, "");
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
    EXPECT_NE(taken.error().message.find("deliberation"), std::string::npos);
    auto refused = applications_.fire(applicant_, id, "withdraw", version, "");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_NE(refused.error().message.find("2026 DGRI 7"), std::string::npos)
        << refused.error().message;
    EXPECT_EQ(store_.applications[id].state, "proposed") << "nothing changed";

    // Out of the deliberation, the programme's own transitions apply again.
    deliberations_.held.clear();
    EXPECT_EQ(names(applicant_), std::vector<std::string>{"withdraw"});
    for (const auto& name : names(clerk_))
        EXPECT_TRUE(name != "vote" && name != "return_to_approved" && name != "council_reject")
            << name << " is offered out of a deliberation";
    auto voted = applications_.fire(clerk_, id, "vote", version, "");
    ASSERT_FALSE(voted.ok());
    EXPECT_EQ(voted.error().code, ErrorCode::Conflict);
    EXPECT_EQ(store_.applications[id].state, "proposed");
    auto withdrawn = applications_.fire(applicant_, id, "withdraw", version, "");
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    EXPECT_EQ(withdrawn.value().application.state, "withdrawn");
}
