// The web front-end's files: types, caching, the security policy and, above
// all, that no request path can leave the web folder.
#include "server/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "server/openapi.hpp"

namespace fs = std::filesystem;
using grantflow::server::HttpProblem;
using grantflow::server::Reply;
using grantflow::server::StaticFiles;

namespace {

std::string header(const Reply& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
        if (n == name) return v;
    return {};
}

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("gf-static-" + std::to_string(::getpid()));
        fs::remove_all(base_);
        root_ = base_ / "web";
        write(root_ / "index.html",
              "<!doctype html><link rel=\"stylesheet\" href=\"/static/app.css\">"
              "<script type=\"module\" src=\"/static/app.js\"></script>");
        write(root_ / "app.js", "import './i18n/fr.js';\n");
        write(root_ / "app.css", "body{}\n");
        write(root_ / "i18n" / "fr.js", "export default {};\n");
        write(root_ / ".secret.js", "hidden\n");
        write(root_ / "notes.sh", "#!/bin/sh\n");
        write(base_ / "outside.js", "outside\n");
        fs::create_symlink(base_ / "outside.js", root_ / "escape.js");
    }
    void TearDown() override { fs::remove_all(base_); }

    int statusOf(const std::string& path) {
        StaticFiles files(root_);
        try {
            return files.file(path, "").status;
        } catch (const HttpProblem& p) {
            return grantflow::server::statusOf(p.problem().kind);
        }
    }

    fs::path base_;
    fs::path root_;
};

}  // namespace

TEST_F(StaticFilesTest, ServesFilesWithTheirTypeAndTheStrictPolicy) {
    StaticFiles files(root_);
    Reply js = files.file("app.js", "");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.contentType, "text/javascript; charset=utf-8");
    EXPECT_EQ(js.body, "import './i18n/fr.js';\n");
    EXPECT_EQ(files.file("app.css", "").contentType, "text/css; charset=utf-8");
    EXPECT_EQ(files.file("i18n/fr.js", "").status, 200);
    std::string policy = header(js, "Content-Security-Policy");
    EXPECT_NE(policy.find("default-src 'self'"), std::string::npos);
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(policy.find("unsafe-eval"), std::string::npos);
}

TEST_F(StaticFilesTest, ThePageNamesTheVersionedFilesAndIsRevalidated) {
    StaticFiles files(root_);
    ASSERT_EQ(files.version().size(), 16u);
    Reply page = files.page("");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.contentType, "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("\"/static/" + files.version() + "/app.js\""), std::string::npos);
    EXPECT_NE(page.body.find("\"/static/" + files.version() + "/app.css\""), std::string::npos);
    EXPECT_EQ(header(page, "Cache-Control"), "no-cache");
    EXPECT_FALSE(header(page, "ETag").empty());
}

TEST_F(StaticFilesTest, VersionedFilesAreCachedForAYearOthersRevalidated) {
    StaticFiles files(root_);
    EXPECT_EQ(header(files.file(files.version() + "/app.js", ""), "Cache-Control"),
              "public, max-age=31536000, immutable");
    EXPECT_EQ(header(files.file("app.js", ""), "Cache-Control"), "no-cache");
    // A page loaded before a restart asks for an older version: served, not cached.
    Reply stale = files.file("0123456789abcdef/app.js", "");
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(header(stale, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, AMatchingETagIsNotModified) {
    StaticFiles files(root_);
    std::string etag = header(files.file("app.js", ""), "ETag");
    Reply again = files.file("app.js", "W/\"other\", " + etag);
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(files.file("app.js", "\"other\"").status, 200);
    EXPECT_EQ(files.page(header(files.page(""), "ETag")).status, 304);
}

TEST_F(StaticFilesTest, TheVersionChangesWithTheContent) {
    std::string before = StaticFiles(root_).version();
    write(root_ / "app.css", "body{color:black}\n");
    EXPECT_NE(StaticFiles(root_).version(), before);
}

TEST_F(StaticFilesTest, NoPathLeavesTheWebFolder) {
    // What the router hands over is already percent-decoded, so %2e%2e and
    // %00 arrive as ".." and NUL.
    const std::vector<std::string> refused{"../outside.js",
                                           "i18n/../../outside.js",
                                           "..",
                                           ".",
                                           "./app.js",
                                           "i18n/./fr.js",
                                           "i18n/..",
                                           std::string("app.js\0.css", 11),
                                           "app.js\\..",
                                           "%2e%2e/outside.js",
                                           "..%2foutside.js",
                                           "escape.js",
                                           ".secret.js",
                                           "i18n/.hidden.js",
                                           "/etc/passwd",
                                           "app.js/",
                                           "app.js;.css",
                                           "app js",
                                           "\xc3\xa9.js"};
    for (const auto& path : refused) EXPECT_EQ(statusOf(path), 404) << path;
}

TEST_F(StaticFilesTest, OnlyKnownTypesAndExistingFilesAreServed) {
    EXPECT_EQ(statusOf("notes.sh"), 404);
    EXPECT_EQ(statusOf("missing.js"), 404);
    EXPECT_EQ(statusOf("i18n"), 404);
    EXPECT_EQ(statusOf("index.html"), 200);
    EXPECT_FALSE(StaticFiles::contentTypeFor("x.exe"));
    EXPECT_EQ(*StaticFiles::contentTypeFor("logo.SVG"), "image/svg+xml");
}

TEST_F(StaticFilesTest, RefusesAFolderWithoutIndex) {
    EXPECT_THROW(StaticFiles(base_ / "missing"), std::invalid_argument);
    EXPECT_THROW(StaticFiles(root_ / "i18n"), std::invalid_argument);
}

TEST_F(StaticFilesTest, RoutesThePagesAndFilesOutsideTheOpenApiDocument) {
    StaticFiles files(root_);
    grantflow::server::Router router;
    grantflow::server::addWebRoutes(router, files);
    using Outcome = grantflow::server::RouteMatch::Outcome;
    for (const char* path :
         {"/", "/sign-in", "/applications/12", "/applications/12/edit", "/review", "/council/3",
          "/budget", "/static/app.js", "/static/i18n/fr.js"})
        EXPECT_EQ(router.match("GET", path).outcome, Outcome::Found) << path;
    EXPECT_EQ(router.match("GET", "/nowhere").outcome, Outcome::NotFound);
    for (const auto& r : router.routes()) {
        EXPECT_FALSE(r.inOpenApi) << r.pattern;
        EXPECT_EQ(r.access, grantflow::server::Access::Anyone) << r.pattern;
    }
    auto doc = grantflow::server::openApiDocument(router, "test");
    EXPECT_EQ(doc->getObject("paths")->size(), 0u);
}
