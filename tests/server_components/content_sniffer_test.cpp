#include "server/uploads/content_sniffer.hpp"

#include <gtest/gtest.h>

#include <random>

#include "tests/server_components/test_files.hpp"

namespace grantflow::testing {
namespace {

using server::uploads::sniffFile;

class ContentSniffer : public ::testing::Test {
protected:
    // The mime type sniffed from `bytes` written to a file called `name`,
    // or "none".
    std::string sniff(const std::string& bytes, const std::string& name = "upload.bin") {
        writeFile(dir_.file(name), bytes);
        auto type = sniffFile(dir_.file(name));
        return type ? type->mime : "none";
    }
    std::string extension(const std::string& bytes) {
        writeFile(dir_.file("x"), bytes);
        auto type = sniffFile(dir_.file("x"));
        return type ? type->extension : "none";
    }

    TempDir dir_;
};

TEST_F(ContentSniffer, RecognisesPdfPngAndJpegFromTheirSignatures) {
    EXPECT_EQ(sniff(kMinimalPdf), "application/pdf");
    EXPECT_EQ(extension(kMinimalPdf), "pdf");
    EXPECT_EQ(sniff(kPngHeader), "image/png");
    EXPECT_EQ(extension(kPngHeader), "png");
    EXPECT_EQ(sniff(kJpegHeader), "image/jpeg");
    EXPECT_EQ(extension(kJpegHeader), "jpg");
}

TEST_F(ContentSniffer, DecidesFromTheContentNotTheName) {
    EXPECT_EQ(sniff(kMinimalPdf, "photo.png"), "application/pdf");
    EXPECT_EQ(sniff(kPngHeader, "statutes.pdf"), "image/png");
    EXPECT_EQ(sniff(kElfHeader + std::string(200, '\0'), "budget.pdf"), "none");
}

TEST_F(ContentSniffer, RefusesExecutablesTextAndEmptyFiles) {
    EXPECT_EQ(sniff(kElfHeader + std::string(100, 'x')), "none");
    EXPECT_EQ(sniff(kWindowsExeHeader + std::string(100, '\0'), "setup.exe"), "none");
    EXPECT_EQ(sniff("#!/bin/sh\nrm -rf /\n", "script.pdf"), "none");
    EXPECT_EQ(sniff(""), "none");
    EXPECT_EQ(sniff("%PDF"), "none");  // a prefix of the signature is not enough
    EXPECT_EQ(sniff(" %PDF-1.4\n"), "none");
}

TEST_F(ContentSniffer, RecognisesOpenDocumentByItsStoredMimetypeEntry) {
    EXPECT_EQ(sniff(openDocument("application/vnd.oasis.opendocument.text")),
              "application/vnd.oasis.opendocument.text");
    EXPECT_EQ(extension(openDocument("application/vnd.oasis.opendocument.text")), "odt");
    EXPECT_EQ(extension(openDocument("application/vnd.oasis.opendocument.spreadsheet")), "ods");
    EXPECT_EQ(extension(openDocument("application/vnd.oasis.opendocument.presentation")), "odp");
}

TEST_F(ContentSniffer, RecognisesOpenDocumentWrittenWithDataDescriptors) {
    const std::string odt = openDocument("application/vnd.oasis.opendocument.text", false);
    ASSERT_TRUE(odt[6] & 0x08) << "the first entry's sizes follow its data";
    EXPECT_EQ(extension(odt), "odt");
}

TEST_F(ContentSniffer, RefusesOpenDocumentLookalikes) {
    // Another OpenDocument kind than text, spreadsheet or presentation.
    EXPECT_EQ(sniff(openDocument("application/vnd.oasis.opendocument.graphics")), "none");
    // `mimetype` compressed, or not the first entry.
    EXPECT_EQ(sniff(zipBytes({{"mimetype", "application/vnd.oasis.opendocument.text", false},
                              {"content.xml", "<x/>"}})),
              "none");
    EXPECT_EQ(sniff(zipBytes({{"content.xml", "<x/>"},
                              {"mimetype", "application/vnd.oasis.opendocument.text", true}})),
              "none");
    // A longer value that starts like a known one.
    EXPECT_EQ(
        sniff(zipBytes({{"mimetype", "application/vnd.oasis.opendocument.text-template", true},
                        {"content.xml", "<x/>"}})),
        "none");
}

TEST_F(ContentSniffer, RecognisesOfficeOpenXmlByItsParts) {
    EXPECT_EQ(sniff(officeDocument("word", "document.xml")),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(extension(officeDocument("word", "document.xml")), "docx");
    EXPECT_EQ(sniff(officeDocument("xl", "workbook.xml")),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(extension(officeDocument("xl", "workbook.xml")), "xlsx");
    EXPECT_EQ(sniff(officeDocument("ppt", "presentation.xml")),
              "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    EXPECT_EQ(extension(officeDocument("ppt", "presentation.xml")), "pptx");
}

TEST_F(ContentSniffer, RefusesAZipThatIsNeitherOpenDocumentNorOffice) {
    EXPECT_EQ(sniff(zipBytes({{"notes.txt", "hello"}, {"payload.exe", kElfHeader}}), "report.docx"),
              "none");
    // Office parts without [Content_Types].xml, or [Content_Types].xml alone.
    EXPECT_EQ(sniff(zipBytes({{"word/document.xml", "<w/>"}})), "none");
    EXPECT_EQ(sniff(zipBytes({{"[Content_Types].xml", "<Types/>"}, {"other/x.xml", "<x/>"}})),
              "none");
    // Parts of two kinds at once.
    EXPECT_EQ(sniff(zipBytes({{"[Content_Types].xml", "<Types/>"},
                              {"word/document.xml", "<w/>"},
                              {"xl/workbook.xml", "<x/>"}})),
              "none");
}

TEST_F(ContentSniffer, ATruncatedZipIsRefusedNeverACrash) {
    const std::string docx = officeDocument("word", "document.xml");
    const std::string odt = openDocument("application/vnd.oasis.opendocument.text");
    for (const std::string* whole : {&docx, &odt}) {
        for (std::size_t length = 4; length < whole->size(); length += 3) {
            std::string result;
            ASSERT_NO_THROW(result = sniff(whole->substr(0, length))) << "length " << length;
            EXPECT_EQ(result, "none") << "length " << length;
        }
    }
}

TEST_F(ContentSniffer, ACorruptedZipNeverCrashes) {
    const std::string docx = officeDocument("word", "document.xml");
    std::mt19937 random(20260301);  // fixed: the same corruptions on every run
    for (int round = 0; round < 400; ++round) {
        std::string bytes = docx;
        const int flips = 1 + static_cast<int>(random() % 8);
        for (int i = 0; i < flips; ++i)
            bytes[4 + random() % (bytes.size() - 4)] = static_cast<char>(random() & 0xFF);
        ASSERT_NO_THROW(sniff(bytes)) << "round " << round;
    }
}

TEST(FileNames, AKeptNameEndsWithAnExtensionOfTheSniffedType) {
    using server::uploads::nameForType;
    EXPECT_EQ(nameForType("statuts.pdf", "application/pdf"), "statuts.pdf");
    EXPECT_EQ(nameForType("STATUTS.PDF", "application/pdf"), "STATUTS.PDF");
    EXPECT_EQ(nameForType("photo.JPEG", "image/jpeg"), "photo.JPEG");
    EXPECT_EQ(nameForType("photo.jpe", "image/jpeg"), "photo.jpe");
    // A name that contradicts the content gets the content's extension.
    EXPECT_EQ(nameForType("invoice.html", "application/pdf"), "invoice.html.pdf");
    EXPECT_EQ(nameForType("rib.hta", "image/png"), "rib.hta.png");
    EXPECT_EQ(nameForType("budget.xlsx", "application/pdf"), "budget.xlsx.pdf");
    EXPECT_EQ(nameForType("budget.pdf",
                          "application/"
                          "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              "budget.pdf.xlsx");
    EXPECT_EQ(nameForType("statuts", "application/vnd.oasis.opendocument.text"), "statuts.odt");
    EXPECT_EQ(nameForType("archive.tar.", "application/pdf"), "archive.tar..pdf");
    // Not a type sniffFile gives: left alone.
    EXPECT_EQ(nameForType("notes.txt", "text/plain"), "notes.txt");
}

TEST_F(ContentSniffer, AMissingFileIsAnError) {
    EXPECT_THROW(sniffFile(dir_.file("does-not-exist")), std::runtime_error);
}

}  // namespace
}  // namespace grantflow::testing
