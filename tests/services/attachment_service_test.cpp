// The attachment policy and limits over fakes.
#include "services/attachment_service.hpp"

#include <fstream>

#include "tests/services/service_fixture.hpp"

using namespace grantflow;
using engine::ErrorCode;

namespace {

class AttachmentServiceTest : public grantflow::testing::ServiceTest {
protected:
    services::ReceivedFile received(const std::string& kind, std::int64_t size = 100) {
        services::ReceivedFile file;
        file.kind = kind;
        file.clientFilename = kind + ".pdf";
        file.contentType = "application/pdf";
        file.size = size;
        file.sha256 = std::string(63, 'a') + std::to_string(++files_ % 10);
        file.tempPath = attachments().newTempPath();
        std::ofstream(file.tempPath) << std::string(static_cast<std::size_t>(size), 'x');
        return file;
    }
    services::AttachmentService& attachments() { return service_; }

    services::AttachmentService service_{applications_, attachments_, blobs_, clock_,
                                         engine::AttachmentQuota{3, 1000}};
    int files_ = 0;
};

TEST_F(AttachmentServiceTest, TheOwnerAttachesAnyKindToADraft) {
    auto app = draft();
    auto added = attachments().add(applicant_, app.id, received("statutes"));
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added.value().info.kind, "statutes");
    auto listed = attachments().list(reviewer_, app.id);
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed.value().size(), 1u);
    auto content = attachments().open(clerk_, app.id, added.value().info.id);
    ASSERT_TRUE(content.ok());
    std::string bytes(std::istreambuf_iterator<char>(*content.value().bytes), {});
    EXPECT_EQ(bytes, std::string(100, 'x'));
}

TEST_F(AttachmentServiceTest, OthersMayNotAttachAndStrangersSeeNothing) {
    auto app = draft();
    EXPECT_EQ(attachments().checkUpload(clerk_, app.id).error().code, ErrorCode::Forbidden);
    EXPECT_EQ(attachments().checkUpload(stranger_, app.id).error().code, ErrorCode::NotFound);
    EXPECT_EQ(attachments().list(stranger_, app.id).error().code, ErrorCode::NotFound);
}

TEST_F(AttachmentServiceTest, AfterSubmissionOnlyTheKindsNotRequiredMayBeAdded) {
    auto app = draft();
    ASSERT_TRUE(applications_.fire(applicant_, app.id, "submit", app.version, "").ok());
    auto swapped = attachments().add(applicant_, app.id, received("statutes"));
    ASSERT_FALSE(swapped.ok());
    EXPECT_EQ(swapped.error().code, ErrorCode::Conflict);
    EXPECT_TRUE(attachments().add(applicant_, app.id, received("report")).ok());
}

TEST_F(AttachmentServiceTest, AFinalStateTakesNoFile) {
    auto app = draft();
    auto submitted = applications_.fire(applicant_, app.id, "submit", app.version, "").value();
    ASSERT_TRUE(
        applications_.fire(reviewer_, app.id, "close", submitted.application.version, "").ok());
    EXPECT_EQ(attachments().checkUpload(applicant_, app.id).error().code, ErrorCode::Conflict);
}

TEST_F(AttachmentServiceTest, AnUnknownKindIsInvalidAndNamesTheField) {
    auto app = draft();
    auto added = attachments().add(applicant_, app.id, received("selfie"));
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::Invalid);
    EXPECT_EQ(added.error().reasons.at(0).field, "kind");
}

TEST_F(AttachmentServiceTest, TheLimitsAreTooLargeNotAGuardName) {
    auto app = draft();
    auto big = attachments().add(applicant_, app.id, received("statutes", 1001));
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, ErrorCode::TooLarge);
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(attachments().add(applicant_, app.id, received("report")).ok());
    EXPECT_EQ(attachments().checkUpload(applicant_, app.id).error().code, ErrorCode::TooLarge);
    EXPECT_EQ(attachments_.count(app.id), 3);
}

}  // namespace
