// OrganisationRepository on both backends: kinds and profiles, IBAN changes
// held apart from the IBAN in force (audited with both values, mail queued
// with them), requests to join, and members, never down to none.
#include "store/organisation_repository.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include "store/audit_verifier.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using engine::Role;

const engine::Timestamp kAt = at("2026-04-01T10:00:00Z");
const engine::Actor kFinance{0, Role::Finance, std::nullopt, {}};
constexpr const char* kOldIban = "FR7630006000011234567890189";
constexpr const char* kNewIban = "FR7610107001011234567890129";

class OrganisationRepositoryTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 8;
        return o;
    }
    void SetUp() override {
        BackendTest::SetUp();
        auto registered =
            users().registerOrganisation(sampleOrganisation(), applicant("a@asso.org"), kAt);
        ASSERT_TRUE(registered);
        id_ = registered.value().organisation.id;
        member_ = registered.value().user.actor();
        auto finance = users().create(
            engine::NewUser{"finance@paris.fr", "Fanny", "hash", Role::Finance, std::nullopt, {}},
            kAt);
        ASSERT_TRUE(finance);
        finance_ = finance.value().actor();
    }
    static engine::NewUser applicant(const std::string& email) {
        return engine::NewUser{email, "Responsable", "hash", Role::Applicant, std::nullopt, {}};
    }
    store::OrganisationRepository organisations() { return store::OrganisationRepository(db()); }
    store::UserRepository users() { return store::UserRepository(db()); }

    // The last audit entry: action and details.
    std::pair<std::string, std::string> lastAudit() {
        auto s = db().session();
        std::string action, details;
        *s << "SELECT action, details FROM audit_entries ORDER BY seq DESC", soci::into(action),
            soci::into(details);
        return {action, details};
    }

    std::int64_t id_ = 0;
    engine::Actor member_;
    engine::Actor finance_ = kFinance;
};

TEST_P(OrganisationRepositoryTest, KindsAndProfilesAreStoredAndExistingRowsAreAssociations) {
    EXPECT_EQ(organisations().find(id_)->kind, engine::OrganisationKind::Association);
    engine::Organisation partner = sampleOrganisation("Ville de Bamako");
    partner.kind = engine::OrganisationKind::ForeignPartner;
    partner.rna = partner.siret = "";
    partner.country = "ML";
    partner.registrationNumber = "ML-2001-778";
    partner.postcode = "BP 123";
    auto created = organisations().create(partner);
    ASSERT_TRUE(created);
    auto found = organisations().find(created.value().id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->kind, engine::OrganisationKind::ForeignPartner);
    EXPECT_EQ(found->registrationNumber, "ML-2001-778");
    EXPECT_EQ(found->postcode, "BP 123");

    engine::OrganisationProfile p = organisations().find(id_)->profile();
    p.representative = "Mme Awa Diallo";
    p.representativeTitle = "Présidente";
    p.phone = "+33 1 42 00 00 00";
    auto updated = organisations().updateProfile(id_, p, member_, kAt);
    ASSERT_TRUE(updated);
    EXPECT_EQ(organisations().find(id_)->representativeTitle, "Présidente");
    auto [action, details] = lastAudit();
    EXPECT_EQ(action, "organisation_profile_changed");
    EXPECT_NE(details.find("\"representative\":{\"old\":\"\",\"new\":\"Mme Awa Diallo\"}"),
              std::string::npos)
        << details;
    EXPECT_EQ(details.find("\"city\""), std::string::npos) << "unchanged fields are left out";
    EXPECT_FALSE(organisations().updateProfile(id_ + 100, p, member_, kAt));
}

TEST_P(OrganisationRepositoryTest, OrganisationsAreFoundByAnyOfTheirIdentifiers) {
    engine::Organisation key;
    key.rna = "W751234567";
    EXPECT_EQ(organisations().findByIdentifier(key)->id, id_);
    key.rna = "";
    key.siret = "73282932000074";
    EXPECT_EQ(organisations().findByIdentifier(key)->id, id_);
    key.siret = "";
    EXPECT_FALSE(organisations().findByIdentifier(key)) << "empty values match nothing";
    key.registrationNumber = "ML-2001-778";
    key.country = "ML";
    EXPECT_FALSE(organisations().findByIdentifier(key));
}

