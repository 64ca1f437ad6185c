#include "server/uploads/upload_receiver.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/NetException.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <system_error>

#include "security/digest.hpp"
#include "tests/server_components/test_files.hpp"

namespace grantflow::testing {
namespace {

namespace uploads = server::uploads;
namespace fs = std::filesystem;

const std::string kBoundary = "----grantflowBoundary7MA4YWxkTrZu0gW";

struct Part {
    std::string disposition;  // the Content-Disposition value
    std::string content;
    std::string contentType;
};

Part field(const std::string& name, const std::string& value) {
    return {"form-data; name=\"" + name + "\"", value, ""};
}

Part filePart(const std::string& filename, const std::string& content,
              const std::string& name = "file") {
    return {"form-data; name=\"" + name + "\"; filename=\"" + filename + "\"", content,
            "application/octet-stream"};
}

std::string multipart(const std::vector<Part>& parts, bool closed = true) {
    std::string body;
    for (const auto& p : parts) {
        body += "--" + kBoundary + "\r\nContent-Disposition: " + p.disposition + "\r\n";
        if (!p.contentType.empty()) body += "Content-Type: " + p.contentType + "\r\n";
        body += "\r\n" + p.content + "\r\n";
    }
    if (closed) body += "--" + kBoundary + "--\r\n";
    return body;
}

// Some megabytes that are not all the same byte.
std::string patterned(std::size_t size) {
    std::string data(size, '\0');
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 131 + i / 7) & 0xFF);
    return data;
}

class UploadReceiverTest : public ::testing::Test {
protected:
    // Parses `body` the way the server does, with `receiver` for files;
    // returns the `kind` field.
    std::string load(const std::string& body, uploads::UploadReceiver& receiver) {
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST,
                                       "/api/v1/applications/1/attachments",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("multipart/form-data; boundary=" + kBoundary);
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        std::istringstream in(body);
        Poco::Net::HTMLForm form;
        uploads::limitFormFields(form);
        form.load(request, in, receiver);
        return form.get("kind", "");
    }

    std::string tempPath() const { return dir_.file("upload.part"); }

    TempDir dir_;
};

TEST_F(UploadReceiverTest, StreamsTheFileToDiskWithItsSizeAndSha256) {
    uploads::UploadReceiver receiver(tempPath(), 1 << 20);
    std::string kind =
        load(multipart({field("kind", "statutes"), filePart("statuts.pdf", "abc")}), receiver);
    ASSERT_TRUE(receiver.received());
    EXPECT_EQ(kind, "statutes");
    EXPECT_EQ(receiver.size(), 3);
    // FIPS 180-2, "abc".
    EXPECT_EQ(receiver.sha256(),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(receiver.clientFilename(), "statuts.pdf");
    EXPECT_EQ(receiver.declaredContentType(), "application/octet-stream");
    EXPECT_EQ(readFile(receiver.tempPath()), "abc");
    EXPECT_EQ(receiver.path(), tempPath());
}

TEST_F(UploadReceiverTest, ALargeBinaryFileArrivesByteForByte) {
    const std::string content = patterned(3 * 1024 * 1024 + 17);
    uploads::UploadReceiver receiver(tempPath(), 20 << 20);
    load(multipart({filePart("budget.xlsx", content), field("kind", "budget")}), receiver);
    ASSERT_TRUE(receiver.received());
    EXPECT_EQ(receiver.size(), static_cast<std::int64_t>(content.size()));
    EXPECT_EQ(receiver.sha256(), security::sha256Hex(content));
    EXPECT_TRUE(readFile(tempPath()) == content);
}

TEST_F(UploadReceiverTest, AFileOverTheLimitIsRefusedAndItsTempFileDeleted) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    EXPECT_THROW(load(multipart({filePart("big.pdf", std::string(1001, 'x'))}), receiver),
                 uploads::UploadTooLarge);
    EXPECT_FALSE(receiver.received());
    EXPECT_FALSE(fs::exists(tempPath()));
}

TEST_F(UploadReceiverTest, AFileOfExactlyTheLimitIsAccepted) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    load(multipart({filePart("exact.pdf", std::string(1000, 'x'))}), receiver);
    EXPECT_TRUE(receiver.received());
    EXPECT_EQ(receiver.size(), 1000);
}

TEST_F(UploadReceiverTest, PathTraversalInTheFileNameKeepsOnlyTheBaseName) {
    {
        uploads::UploadReceiver receiver(tempPath(), 1000);
        load(multipart({filePart("../../etc/passwd", "root:x:0:0")}), receiver);
        EXPECT_EQ(receiver.clientFilename(), "passwd");
        EXPECT_EQ(receiver.tempPath(), tempPath());  // the bytes went where we said, nowhere else
    }
    {
        uploads::UploadReceiver receiver(tempPath(), 1000);
        load(multipart({filePart("C:\\x\\evil.pdf", "%PDF-")}), receiver);
        EXPECT_EQ(receiver.clientFilename(), "evil.pdf");
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 0)
        << "each receiver removed its temp file and wrote nothing else";
}

