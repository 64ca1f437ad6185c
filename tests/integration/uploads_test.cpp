// Attachments over HTTP: size limits per file and per application, the type
// taken from the content (not the name or the declared type), file names
// that try to escape, who may attach what and when, and that a refused
// upload leaves nothing behind (no row, no blob, no temporary file).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

// Regular files under `dir`, recursively.
std::vector<std::string> filesUnder(const std::string& dir) {
    std::vector<std::string> out;
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(std::filesystem::relative(e.path(), dir).string());
    return out;
}

}  // namespace

class Uploads : public ApiTest {
protected:
    ServerProcessOptions serverOptions() const override {
        return {
            .extraArgs = {"--limits-upload-bytes", "2097152", "--limits-application-files", "4"}};
    }
    HttpResponse attach(HttpClient& client, std::int64_t id, const std::string& kind,
                        const std::string& filename, const std::string& declared,
                        const std::string& content) {
        return client.upload(path(id, "/attachments"),
                             {{"kind", "", "", kind}, {"file", filename, declared, content}});
    }
};

TEST_P(Uploads, OversizedFilesAreRefusedAndLeaveNothingBehind) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");
    std::string big =
        pdf() + std::string(3 * 1024 * 1024, 'x');  // over the 2 MiB set for this suite
    auto r = attach(client, id, "statutes", "statuts.pdf", "application/pdf", big);
    EXPECT_EQ(r.status, 413) << r.body;
    EXPECT_EQ(r.problemType(), "too-large");
    EXPECT_EQ(count("attachments"), 0);
    EXPECT_TRUE(filesUnder(server().files()).empty()) << filesUnder(server().files()).front();
    EXPECT_EQ(client.get(path(id)).status, 200) << "the connection and the server are fine";
}

TEST_P(Uploads, TheTypeComesFromTheContent) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");

    auto mislabelled =
        attach(client, id, "statutes", "photo.png", "image/png", pdf("really a PDF"));
    ASSERT_EQ(mislabelled.status, 201) << mislabelled.body;
    EXPECT_EQ(mislabelled.json()->getValue<std::string>("content_type"), "application/pdf");
    auto png = attach(client, id, "bank_details", "rib.pdf", "application/pdf", ApiTest::png());
    ASSERT_EQ(png.status, 201) << png.body;
    EXPECT_EQ(png.json()->getValue<std::string>("content_type"), "image/png");

    for (const std::string& content : {std::string("<html><script>alert(1)</script></html>"),
                                       std::string("\x7f"
                                                   "ELF\x02\x01\x01",
                                                   7) +
                                           std::string(200, '\0'),
                                       std::string("MZ\x90\x00", 4) + std::string(200, 'A'),
                                       std::string("#!/bin/sh\nrm -rf /\n")}) {
        auto refused = attach(client, id, "budget", "budget.pdf", "application/pdf", content);
        EXPECT_EQ(refused.status, 415) << refused.body;
        EXPECT_EQ(refused.problemType(), "unsupported-media-type");
    }
    EXPECT_EQ(count("attachments"), 2);
    std::size_t stored = 0;
    if (isPostgres()) {
        stored = static_cast<std::size_t>(count("blobs"));  // files.store = database
    } else {
        for (const auto& f : filesUnder(server().files()))
            stored += f.find("tmp") == std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(stored, 2u) << "only the two accepted files are stored";
}

TEST_P(Uploads, FileNamesCannotEscapeNorInjectHeaders) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");
    for (const std::string& name :
         {std::string("../../../../etc/passwd.pdf"), std::string("..\\..\\windows\\win.ini.pdf"),
          std::string("/absolute/path.pdf"), std::string("evil\";\r\nX-Injected: yes.pdf")}) {
        auto r = attach(client, id, "statutes", name, "application/pdf", pdf(name));
        ASSERT_EQ(r.status, 201) << name << "\n" << r.body;
        std::string stored = r.json()->getValue<std::string>("filename");
        EXPECT_EQ(stored.find('/'), std::string::npos) << stored;
        EXPECT_EQ(stored.find('\\'), std::string::npos) << stored;
        EXPECT_EQ(stored.find(".."), std::string::npos) << stored;
        EXPECT_EQ(stored.find('\r'), std::string::npos) << stored;
        auto download = client.get(r.json()->getValue<std::string>("url"));
        ASSERT_EQ(download.status, 200);
        EXPECT_EQ(download.body, pdf(name));
        EXPECT_EQ(download.header("x-injected"), "");
        EXPECT_EQ(download.header("content-disposition").rfind("attachment", 0), 0u);
    }
    for (const auto& f : filesUnder(server().files()))
        EXPECT_EQ(f.find(".."), std::string::npos) << f;
    EXPECT_FALSE(std::filesystem::exists(server().directory() + "/etc/passwd.pdf"));
}

TEST_P(Uploads, FormProblemsHaveTheirStatus) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");
    auto json = client.post(path(id, "/attachments"), R"({"kind": "statutes"})");
    EXPECT_EQ(json.status, 415) << json.body;
    auto noKind =
        client.upload(path(id, "/attachments"), {{"file", "a.pdf", "application/pdf", pdf()}});
    EXPECT_EQ(noKind.status, 400) << noKind.body;
    EXPECT_EQ(noKind.errorFields(), std::vector<std::string>{"kind"});
    auto noFile = client.upload(path(id, "/attachments"), {{"kind", "", "", "statutes"}});
    EXPECT_EQ(noFile.status, 400) << noFile.body;
    EXPECT_EQ(noFile.errorFields(), std::vector<std::string>{"file"});
    auto unknownKind = attach(client, id, "passport", "a.pdf", "application/pdf", pdf());
    EXPECT_EQ(unknownKind.status, 422) << unknownKind.body;
    EXPECT_EQ(unknownKind.errorFields(), std::vector<std::string>{"kind"});
    auto broken = client.request("POST", path(id, "/attachments"), "--nope\r\ngarbage",
                                 "multipart/form-data; boundary=other");
    EXPECT_EQ(broken.status, 400) << broken.body;
    EXPECT_EQ(count("attachments"), 0);
}

TEST_P(Uploads, AnApplicationHasAFileCountLimit) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");
    for (int i = 0; i < 4; ++i)
        ASSERT_EQ(attach(client, id, "statutes", "s.pdf", "application/pdf", pdf(std::to_string(i)))
                      .status,
                  201);
    auto fifth = attach(client, id, "statutes", "s.pdf", "application/pdf", pdf("5"));
    EXPECT_EQ(fifth.status, 413) << fifth.body;
    EXPECT_EQ(count("attachments"), 4);
}

TEST_P(Uploads, AfterSubmissionOnlyLaterDocumentsMayBeAdded) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");
    attachRequiredFiles(client, id);
    ASSERT_EQ(fire(client, id, "submit", 1).status, 200);
    auto swap =
        attach(client, id, "statutes", "other.pdf", "application/pdf", pdf("other statutes"));
    EXPECT_EQ(swap.status, 409) << swap.body;
    auto report =
        attach(client, id, "activity_report", "report.pdf", "application/pdf", pdf("report"));
    EXPECT_EQ(report.status, 201) << report.body;

    Account reviewer = createStaff(Role::Reviewer, "r", {"EMERGENCY"});
    auto byReviewer = as(reviewer);
    EXPECT_EQ(attach(byReviewer, id, "activity_report", "r.pdf", "application/pdf", pdf()).status,
              403);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Uploads);