TEST_P(OrganisationRepositoryTest, AnIbanChangeIsNotAppliedUntilConfirmedAndBothValuesAreAudited) {
    engine::OutboxMessage mail{"email", "a@asso.org", "IBAN", R"({"body":"masked"})"};
    auto change = organisations().requestIbanChange(id_, kNewIban, member_, kAt, {mail});
    ASSERT_TRUE(change) << change.error().message;
    EXPECT_EQ(change.value().oldIban, kOldIban);
    EXPECT_EQ(change.value().state, engine::IbanChangeState::Pending);
    EXPECT_EQ(organisations().find(id_)->iban, kOldIban);
    EXPECT_EQ(organisations().pendingIbanChange(id_)->id, change.value().id);
    EXPECT_EQ(organisations().pendingIbanChanges().size(), 1u);
    EXPECT_EQ(countRows(db(), "outbox"), 1);
    auto [requested, requestDetails] = lastAudit();
    EXPECT_EQ(requested, "iban_change_requested");
    EXPECT_NE(requestDetails.find(kOldIban), std::string::npos);
    EXPECT_NE(requestDetails.find(kNewIban), std::string::npos);

    auto second =
        organisations().requestIbanChange(id_, "GB82WEST12345698765432", member_, kAt, {});
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::Conflict);

    auto confirmed =
        organisations().decideIbanChange(change.value().id, true, finance_, kAt, {mail});
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed.value().state, engine::IbanChangeState::Confirmed);
    EXPECT_EQ(confirmed.value().decidedBy, finance_.userId);
    EXPECT_EQ(organisations().find(id_)->iban, kNewIban);
    EXPECT_FALSE(organisations().pendingIbanChange(id_));
    EXPECT_EQ(countRows(db(), "outbox"), 2);
    auto [decided, decidedDetails] = lastAudit();
    EXPECT_EQ(decided, "iban_change_confirmed");
    EXPECT_NE(decidedDetails.find(kOldIban), std::string::npos);
    EXPECT_NE(decidedDetails.find(kNewIban), std::string::npos);

    auto again = organisations().decideIbanChange(change.value().id, false, finance_, kAt, {});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    EXPECT_EQ(organisations().find(id_)->iban, kNewIban);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(OrganisationRepositoryTest, ARejectedChangeLeavesTheIbanAndAllowsANewRequest) {
    auto change = organisations().requestIbanChange(id_, kNewIban, member_, kAt, {});
    ASSERT_TRUE(change);
    ASSERT_TRUE(organisations().decideIbanChange(change.value().id, false, finance_, kAt, {}));
    EXPECT_EQ(organisations().find(id_)->iban, kOldIban);
    EXPECT_EQ(lastAudit().first, "iban_change_rejected");
    EXPECT_TRUE(organisations().requestIbanChange(id_, kNewIban, member_, kAt, {}));
    EXPECT_FALSE(organisations().decideIbanChange(999, true, finance_, kAt, {}));
}

TEST_P(OrganisationRepositoryTest, ConcurrentIbanRequestsLeaveOnePending) {
    std::atomic<int> accepted{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            if (organisations().requestIbanChange(id_, kNewIban, member_, kAt, {})) ++accepted;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted.load(), 1);
    EXPECT_EQ(countRows(db(), "iban_changes", "state = 'pending'"), 1);
}

TEST_P(OrganisationRepositoryTest, TheTiersNumberIsSetAndAudited) {
    auto set = organisations().setThirdPartyNumber(id_, "D02175", finance_, kAt);
    ASSERT_TRUE(set);
    EXPECT_EQ(organisations().find(id_)->thirdPartyNumber, "D02175");
    auto [action, details] = lastAudit();
    EXPECT_EQ(action, "third_party_number_set");
    EXPECT_NE(details.find("\"old\":\"T-000123\""), std::string::npos) << details;
}

TEST_P(OrganisationRepositoryTest, AJoinRequestCreatesAnUnattachedAccountUntilApproved) {
    auto request = organisations().requestToJoin(id_, applicant("b@asso.org"), kAt);
    ASSERT_TRUE(request) << request.error().message;
    EXPECT_EQ(request.value().email, "b@asso.org");
    EXPECT_EQ(users().findById(request.value().userId)->organizationId, std::nullopt);
    EXPECT_EQ(organisations().pendingJoinRequests(id_).size(), 1u);

    auto taken = organisations().requestToJoin(id_, applicant("A@asso.org"), kAt);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::Conflict);

    auto approved = organisations().decideJoinRequest(request.value().id, true, member_, kAt);
    ASSERT_TRUE(approved);
    EXPECT_EQ(approved.value().state, engine::JoinRequestState::Approved);
    EXPECT_EQ(users().findById(request.value().userId)->organizationId, id_);
    EXPECT_TRUE(organisations().pendingJoinRequests(id_).empty());
    EXPECT_EQ(lastAudit().first, "join_request_approved");
    auto again = organisations().decideJoinRequest(request.value().id, false, member_, kAt);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);

    auto refused = organisations().requestToJoin(id_, applicant("c@asso.org"), kAt);
    ASSERT_TRUE(organisations().decideJoinRequest(refused.value().id, false, member_, kAt));
    EXPECT_EQ(users().findById(refused.value().userId)->organizationId, std::nullopt);
}

TEST_P(OrganisationRepositoryTest, MembersAreRemovedButNeverTheLastOne) {
    auto second =
        users().create(engine::NewUser{"b@asso.org", "B", "hash", Role::Applicant, id_, {}}, kAt);
    ASSERT_TRUE(second);
    auto notMember = organisations().removeMember(id_, finance_.userId, member_, kAt);
    ASSERT_FALSE(notMember);
    EXPECT_EQ(notMember.error().code, ErrorCode::NotFound);
    ASSERT_TRUE(organisations().removeMember(id_, second.value().id, member_, kAt));
    EXPECT_EQ(users().findById(second.value().id)->organizationId, std::nullopt);
    EXPECT_EQ(lastAudit().first, "member_removed");
    auto last = organisations().removeMember(id_, member_.userId, member_, kAt);
    ASSERT_FALSE(last);
    EXPECT_EQ(last.error().code, ErrorCode::Conflict);
    EXPECT_EQ(users().listByOrganisation(id_).size(), 1u);
}

TEST_P(OrganisationRepositoryTest, TwoRemovalsAtOnceNeverLeaveNobody) {
    auto second =
        users().create(engine::NewUser{"b@asso.org", "B", "hash", Role::Applicant, id_, {}}, kAt);
    ASSERT_TRUE(second);
    std::atomic<int> removed{0};
    std::thread one([&] {
        if (organisations().removeMember(id_, member_.userId, member_, kAt)) ++removed;
    });
    std::thread two([&] {
        if (organisations().removeMember(id_, second.value().id, member_, kAt)) ++removed;
    });
    one.join();
    two.join();
    EXPECT_EQ(removed.load(), 1);
    EXPECT_EQ(users().listByOrganisation(id_).size(), 1u);
}

GRANTFLOW_INSTANTIATE_BACKENDS(OrganisationRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
