// The web front-end as `grantflow serve` hands it out: index.html for `/`
// and the app's pages, versioned files under /static/ with their types,
// caching headers and strict Content-Security-Policy, and no way out of the
// web folder whatever the request path (decoded dots, slashes, NUL).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;

namespace {

class WebFiles : public ApiTest {
protected:
    // The versioned URL of app.js that index.html names.
    std::string scriptUrl() {
        auto page = anonymous().get("/");
        std::smatch m;
        std::regex script(R"re(src="(/static/[0-9a-f]{16}/app\.js)")re");
        EXPECT_TRUE(std::regex_search(page.body, m, script)) << page.body;
        return m.size() > 1 ? m[1].str() : std::string();
    }
};

}  // namespace

TEST_P(WebFiles, TheRootAndTheAppsPagesServeIndexHtml) {
    for (const char* path : {"/", "/sign-in", "/register", "/applications", "/applications/new",
                             "/applications/42", "/applications/42/edit", "/review", "/council",
                             "/council/3", "/deliberations/7", "/budget", "/admin/envelopes",
                             "/organisation", "/finance/iban-changes", "/admin/calls"}) {
        auto r = anonymous().get(path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8") << path;
        EXPECT_EQ(r.header("cache-control"), "no-cache") << path;
        EXPECT_FALSE(r.header("etag").empty()) << path;
        EXPECT_NE(r.body.find("<main id=\"main\""), std::string::npos) << path;
    }
    auto missing = anonymous().get("/nowhere");
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(missing.isProblem());
}

TEST_P(WebFiles, EveryAnswerCarriesTheStrictPolicy) {
    auto page = anonymous().get("/");
    std::string policy = page.header("content-security-policy");
    EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;
    EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(page.header("x-frame-options"), "DENY");
    // The page has no inline script or style for the policy to allow.
    EXPECT_EQ(page.body.find("<script>"), std::string::npos);
    EXPECT_EQ(page.body.find("style="), std::string::npos);
    EXPECT_EQ(page.body.find("<style"), std::string::npos);
    // The API keeps its own, stricter one.
    EXPECT_EQ(anonymous().get("/healthz").header("content-security-policy"),
              "default-src 'none'; frame-ancestors 'none'");
}

TEST_P(WebFiles, VersionedFilesAreCachedAndRevalidatedByETag) {
    std::string url = scriptUrl();
    ASSERT_FALSE(url.empty());
    auto js = anonymous().get(url);
    ASSERT_EQ(js.status, 200);
    EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_NE(js.header("content-security-policy").find("default-src 'self'"), std::string::npos);
    auto again = anonymous().get(url, {{"If-None-Match", js.header("etag")}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    auto css = anonymous().get("/static/app.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
    EXPECT_EQ(css.header("cache-control"), "no-cache");
    EXPECT_EQ(anonymous().get("/static/i18n/fr.js").status, 200);
    auto head = anonymous().request("HEAD", url, "", "");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-length"), std::to_string(js.body.size()));
}

TEST_P(WebFiles, NoRequestPathLeavesTheWebFolder) {
    for (const char* path :
         {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt",
          "/static/%2E%2E/%2E%2E/etc/passwd", "/static/..%2f..%2fCMakeLists.txt",
          "/static/.%2e/README.md", "/static/i18n/../app.js", "/static/app.js%00.css",
          "/static/%252e%252e/CMakeLists.txt", "/static/..%5c..%5cCMakeLists.txt",
          "/static/./app.js", "/static/.hidden", "/static/missing.js", "/static/index.html/x",
          "/static//etc/passwd", "/static/%2fetc%2fpasswd"}) {
        auto r = anonymous().get(path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_TRUE(r.isProblem()) << path;
        EXPECT_EQ(r.body.find("project("), std::string::npos) << path;
        EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
    }
}

TEST_P(WebFiles, AWebFolderWithoutIndexStopsTheStart) {
    auto empty = std::filesystem::temp_directory_path() / "gf-web-empty";
    std::filesystem::create_directories(empty);
    auto r = runProgram(ServerProcess::program(), {"serve", "--db", connectionString(), "--port",
                                                   "0", "--web", empty.string()});
    EXPECT_EQ(r.exitCode, 78) << r.out << r.err;
    EXPECT_NE(r.err.find("web"), std::string::npos) << r.err;
    std::filesystem::remove_all(empty);
}

TEST_P(WebFiles, ProgrammesCarryTheirWorkflowGraphForTheDiagram) {
    Account alice = registerOrganisation("alice");
    auto r = as(alice).get("/api/v1/programmes");
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = r.json()->getArray("items");
    Poco::JSON::Object::Ptr emergency;
    for (unsigned i = 0; i < items->size(); ++i)
        if (items->getObject(i)->getValue<std::string>("code") == "EMERGENCY")
            emergency = items->getObject(i);
    ASSERT_TRUE(emergency);
    auto states = emergency->getArray("states");
    int initial = 0;
    for (unsigned i = 0; i < states->size(); ++i)
        if (states->getObject(i)->getValue<bool>("initial")) ++initial;
    EXPECT_EQ(initial, 1);
    auto transitions = emergency->getArray("transitions");
    bool submit = false;
    for (unsigned i = 0; i < transitions->size(); ++i) {
        auto t = transitions->getObject(i);
        if (t->getValue<std::string>("name") != "submit") continue;
        submit = true;
        EXPECT_EQ(t->getValue<std::string>("to"), "submitted");
        EXPECT_EQ(t->getArray("from")->getElement<std::string>(0), "draft");
        EXPECT_EQ(t->getArray("roles")->getElement<std::string>(0), "applicant");
        EXPECT_EQ(t->getValue<std::string>("label"), "Submit");
    }
    EXPECT_TRUE(submit);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, WebFiles, ::testing::Values(std::string("sqlite")));