TEST_F(UploadReceiverTest, TheRfc5987FileNameWinsOverThePlainOne) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    Part part{
        "form-data; name=\"file\"; filename=\"budget_.pdf\"; "
        "filename*=UTF-8''budget%20%E2%82%AC%202026.pdf",
        "%PDF-", ""};
    load(multipart({part}), receiver);
    EXPECT_EQ(receiver.clientFilename(), "budget € 2026.pdf");
}

TEST_F(UploadReceiverTest, ASecondFilePartIsRejected) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    EXPECT_THROW(load(multipart({filePart("a.pdf", "one"), filePart("b.pdf", "two")}), receiver),
                 uploads::UploadRejected);
}

TEST_F(UploadReceiverTest, AFileUnderAnotherFieldNameIsRejected) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    EXPECT_THROW(load(multipart({filePart("a.pdf", "one", "attachment")}), receiver),
                 uploads::UploadRejected);
    EXPECT_FALSE(fs::exists(tempPath()));
}

TEST_F(UploadReceiverTest, TheEmptyPartOfNoFileChosenIsNoFile) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    EXPECT_EQ(load(multipart({field("kind", "statutes"), filePart("", "")}), receiver), "statutes");
    EXPECT_FALSE(receiver.received());
    EXPECT_FALSE(fs::exists(tempPath()));
}

// A body cut before the closing boundary: the part ends where the bytes end
// (the receiver cannot tell), and HTMLForm::load throws afterwards. Hence
// the rule in the header: use the file only when load() returned.
TEST_F(UploadReceiverTest, ATruncatedBodyFailsTheForm) {
    {
        uploads::UploadReceiver receiver(tempPath(), 1000);
        EXPECT_THROW(load(multipart({filePart("a.pdf", "%PDF-1.4 partial")}, false), receiver),
                     Poco::Exception);
    }
    EXPECT_FALSE(fs::exists(tempPath()));
}

TEST_F(UploadReceiverTest, TextFieldsAreCapped) {
    uploads::UploadReceiver receiver(tempPath(), 1000);
    EXPECT_THROW(load(multipart({field("kind", std::string(uploads::kMaxFormValueBytes + 1, 'k'))}),
                      receiver),
                 Poco::Net::HTMLFormException);
    std::vector<Part> many;
    for (int i = 0; i <= uploads::kMaxFormFields; ++i)
        many.push_back(field("f" + std::to_string(i), "v"));
    uploads::UploadReceiver other(dir_.file("other.part"), 1000);
    EXPECT_THROW(load(multipart(many), other), Poco::Net::HTMLFormException);
}

TEST_F(UploadReceiverTest, TheDestructorDeletesTheFileUnlessReleased) {
    {
        uploads::UploadReceiver receiver(tempPath(), 1000);
        load(multipart({filePart("a.pdf", "data")}), receiver);
        ASSERT_TRUE(fs::exists(tempPath()));
    }
    EXPECT_FALSE(fs::exists(tempPath()));
    {
        uploads::UploadReceiver receiver(tempPath(), 1000);
        load(multipart({filePart("a.pdf", "data")}), receiver);
        receiver.release();
    }
    EXPECT_TRUE(fs::exists(tempPath()));
}

TEST_F(UploadReceiverTest, AnExistingFileIsNeitherOverwrittenNorDeleted) {
    writeFile(tempPath(), "precious");
    {
        uploads::UploadReceiver receiver(tempPath(), 1000);
        EXPECT_THROW(load(multipart({filePart("a.pdf", "attack")}), receiver), std::system_error);
    }
    EXPECT_EQ(readFile(tempPath()), "precious");
}

TEST_F(UploadReceiverTest, InFolderWritesAFreshFileInThatFolder) {
    auto receiver = uploads::UploadReceiver::inFolder(dir_.path().string(), 1000);
    auto other = uploads::UploadReceiver::inFolder(dir_.path().string(), 1000);
    EXPECT_NE(receiver.tempPath(), other.tempPath());
    EXPECT_EQ(fs::path(receiver.tempPath()).parent_path(), dir_.path());
    load(multipart({filePart("a.pdf", "data")}), receiver);
    EXPECT_EQ(readFile(receiver.tempPath()), "data");
}

TEST(SanitiseClientFilename, KeepsAnOrdinaryNameAsItIs) {
    EXPECT_EQ(uploads::sanitiseClientFilename("Statuts signés (2026).pdf"),
              "Statuts signés (2026).pdf");
}

