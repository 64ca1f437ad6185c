#include "services/organisation_service.hpp"

#include <gtest/gtest.h>

#include "engine/identifiers.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using engine::Actor;
using engine::Role;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");
constexpr const char* kOldIban = "FR7610107001011234567890129";
constexpr const char* kNewIban = "FR7630006000011234567890189";

class OrganisationServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine::Organisation org;
        org.name = "Eau Vive";
        org.address = "4 rue de l'Aqueduc";
        org.city = "Paris";
        org.iban = kOldIban;
        id_ = store_.create(org).value().id;
        member_ = addMember("moussa@eau.example.org");
    }

    Actor addMember(const std::string& email) {
        engine::NewUser u;
        u.email = email;
        u.name = email;
        u.passwordHash = "hash";
        u.organizationId = id_;
        return users_.create(u, kNow).value().actor();
    }

    services::OrganisationReading read(const Actor& actor) {
        auto reading = service_.find(actor, id_);
        EXPECT_TRUE(reading);
        return reading ? reading.value() : services::OrganisationReading{};
    }

    grantflow::testing::FakeUserStore users_;
    grantflow::testing::FakeOrganisationStore store_{users_};
    engine::ManualClock clock_{kNow};
    grantflow::testing::FakePaymentStore payments_;
    services::OrganisationService service_{store_, users_, payments_, clock_};
    std::int64_t id_ = 0;
    Actor member_;
    const Actor finance_{90, Role::Finance, {}, {}};
    const Actor clerk_{91, Role::Clerk, {}, {}};
};

}  // namespace

TEST_F(OrganisationServiceTest, ItsOwnApplicantsAndClerksSeeTheFullIban) {
    for (const Actor& actor : {member_, Actor{2, Role::Clerk, {}, {}}}) {
        auto reading = read(actor);
        EXPECT_FALSE(reading.ibanMasked);
        EXPECT_EQ(reading.organisation.iban, "FR7610107001011234567890129");
    }
}

TEST_F(OrganisationServiceTest, IsFlaggedWithWhatItsOpenRecoveryOrdersAskBack) {
    EXPECT_TRUE(read(clerk_).openRecoveries.isZero());
    engine::Recovery open;
    open.organizationId = id_;
    open.amount = engine::Money::fromEuros(4000);
    engine::Recovery settled = open;
    settled.amount = engine::Money::fromEuros(1000);
    settled.settledOn = "2027-01-05";
    engine::Recovery elsewhere = open;
    elsewhere.organizationId = id_ + 1;
    payments_.orders = {open, settled, elsewhere};
    EXPECT_EQ(read(clerk_).openRecoveries, engine::Money::fromEuros(4000));
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

TEST_F(OrganisationServiceTest, FinanceOfficersSeeTheFullIbanAndAuditorsAMaskedOne) {
    EXPECT_FALSE(read(finance_).ibanMasked);
    auto audited = read(Actor{92, Role::Auditor, {}, {}});
    EXPECT_TRUE(audited.ibanMasked);
    EXPECT_EQ(audited.organisation.iban, engine::maskIban(kOldIban));
}

TEST_F(OrganisationServiceTest, AMemberEditsTheProfileAndOnlyTheMembersGiven) {
    services::ProfileChange change;
    change.postcode = " 75019 ";
    change.representative = "Mme Awa Diallo";
    change.representativeTitle = "Présidente";
    change.email = "Contact@Eau.example.org";
    auto edited = service_.updateProfile(member_, id_, change);
    ASSERT_TRUE(edited) << edited.error().message;
    const auto& org = edited.value().organisation;
    EXPECT_EQ(org.postcode, "75019");
    EXPECT_EQ(org.representative, "Mme Awa Diallo");
    EXPECT_EQ(org.representativeTitle, "Présidente");
    EXPECT_EQ(org.email, "contact@eau.example.org");
    EXPECT_EQ(org.address, "4 rue de l'Aqueduc");
    EXPECT_EQ(store_.audit, (std::vector<std::string>{"organisation_profile_changed"}));
}

TEST_F(OrganisationServiceTest, EveryBadProfileValueIsOneReasonByItsField) {
    services::ProfileChange change;
    change.address = " ";
    change.postcode = "75019;DROP";
    change.city = std::string(101, 'a');
    change.email = "not an address";
    change.phone = "call me";
    change.representative = "Mme Awa Diallo";
    change.representativeTitle = "";
    auto refused = service_.updateProfile(member_, id_, change);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Invalid);
    std::vector<std::string> fields;
    for (const auto& r : refused.error().reasons) fields.push_back(r.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"address", "postcode", "city", "email", "phone",
                                                "representative_title"}));
    EXPECT_TRUE(store_.audit.empty());
}

