#include "server/uploads/content_disposition.hpp"

#include <gtest/gtest.h>

namespace grantflow::testing {
namespace {

using server::uploads::attachmentDisposition;

TEST(ContentDisposition, AnAsciiNameAppearsInBothForms) {
    EXPECT_EQ(attachmentDisposition("statuts-2026.pdf"),
              "attachment; filename=\"statuts-2026.pdf\"; filename*=UTF-8''statuts-2026.pdf");
}

TEST(ContentDisposition, UnicodeIsPercentEncodedWithAnAsciiFallback) {
    EXPECT_EQ(attachmentDisposition("Budget prévisionnel €.xlsx"),
              "attachment; filename=\"Budget pr_visionnel _.xlsx\"; "
              "filename*=UTF-8''Budget%20pr%C3%A9visionnel%20%E2%82%AC.xlsx");
}

TEST(ContentDisposition, QuotesBackslashesAndPercentCannotBreakTheHeader) {
    EXPECT_EQ(attachmentDisposition("a\"b\\c%d/e.pdf"),
              "attachment; filename=\"a_b_c_d_e.pdf\"; filename*=UTF-8''a%22b%5Cc%25d%2Fe.pdf");
}

TEST(ContentDisposition, ControlCharactersNeverReachTheHeader) {
    std::string header = attachmentDisposition("x\r\nSet-Cookie: a=b.pdf");
    EXPECT_EQ(header.find('\r'), std::string::npos);
    EXPECT_EQ(header.find('\n'), std::string::npos);
    EXPECT_EQ(header,
              "attachment; filename=\"x__Set-Cookie: a=b.pdf\"; "
              "filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a%3Db.pdf");
}

TEST(ContentDisposition, InvalidUtf8IsRepairedAndEmptyBecomesFile) {
    EXPECT_EQ(attachmentDisposition("a\xFF.pdf"),
              "attachment; filename=\"a_.pdf\"; filename*=UTF-8''a_.pdf");
    EXPECT_EQ(attachmentDisposition(""), "attachment; filename=\"file\"; filename*=UTF-8''file");
}

}  // namespace
}  // namespace grantflow::testing