TEST(SanitiseClientFilename, KeepsOnlyTheBaseName) {
    EXPECT_EQ(uploads::sanitiseClientFilename("../../etc/passwd"), "passwd");
    EXPECT_EQ(uploads::sanitiseClientFilename("C:\\x\\evil.pdf"), "evil.pdf");
    EXPECT_EQ(uploads::sanitiseClientFilename("/abs/path/"), "file");
    EXPECT_EQ(uploads::sanitiseClientFilename(".."), "file");
    EXPECT_EQ(uploads::sanitiseClientFilename("."), "file");
    EXPECT_EQ(uploads::sanitiseClientFilename(""), "file");
}

TEST(SanitiseClientFilename, RemovesControlAndBidiCharacters) {
    EXPECT_EQ(uploads::sanitiseClientFilename("a\r\nContent-Type: x.pdf"), "aContent-Type: x.pdf");
    EXPECT_EQ(uploads::sanitiseClientFilename(std::string("nul\0byte.pdf", 12)), "nulbyte.pdf");
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    EXPECT_EQ(uploads::sanitiseClientFilename("invoice\xE2\x80\xAE"
                                              "fdp.exe"),
              "invoicefdp.exe");
    EXPECT_EQ(uploads::sanitiseClientFilename("  report.pdf. . "), "report.pdf");
}

TEST(SanitiseClientFilename, RepairsInvalidUtf8) {
    EXPECT_EQ(uploads::sanitiseClientFilename("bad\xC3(name.pdf"), "bad_(name.pdf");
    EXPECT_EQ(uploads::sanitiseClientFilename("over\xC0\xAFlong.pdf"), "over__long.pdf");
}

TEST(SanitiseClientFilename, CutsLongNamesOnACharacterBoundaryKeepingTheExtension) {
    std::string name;
    for (int i = 0; i < 150; ++i) name += "é";  // 300 bytes
    std::string cut = uploads::sanitiseClientFilename(name + ".pdf");
    EXPECT_LE(cut.size(), uploads::kMaxFilenameBytes);
    EXPECT_EQ(cut.substr(cut.size() - 4), ".pdf");
    std::string expected;
    for (int i = 0; i < 98; ++i) expected += "é";  // 196 bytes, no half character
    EXPECT_EQ(cut, expected + ".pdf");
    std::string noExtension = uploads::sanitiseClientFilename(std::string(300, 'a'));
    EXPECT_EQ(noExtension, std::string(200, 'a'));
}

// Found by fuzz/multipart_fuzz.cpp: the cut to 200 bytes could end on a
// space or a dot, which a second sanitising then dropped.
TEST(SanitiseClientFilename, ANameCutToLengthEndsNeitherOnASpaceNorOnADot) {
    const std::string cutOnSpaces = uploads::sanitiseClientFilename(std::string(198, 'a') + "  b");
    EXPECT_EQ(cutOnSpaces, std::string(198, 'a'));
    // The last dot starts no short extension, so the name is cut at 200 bytes, on the dot.
    const std::string cutOnDot =
        uploads::sanitiseClientFilename(std::string(199, 'a') + ". b" + std::string(30, 'c'));
    EXPECT_EQ(cutOnDot, std::string(199, 'a'));
    for (const auto& name : {cutOnSpaces, cutOnDot})
        EXPECT_EQ(uploads::sanitiseClientFilename(name), name);
}

TEST(FilenameFromDisposition, ReadsQuotedAndBareValues) {
    EXPECT_EQ(uploads::filenameFromDisposition("form-data; name=\"file\"; filename=\"a b.pdf\""),
              "a b.pdf");
    EXPECT_EQ(uploads::filenameFromDisposition("form-data; name=file; filename=plain.pdf"),
              "plain.pdf");
    EXPECT_EQ(uploads::filenameFromDisposition(
                  "form-data; name=\"file\"; filename=\"say \\\"hi\\\".pdf\""),
              "say \"hi\".pdf");
    EXPECT_EQ(uploads::filenameFromDisposition("form-data; name=\"file\""), "");
    EXPECT_EQ(uploads::filenameFromDisposition("form-data; name=\"a;b\"; filename=\"x;y.pdf\""),
              "x;y.pdf");
}

TEST(FilenameFromDisposition, IgnoresAMalformedExtendedValue) {
    EXPECT_EQ(uploads::filenameFromDisposition(
                  "form-data; name=\"file\"; filename=\"fallback.pdf\"; filename*=UTF-8''bad%zz"),
              "fallback.pdf");
    EXPECT_EQ(
        uploads::filenameFromDisposition(
            "form-data; name=\"file\"; filename=\"fallback.pdf\"; filename*=ISO-8859-1''caf%E9"),
        "fallback.pdf");
}

}  // namespace
}  // namespace grantflow::testing