TEST_F(OrganisationServiceTest, OnlyItsOwnMembersEditTheProfile) {
    services::ProfileChange change;
    change.city = "Lyon";
    for (const Actor& actor : {Actor{5, Role::Applicant, id_ + 1, {}}, clerk_}) {
        auto refused = service_.updateProfile(actor, id_, change);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, engine::ErrorCode::NotFound);
    }
    EXPECT_EQ(store_.find(id_)->city, "Paris");
}

TEST_F(OrganisationServiceTest, ANewIbanIsHeldNotUsedUntilConfirmed) {
    auto change = service_.requestIbanChange(member_, id_, "fr76 3000 6000 0112 3456 7890 189");
    ASSERT_TRUE(change) << change.error().message;
    EXPECT_EQ(change.value().newIban, kNewIban);
    EXPECT_EQ(change.value().oldIban, kOldIban);
    // Everything reading the organisation still reads the old IBAN.
    EXPECT_EQ(store_.find(id_)->iban, kOldIban);
    auto reading = read(finance_);
    EXPECT_EQ(reading.organisation.iban, kOldIban);
    ASSERT_TRUE(reading.pendingIbanChange);
    EXPECT_EQ(reading.pendingIbanChange->newIban, kNewIban);

    auto confirmed = service_.decideIbanChange(finance_, change.value().id, true);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed.value().state, engine::IbanChangeState::Confirmed);
    EXPECT_EQ(store_.find(id_)->iban, kNewIban);
    EXPECT_FALSE(read(member_).pendingIbanChange);
    EXPECT_EQ(store_.audit,
              (std::vector<std::string>{"iban_change_requested", "iban_change_confirmed"}));
}

TEST_F(OrganisationServiceTest, ARejectedIbanLeavesTheOldOneInForce) {
    auto change = service_.requestIbanChange(member_, id_, kNewIban);
    ASSERT_TRUE(change);
    ASSERT_TRUE(service_.decideIbanChange(finance_, change.value().id, false));
    EXPECT_EQ(store_.find(id_)->iban, kOldIban);
    auto again = service_.decideIbanChange(finance_, change.value().id, true);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, engine::ErrorCode::Conflict);
    EXPECT_EQ(store_.find(id_)->iban, kOldIban);
}

TEST_F(OrganisationServiceTest, EveryMemberIsMailedWithMaskedIbansAtRequestAndDecision) {
    addMember("awa@eau.example.org");
    auto change = service_.requestIbanChange(member_, id_, kNewIban);
    ASSERT_TRUE(change);
    ASSERT_TRUE(service_.decideIbanChange(finance_, change.value().id, true));
    ASSERT_EQ(store_.outbox.size(), 4u);
    EXPECT_EQ(store_.outbox[0].recipient, "moussa@eau.example.org");
    EXPECT_EQ(store_.outbox[1].recipient, "awa@eau.example.org");
    for (const auto& mail : store_.outbox) {
        EXPECT_EQ(mail.channel, "email");
        EXPECT_EQ(mail.payload.find(kNewIban), std::string::npos) << mail.payload;
        EXPECT_EQ(mail.payload.find(kOldIban), std::string::npos) << mail.payload;
    }
    EXPECT_NE(store_.outbox[0].subject.find("requested"), std::string::npos);
    EXPECT_NE(store_.outbox[2].subject.find("confirmed"), std::string::npos);
}

TEST_F(OrganisationServiceTest, IbanRulesAndWhoMayAskOrDecide) {
    auto invalid = service_.requestIbanChange(member_, id_, "FR7630006000011234567890180");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().reasons[0].field, "iban");
    auto same = service_.requestIbanChange(member_, id_, kOldIban);
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().code, engine::ErrorCode::Invalid);
    auto stranger =
        service_.requestIbanChange(Actor{5, Role::Applicant, id_ + 1, {}}, id_, kNewIban);
    ASSERT_FALSE(stranger);
    EXPECT_EQ(stranger.error().code, engine::ErrorCode::NotFound);

    auto change = service_.requestIbanChange(member_, id_, kNewIban);
    ASSERT_TRUE(change);
    auto second = service_.requestIbanChange(member_, id_, "GB82WEST12345698765432");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, engine::ErrorCode::Conflict);
    for (const Actor& actor : {member_, clerk_, Actor{92, Role::Auditor, {}, {}}}) {
        auto refused = service_.decideIbanChange(actor, change.value().id, true);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, engine::ErrorCode::Forbidden);
    }
    EXPECT_EQ(store_.find(id_)->iban, kOldIban);
}

