// MessageService over fakes: who may read and post, the text rules, and the
// notification to the other side queued with the message.
#include "services/message_service.hpp"

#include "tests/services/service_fixture.hpp"

using namespace grantflow;
using engine::ErrorCode;

namespace {

class MessageServiceTest : public grantflow::testing::ServiceTest {
protected:
    services::MessageService messages{applications_, messages_, clock_};
};

TEST_F(MessageServiceTest, AnApplicantsMessageTellsTheReviewers) {
    auto app = draft();
    auto posted = messages.post(applicant_, "Awa", app.id, "Voici nos statuts.");
    ASSERT_TRUE(posted.ok());
    ASSERT_EQ(messages_.outbox.size(), 1u);
    EXPECT_EQ(messages_.outbox[0].recipient, "role:reviewers");
    EXPECT_NE(messages_.outbox[0].payload.find("\"author_name\":\"Awa\""), std::string::npos);
    EXPECT_EQ(messages.list(reviewer_, app.id).value().size(), 1u);
}

TEST_F(MessageServiceTest, AReviewersMessageTellsTheApplicant) {
    auto app = draft();
    ASSERT_TRUE(messages.post(reviewer_, "Paul", app.id, "Merci.").ok());
    EXPECT_EQ(messages_.outbox.at(0).recipient, "role:applicant");
}

TEST_F(MessageServiceTest, BlankOrOverlongTextIsInvalidAndNothingIsPosted) {
    auto app = draft();
    EXPECT_EQ(messages.post(applicant_, "Awa", app.id, "  \n").error().reasons.at(0).field, "body");
    EXPECT_EQ(messages
                  .post(applicant_, "Awa", app.id,
                        std::string(services::MessageService::kMaxLength + 1, 'a'))
                  .error()
                  .code,
              ErrorCode::Invalid);
    EXPECT_TRUE(messages_.messages.empty());
}

TEST_F(MessageServiceTest, StrangersNeitherReadNorPost) {
    auto app = draft();
    EXPECT_EQ(messages.list(stranger_, app.id).error().code, ErrorCode::NotFound);
    EXPECT_EQ(messages.post(otherReviewer_, "X", app.id, "hi").error().code, ErrorCode::NotFound);
    EXPECT_TRUE(messages_.outbox.empty());
}

}  // namespace
