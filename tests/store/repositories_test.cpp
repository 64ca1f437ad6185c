#include <atomic>
#include <thread>
#include <vector>

#include "store/attachment_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using engine::Money;
using engine::Role;

const engine::Timestamp kNow = at("2026-02-01T08:00:00Z");

engine::NewUser reviewer(const std::string& email = "Instructeur@Paris.fr") {
    return engine::NewUser{email,          "Inès Instructrice", "$argon2id$v=19$hash",
                           Role::Reviewer, std::nullopt,        {"WATER", "HEALTH", "WATER"}};
}

class RepositoriesTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 8;
        return o;
    }
    store::OrganisationRepository organisations() { return store::OrganisationRepository(db()); }
    store::UserRepository users() { return store::UserRepository(db()); }
    store::ProgrammeRepository programmes() { return store::ProgrammeRepository(db()); }
    store::AttachmentRepository attachments() { return store::AttachmentRepository(db()); }
};

TEST_P(RepositoriesTest, OrganisationsAreCreatedFoundAndListed) {
    auto a = organisations().create(sampleOrganisation("Association A"));
    engine::Organisation noDate = sampleOrganisation("Association B");
    noDate.activeInParisSince.reset();
    auto b = organisations().create(noDate);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(a.value().id, b.value().id);
    auto found = organisations().find(b.value().id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Association B");
    EXPECT_FALSE(found->activeInParisSince);
    auto all = organisations().list();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].name, "Association A");
    EXPECT_FALSE(organisations().find(999));

    engine::Organisation unnamed;
    auto refused = organisations().create(unnamed);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
}

TEST_P(RepositoriesTest, UsersAreFoundByNormalisedEmailWithTheirProgrammes) {
    auto created = users().create(reviewer(), kNow);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created.value().email, "instructeur@paris.fr");

    auto byEmail = users().findByEmail("  INSTRUCTEUR@paris.FR ");
    ASSERT_TRUE(byEmail);
    EXPECT_EQ(byEmail->id, created.value().id);
    EXPECT_EQ(byEmail->role, Role::Reviewer);
    EXPECT_EQ(byEmail->passwordHash, "$argon2id$v=19$hash");
    EXPECT_EQ(byEmail->programmes, (std::vector<std::string>{"HEALTH", "WATER"}));
    EXPECT_FALSE(byEmail->organizationId);
    EXPECT_EQ(byEmail->createdAt, kNow);
    EXPECT_TRUE(byEmail->actor().assignedTo("WATER"));

    auto byId = users().findById(created.value().id);
    ASSERT_TRUE(byId);
    EXPECT_EQ(byId->email, "instructeur@paris.fr");
    EXPECT_FALSE(users().findByEmail("nobody@paris.fr"));
    EXPECT_FALSE(users().findById(999));
}

TEST_P(RepositoriesTest, ATakenEmailIsAConflict) {
    ASSERT_TRUE(users().create(reviewer(), kNow).ok());
    auto again = users().create(reviewer("instructeur@paris.fr"), kNow);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    EXPECT_EQ(users().list().size(), 1u);
}

TEST_P(RepositoriesTest, ConcurrentRegistrationsOfOneEmailCreateOneAccountAndOneOrganisation) {
    std::atomic<int> ok{0}, conflicts{0}, others{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            engine::NewUser u{"same@asso.org", "Responsable", "hash",
                              Role::Applicant, std::nullopt,  {}};
            auto r = users().registerOrganisation(sampleOrganisation(), u, kNow);
            if (r.ok())
                ++ok;
            else if (r.error().code == ErrorCode::Conflict)
                ++conflicts;
            else
                ++others;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflicts.load(), 7);
    EXPECT_EQ(others.load(), 0);
    EXPECT_EQ(countRows(db(), "users"), 1);
    EXPECT_EQ(countRows(db(), "organisations"), 1);
}

TEST_P(RepositoriesTest, RegistrationLinksTheApplicantToItsOrganisation) {
    engine::NewUser u{"contact@asso.org", "Responsable", "hash", Role::Applicant, std::nullopt, {}};
    auto r = users().registerOrganisation(sampleOrganisation(), u, kNow);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().user.organizationId, r.value().organisation.id);
    EXPECT_EQ(users().findByEmail("contact@asso.org")->organizationId, r.value().organisation.id);
}

TEST_P(RepositoriesTest, InvalidAccountsAreRefused) {
    engine::NewUser noEmail{"", "x", "hash", Role::Clerk, std::nullopt, {}};
    EXPECT_EQ(users().create(noEmail, kNow).error().code, ErrorCode::Invalid);
    engine::NewUser system{"s@paris.fr", "x", "hash", Role::System, std::nullopt, {}};
    EXPECT_EQ(users().create(system, kNow).error().code, ErrorCode::Invalid);
    engine::NewUser orphan{"o@asso.org", "x", "hash", Role::Applicant, 999, {}};
    EXPECT_EQ(users().create(orphan, kNow).error().code, ErrorCode::Invalid);
    EXPECT_TRUE(users().list().empty());
}

