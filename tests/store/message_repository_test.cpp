#include "store/message_repository.hpp"

#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using engine::Role;
using std::chrono::minutes;

const engine::Timestamp kNow = at("2026-03-03T10:00:00Z");

class MessageRepositoryTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        std::int64_t org = createOrganisation(db());
        store::SociWorkflowStore store(db());
        app_ = store.insertApplication(sampleDraft(org), createdAudit()).value();
        other_ = store.insertApplication(sampleDraft(org), createdAudit()).value();
        store::UserRepository users(db());
        applicant_ =
            users.create({"contact@asso.org", "Awa Diallo", "hash", Role::Applicant, org, {}}, kNow)
                .value();
        reviewer_ = users
                        .create({"instructeur@paris.fr",
                                 "Inès",
                                 "hash",
                                 Role::Reviewer,
                                 std::nullopt,
                                 {"WATER"}},
                                kNow)
                        .value();
    }
    store::MessageRepository messages() { return store::MessageRepository(db()); }

    engine::Application app_, other_;
    engine::User applicant_, reviewer_;
};

TEST_P(MessageRepositoryTest, PostedMessagesAreListedOldestFirstWithTheirAuthors) {
    auto first =
        messages().post(app_.id, reviewer_.id, "Pouvez-vous préciser le budget ?", kNow, {});
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first.value().authorName, "Inès");
    EXPECT_EQ(first.value().authorRole, Role::Reviewer);
    EXPECT_EQ(first.value().createdAt, kNow);
    ASSERT_TRUE(messages().post(app_.id, applicant_.id, "Oui, voici.", kNow + minutes(5), {}).ok());
    ASSERT_TRUE(messages().post(other_.id, applicant_.id, "Autre dossier", kNow, {}).ok());

    auto thread = messages().list(app_.id);
    ASSERT_EQ(thread.size(), 2u);
    EXPECT_EQ(thread[0].id, first.value().id);
    EXPECT_EQ(thread[0].applicationId, app_.id);
    EXPECT_EQ(thread[0].authorId, reviewer_.id);
    EXPECT_EQ(thread[0].body, "Pouvez-vous préciser le budget ?");
    EXPECT_EQ(thread[1].authorId, applicant_.id);
    EXPECT_EQ(thread[1].authorName, "Awa Diallo");
    EXPECT_EQ(thread[1].authorRole, Role::Applicant);
    EXPECT_EQ(thread[1].createdAt, kNow + minutes(5));
    EXPECT_LT(thread[0].id, thread[1].id);
    EXPECT_EQ(messages().list(other_.id).size(), 1u);
    EXPECT_TRUE(messages().list(999).empty());
}

TEST_P(MessageRepositoryTest, NotificationsAreEnqueuedWithTheMessage) {
    std::vector<engine::OutboxMessage> notify{
        {"email", "role:reviewers:WATER", "Nouveau message", R"({"application":1})"},
        {"email", "contact@asso.org", "Nouveau message", "{}"}};
    ASSERT_TRUE(messages().post(app_.id, applicant_.id, "Bonjour", kNow, notify).ok());
    EXPECT_EQ(countRows(db(), "outbox",
                        "application_id = " + std::to_string(app_.id) +
                            " AND sent_at IS NULL AND next_attempt_at = '2026-03-03T10:00:00Z'"),
              2);
}

TEST_P(MessageRepositoryTest, NothingIsWrittenForAMissingApplicationEmptyBodyOrUnknownAuthor) {
    std::vector<engine::OutboxMessage> notify{{"email", "x@asso.org", "s", "{}"}};
    EXPECT_EQ(messages().post(999, applicant_.id, "Bonjour", kNow, notify).error().code,
              ErrorCode::NotFound);
    EXPECT_EQ(messages().post(app_.id, applicant_.id, "", kNow, notify).error().code,
              ErrorCode::Invalid);
    EXPECT_EQ(messages().post(app_.id, 4242, "Bonjour", kNow, notify).error().code,
              ErrorCode::Invalid);
    EXPECT_EQ(countRows(db(), "messages"), 0);
    EXPECT_EQ(countRows(db(), "outbox"), 0);
}

TEST_P(MessageRepositoryTest, BodiesKeepQuotesNewlinesAndUnicode) {
    const std::string body = "L'« Église » ; DROP TABLE messages; --\nligne 2 \xE2\x82\xAC";
    ASSERT_TRUE(messages().post(app_.id, applicant_.id, body, kNow, {}).ok());
    EXPECT_EQ(messages().list(app_.id).at(0).body, body);
}

GRANTFLOW_INSTANTIATE_BACKENDS(MessageRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