TEST_F(OrganisationServiceTest, AFinanceOfficerOrAClerkSetsTheTiersNumber) {
    auto byClerk = service_.setThirdPartyNumber(clerk_, id_, "D01234");
    ASSERT_TRUE(byClerk) << byClerk.error().message;
    EXPECT_EQ(byClerk.value().organisation.thirdPartyNumber, "D01234");
    auto set = service_.setThirdPartyNumber(finance_, id_, "D02175");
    ASSERT_TRUE(set);
    EXPECT_EQ(set.value().organisation.thirdPartyNumber, "D02175");
    auto malformed = service_.setThirdPartyNumber(finance_, id_, "02175");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().reasons[0].field, "third_party_number");
    auto forbidden = service_.setThirdPartyNumber(member_, id_, "D99999");
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().code, engine::ErrorCode::Forbidden);
    EXPECT_EQ(store_.find(id_)->thirdPartyNumber, "D02175");
}

TEST_F(OrganisationServiceTest, MembersAreRemovedButNeverTheLastOne) {
    Actor second = addMember("awa@eau.example.org");
    auto members = service_.members(member_, id_);
    ASSERT_TRUE(members);
    EXPECT_EQ(members.value().size(), 2u);
    ASSERT_TRUE(service_.removeMember(member_, id_, second.userId));
    auto last = service_.removeMember(clerk_, id_, member_.userId);
    ASSERT_FALSE(last);
    EXPECT_EQ(last.error().code, engine::ErrorCode::Conflict);
    auto stranger = service_.members(Actor{5, Role::Applicant, id_ + 1, {}}, id_);
    ASSERT_FALSE(stranger);
    EXPECT_EQ(stranger.error().code, engine::ErrorCode::NotFound);
}

TEST_F(OrganisationServiceTest, AJoinRequestIsDecidedByAMemberOrAClerkOfThatOrganisation) {
    engine::NewUser newcomer;
    newcomer.email = "new@eau.example.org";
    newcomer.name = "Newcomer";
    newcomer.passwordHash = "hash";
    auto first = store_.requestToJoin(id_, newcomer, kNow);
    newcomer.email = "other@eau.example.org";
    auto second = store_.requestToJoin(id_, newcomer, kNow);
    ASSERT_TRUE(first && second);

    auto pending = service_.joinRequests(member_, id_);
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending.value().size(), 2u);
    // Not through another organisation, nor by its applicants.
    auto elsewhere = service_.decideJoinRequest(clerk_, id_ + 1, first.value().id, true);
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().code, engine::ErrorCode::NotFound);
    auto stranger = service_.decideJoinRequest(Actor{5, Role::Applicant, id_ + 1, {}}, id_,
                                               first.value().id, true);
    ASSERT_FALSE(stranger);

    ASSERT_TRUE(service_.decideJoinRequest(member_, id_, first.value().id, true));
    ASSERT_TRUE(service_.decideJoinRequest(clerk_, id_, second.value().id, false));
    EXPECT_EQ(users_.findById(first.value().userId)->organizationId, id_);
    EXPECT_EQ(users_.findById(second.value().userId)->organizationId, std::nullopt);
    EXPECT_TRUE(service_.joinRequests(member_, id_).value().empty());
}

TEST_F(OrganisationServiceTest, TheRequesterSeesNothingOfTheOrganisationBeforeApproval) {
    engine::NewUser newcomer;
    newcomer.email = "new@eau.example.org";
    newcomer.name = "Newcomer";
    newcomer.passwordHash = "hash";
    auto request = store_.requestToJoin(id_, newcomer, kNow);
    ASSERT_TRUE(request);
    const Actor requester = users_.findById(request.value().userId)->actor();
    EXPECT_FALSE(service_.find(requester, id_));
    EXPECT_FALSE(service_.members(requester, id_));
    EXPECT_FALSE(service_.joinRequests(requester, id_));
    EXPECT_FALSE(service_.decideJoinRequest(requester, id_, request.value().id, true));
    EXPECT_EQ(users_.findById(request.value().userId)->organizationId, std::nullopt);
}