TEST_P(RepositoriesTest, ProgrammeAssignmentsAndPasswordHashCanBeReplaced) {
    auto u = users().create(reviewer(), kNow).value();
    ASSERT_TRUE(users().setProgrammes(u.id, {"EMERGENCY"}).ok());
    ASSERT_TRUE(users().setPasswordHash(u.id, "new-hash").ok());
    auto after = users().findById(u.id);
    EXPECT_EQ(after->programmes, std::vector<std::string>{"EMERGENCY"});
    EXPECT_EQ(after->passwordHash, "new-hash");
    EXPECT_EQ(users().setProgrammes(999, {}).error().code, ErrorCode::NotFound);
    EXPECT_EQ(users().setPasswordHash(999, "h").error().code, ErrorCode::NotFound);
}

TEST_P(RepositoriesTest, ProgrammesAreUpsertedAndBudgetIsListedForAYear) {
    programmes().upsert({"WATER", "Eau", "DGRI"});
    programmes().upsert({"WATER", "Eau et assainissement", "DGRI"});
    programmes().upsert({"HEALTH", "Santé", "DGRI"});
    ASSERT_EQ(programmes().list().size(), 2u);
    EXPECT_EQ(programmes().find("WATER")->title, "Eau et assainissement");
    EXPECT_FALSE(programmes().find("NOPE"));

    ASSERT_TRUE(programmes().setEnvelope("WATER", 2026, Money::fromEuros(1000000)).ok());
    auto budget = programmes().budgetForYear(2026);
    ASSERT_EQ(budget.size(), 2u);
    EXPECT_EQ(budget[0].programme, "HEALTH");
    EXPECT_EQ(budget[0].envelope, Money());
    EXPECT_EQ(budget[1].programme, "WATER");
    EXPECT_EQ(budget[1].envelope, Money::fromEuros(1000000));
    EXPECT_EQ(programmes().budgetUse("WATER", 2026).envelope, Money::fromEuros(1000000));
    EXPECT_EQ(programmes().budgetForYear(2027)[1].envelope, Money());
}

TEST_P(RepositoriesTest, AttachmentsAreListedPerApplicationAndFoundOnlyThroughTheirApplication) {
    store::SociWorkflowStore store(db());
    std::int64_t org = createOrganisation(db());
    auto a = store.insertApplication(sampleDraft(org), createdAudit()).value();
    auto b = store.insertApplication(sampleDraft(org), createdAudit()).value();
    auto stored = attachments().insert(
        {a.id, "statutes", "statuts.pdf", "application/pdf", 10, "ab", "key-1"}, kNow);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored.value().storageKey, "key-1");

    auto list = attachments().listByApplication(a.id);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].info.kind, "statutes");
    EXPECT_EQ(list[0].createdAt, kNow);
    EXPECT_TRUE(attachments().listByApplication(b.id).empty());
    EXPECT_TRUE(attachments().find(a.id, stored.value().info.id));
    EXPECT_FALSE(attachments().find(b.id, stored.value().info.id));

    auto orphan =
        attachments().insert({999, "statutes", "x.pdf", "application/pdf", 1, "ab", "k"}, kNow);
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().code, ErrorCode::NotFound);
}

