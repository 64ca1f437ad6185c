// What the trail records besides applications' transitions: registrations,
// requests to join, files, messages and sign-outs, each in the transaction
// of the change, on a chain that still verifies.
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/attachment_repository.hpp"
#include "store/audit_verifier.hpp"
#include "store/message_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/session_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::Role;
using std::chrono::minutes;

const engine::Timestamp kAt = at("2026-05-04T09:00:00Z");

struct Entry {
    long long seq = 0, applicationId = 0, actorId = 0;
    std::string actorRole, action, comment, details;
};

class AuditCoverageTest : public BackendTest {
protected:
    // The entries after `after`, oldest first.
    std::vector<Entry> entriesAfter(long long after) {
        auto s = db().session();
        Entry e;
        soci::indicator appInd = soci::i_null;
        soci::statement st =
            (s->prepare << "SELECT seq, application_id, actor_id, actor_role, action, comment, "
                           "details FROM audit_entries WHERE seq > :after ORDER BY seq",
             soci::use(after), soci::into(e.seq), soci::into(e.applicationId, appInd),
             soci::into(e.actorId), soci::into(e.actorRole), soci::into(e.action),
             soci::into(e.comment), soci::into(e.details));
        st.execute();
        std::vector<Entry> out;
        while (st.fetch()) {
            if (appInd != soci::i_ok) e.applicationId = 0;
            out.push_back(e);
        }
        return out;
    }
    long long lastSeq() { return entriesAfter(0).empty() ? 0 : entriesAfter(0).back().seq; }

    static engine::NewUser applicant(const std::string& email) {
        return engine::NewUser{email, "Responsable", "hash", Role::Applicant, std::nullopt, {}};
    }
};

TEST_P(AuditCoverageTest, RegistrationsJoinRequestsFilesMessagesAndSignOutsAreOnTheTrail) {
    store::UserRepository users(db());
    auto registered =
        users.registerOrganisation(sampleOrganisation(), applicant("a@asso.org"), kAt);
    ASSERT_TRUE(registered);
    const auto member = registered.value().user;
    const auto org = registered.value().organisation.id;
    auto entries = entriesAfter(0);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "organisation_registered");
    EXPECT_EQ(entries[0].actorId, member.id);
    EXPECT_EQ(entries[0].actorRole, "applicant");
    EXPECT_EQ(entries[0].details, "{\"user_id\":" + std::to_string(member.id) +
                                      ",\"organisation_id\":" + std::to_string(org) + "}");

    long long seen = lastSeq();
    auto join =
        store::OrganisationRepository(db()).requestToJoin(org, applicant("b@asso.org"), kAt);
    ASSERT_TRUE(join);
    entries = entriesAfter(seen);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "join_requested");
    EXPECT_EQ(entries[0].actorId, join.value().userId);
    EXPECT_EQ(entries[0].details, "{\"user_id\":" + std::to_string(join.value().userId) +
                                      ",\"organisation_id\":" + std::to_string(org) +
                                      ",\"join_request_id\":" + std::to_string(join.value().id) +
                                      "}");

    store::SociWorkflowStore workflows(db());
    auto app = workflows.insertApplication(sampleDraft(org), createdAudit()).value();
    seen = lastSeq();
    store::AttachmentRepository attachments(db());
    engine::NewAttachment file{app.id, "statutes",           "statuts.pdf", "application/pdf",
                               1234,   std::string(64, 'c'), "k1",          member.actor()};
    auto stored = attachments.insert(file, kAt + minutes(1));
    ASSERT_TRUE(stored);
    entries = entriesAfter(seen);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "attachment_added");
    EXPECT_EQ(entries[0].applicationId, app.id);
    EXPECT_EQ(entries[0].actorId, member.id);
    EXPECT_EQ(entries[0].details, "{\"attachment_id\":" + std::to_string(stored.value().info.id) +
                                      ",\"kind\":\"statutes\",\"filename\":\"statuts.pdf\","
                                      "\"size\":1234,\"sha256\":\"" +
                                      std::string(64, 'c') + "\"}");

    seen = lastSeq();
    auto message = store::MessageRepository(db()).post(app.id, member.id, "Voici nos statuts.",
                                                       kAt + minutes(2), {});
    ASSERT_TRUE(message);
    entries = entriesAfter(seen);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "message_posted");
    EXPECT_EQ(entries[0].applicationId, app.id);
    EXPECT_EQ(entries[0].comment, "Voici nos statuts.");
    EXPECT_EQ(entries[0].details, "{\"message_id\":" + std::to_string(message.value().id) + "}");
    EXPECT_EQ(countRows(db(), "messages",
                        "id = " + std::to_string(message.value().id) +
                            " AND audit_seq = " + std::to_string(entries[0].seq)),
              1);

    store::SessionRepository sessions(db());
    ASSERT_TRUE(sessions.create("token-hash", member.id, "csrf", kAt, kAt + minutes(60)));
    seen = lastSeq();
    sessions.revoke("token-hash", kAt + minutes(3));
    sessions.revoke("token-hash", kAt + minutes(4));  // ended already: nothing more
    sessions.revoke("unknown", kAt + minutes(4));
    entries = entriesAfter(seen);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "signed_out");
    EXPECT_EQ(entries[0].actorId, member.id);

    auto verified = store::AuditVerifier(db()).verify();
    EXPECT_TRUE(verified.ok()) << verified.detail;
}

TEST_P(AuditCoverageTest, AFailedMessageOrFileLeavesNoEntry) {
    const long long org = createOrganisation(db());
    store::SociWorkflowStore workflows(db());
    auto app = workflows.insertApplication(sampleDraft(org), createdAudit()).value();
    const long long seen = lastSeq();
    EXPECT_FALSE(store::MessageRepository(db()).post(app.id, 0, "", kAt, {}));
    EXPECT_FALSE(store::MessageRepository(db()).post(app.id + 1000, 0, "Bonjour", kAt, {}));
    store::AttachmentRepository attachments(db());
    engine::NewAttachment file{app.id, "statutes",           "s.pdf", "application/pdf",
                               10,     std::string(64, 'd'), "k2",    {}};
    EXPECT_FALSE(attachments.insert(file, kAt, engine::AttachmentQuota{1, 5}));
    EXPECT_TRUE(entriesAfter(seen).empty());
}

GRANTFLOW_INSTANTIATE_BACKENDS(AuditCoverageTest);

}  // namespace
}  // namespace grantflow::testing