TEST_P(RepositoriesTest, UsersAreListedByOrganisationByRoleAndByProgrammeAssignment) {
    std::int64_t orgA = createOrganisation(db(), "A"), orgB = createOrganisation(db(), "B");
    auto a1 = users().create({"a1@asso.org", "A1", "h", Role::Applicant, orgA, {}}, kNow).value();
    auto b1 = users().create({"b1@asso.org", "B1", "h", Role::Applicant, orgB, {}}, kNow).value();
    auto a2 = users().create({"a2@asso.org", "A2", "h", Role::Applicant, orgA, {}}, kNow).value();
    auto water = users().create(reviewer("water@paris.fr"), kNow).value();  // WATER, HEALTH
    auto health =
        users()
            .create({"health@paris.fr", "H", "h", Role::Reviewer, std::nullopt, {"HEALTH"}}, kNow)
            .value();
    // An admin assigned to WATER is not one of its reviewers.
    users()
        .create({"admin@paris.fr", "Ad", "h", Role::Admin, std::nullopt, {"WATER"}}, kNow)
        .value();

    auto idsOf = [](const std::vector<engine::User>& list) {
        std::vector<std::int64_t> out;
        for (const auto& u : list) out.push_back(u.id);
        return out;
    };
    EXPECT_EQ(idsOf(users().listByOrganisation(orgA)), (std::vector<std::int64_t>{a1.id, a2.id}));
    EXPECT_EQ(idsOf(users().listByOrganisation(orgB)), std::vector<std::int64_t>{b1.id});
    EXPECT_TRUE(users().listByOrganisation(999).empty());

    auto ofWater = users().listReviewersOf("WATER");
    EXPECT_EQ(idsOf(ofWater), std::vector<std::int64_t>{water.id});
    ASSERT_EQ(ofWater.size(), 1u);
    EXPECT_EQ(ofWater[0].programmes, (std::vector<std::string>{"HEALTH", "WATER"}));
    EXPECT_EQ(idsOf(users().listReviewersOf("HEALTH")),
              (std::vector<std::int64_t>{water.id, health.id}));
    EXPECT_TRUE(users().listReviewersOf("CULTURE_IF").empty());
    EXPECT_TRUE(users().listReviewersOf("WATER' OR '1'='1").empty());

    EXPECT_EQ(idsOf(users().listByRole(Role::Reviewer)),
              (std::vector<std::int64_t>{water.id, health.id}));
    EXPECT_EQ(users().listByRole(Role::Applicant).size(), 3u);
    EXPECT_EQ(users().listByRole(Role::Admin).size(), 1u);
    EXPECT_TRUE(users().listByRole(Role::Clerk).empty());
}

TEST_P(RepositoriesTest, AttachmentsAreCountedAndSizedPerApplication) {
    store::SociWorkflowStore store(db());
    std::int64_t org = createOrganisation(db());
    auto a = store.insertApplication(sampleDraft(org), createdAudit()).value();
    auto b = store.insertApplication(sampleDraft(org), createdAudit()).value();
    EXPECT_EQ(attachments().count(a.id), 0);
    EXPECT_EQ(attachments().totalSize(a.id), 0);
    const std::int64_t big = 20LL * 1024 * 1024 * 1024;  // beyond 32 bits
    ASSERT_TRUE(attachments()
                    .insert({a.id, "budget", "b.pdf", "application/pdf", big, "ab", "k1"}, kNow)
                    .ok());
    ASSERT_TRUE(attachments()
                    .insert({a.id, "statutes", "s.pdf", "application/pdf", 5, "cd", "k2"}, kNow)
                    .ok());
    ASSERT_TRUE(attachments()
                    .insert({b.id, "statutes", "s.pdf", "application/pdf", 7, "cd", "k2"}, kNow)
                    .ok());
    EXPECT_EQ(attachments().count(a.id), 2);
    EXPECT_EQ(attachments().totalSize(a.id), big + 5);
    EXPECT_EQ(attachments().count(b.id), 1);
    EXPECT_EQ(attachments().totalSize(b.id), 7);
    EXPECT_EQ(attachments().count(999), 0);
}

TEST_P(RepositoriesTest, ConcurrentAttachmentsNeverGoPastTheApplicationsQuota) {
    store::SociWorkflowStore store(db());
    std::int64_t org = createOrganisation(db());
    auto app = store.insertApplication(sampleDraft(org), createdAudit()).value();
    ASSERT_TRUE(attachments()
                    .insert({app.id, "statutes", "s.pdf", "application/pdf", 10, "aa", "k0"}, kNow)
                    .ok());
    // Room for two more files, and for 45 more bytes: at most two of eight
    // racing 20-byte uploads fit.
    const engine::AttachmentQuota quota{3, 55};
    std::atomic<int> ok{0}, refused{0}, others{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            auto r = attachments().insert({app.id, "budget", "b.pdf", "application/pdf", 20, "bb",
                                           "k" + std::to_string(i + 1)},
                                          kNow, quota);
            if (r.ok())
                ++ok;
            else if (r.error().code == ErrorCode::TooLarge)
                ++refused;
            else
                ++others;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 2);
    EXPECT_EQ(refused.load(), 6);
    EXPECT_EQ(others.load(), 0);
    EXPECT_EQ(attachments().count(app.id), 3);
    EXPECT_EQ(attachments().totalSize(app.id), 50);

    // The byte limit alone refuses too, and names it.
    auto tooBig =
        attachments().insert({app.id, "budget", "c.pdf", "application/pdf", 6, "cc", "k9"}, kNow,
                             engine::AttachmentQuota{10, 55});
    ASSERT_FALSE(tooBig.ok());
    EXPECT_EQ(tooBig.error().code, ErrorCode::TooLarge);
    EXPECT_NE(tooBig.error().message.find("at most 55 bytes"), std::string::npos);
    EXPECT_EQ(attachments().count(app.id), 3);
}

GRANTFLOW_INSTANTIATE_BACKENDS(RepositoriesTest);

}  // namespace
}  // namespace grantflow::testing
