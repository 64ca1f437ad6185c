// The administration's workflow routes over HTTP: the bundled files are
// published at start, a candidate's diff, its publication (new
// applications use it, running ones keep theirs), and the refusals.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

std::string bundled(const std::string& name) {
    std::ifstream in(std::string(GRANTFLOW_SOURCE_DIR) + "/workflows/" + name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto pos = text.find(from);
    if (pos == std::string::npos) throw std::logic_error("test pattern not found: " + from);
    return text.replace(pos, from.size(), to);
}

// The version of a bundled file: the one a fresh database publishes.
int bundledVersion(const std::string& file) {
    std::smatch m;
    const std::string text = bundled(file);
    if (!std::regex_search(text, m, std::regex("\"version\": ([0-9]+)")))
        throw std::logic_error(file + " has no version");
    return std::stoi(m[1]);
}

// EMERGENCY's next version: clerks may also start a review.
std::string emergencyV2() {
    const int v = bundledVersion("emergency.json");
    return replaced(replaced(bundled("emergency.json"), "\"version\": " + std::to_string(v),
                             "\"version\": " + std::to_string(v + 1)),
                    R"("to": "under_review",
     "roles": ["reviewer"])",
                    R"("to": "under_review",
     "roles": ["reviewer", "clerk"])");
}

std::string candidate(const std::string& text) {
    Poco::JSON::Object body;
    body.set("definition", text);
    std::ostringstream out;
    body.stringify(out);
    return out.str();
}

}  // namespace

class WorkflowsApi : public ApiTest {};

TEST_P(WorkflowsApi, TheBundledFilesArePublishedAsTheirVersion) {
    auto admin = as(createStaff(Role::Admin, "root"));
    auto list = admin.get("/api/v1/workflows");
    ASSERT_EQ(list.status, 200) << list.body;
    auto items = list.json()->getArray("items");
    ASSERT_EQ(items->size(), 4u);
    auto first = items->getObject(0);
    EXPECT_EQ(first->getValue<std::string>("programme"), "CULTURE_IF");
    EXPECT_EQ(first->getValue<int>("version_in_force"), bundledVersion("culture_if.json"));
    EXPECT_EQ(first->getArray("versions")->getObject(0)->getValue<std::string>("published_by"),
              "workflows folder");
    auto one = admin.get("/api/v1/workflows/EMERGENCY/versions/" +
                         std::to_string(bundledVersion("emergency.json")));
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.json()->getValue<std::string>("definition"), bundled("emergency.json"));
    EXPECT_EQ(admin.get("/api/v1/workflows/EMERGENCY/versions/9").status, 404);
    EXPECT_EQ(admin.get("/api/v1/workflows/EMERGENCY/versions/x").status, 404);
}

TEST_P(WorkflowsApi, ACandidatesDiffThenItsPublicationForNewApplicationsOnly) {
    auto admin = as(createStaff(Role::Admin, "root"));
    auto auditor = as(createStaff(Role::Auditor, "cour"));
    Account applicant = registerOrganisation("secours");
    auto association = as(applicant);
    const int bundledV = bundledVersion("emergency.json");
    auto before = createEmergencyDraft(association, "Avant");
    EXPECT_EQ(before->getValue<int>("workflow_version"), bundledV);

    auto diff = auditor.post("/api/v1/workflows/diff", candidate(emergencyV2()));
    ASSERT_EQ(diff.status, 200) << diff.body;
    auto d = diff.json();
    EXPECT_EQ(d->getValue<int>("from_version"), bundledV);
    EXPECT_EQ(d->getValue<int>("to_version"), bundledV + 1);
    EXPECT_EQ(d->getArray("states")->size(), 0u);
    auto transitions = d->getArray("transitions");
    ASSERT_EQ(transitions->size(), 1u);
    auto change = transitions->getObject(0);
    EXPECT_EQ(change->getValue<std::string>("name"), "start_review");
    EXPECT_EQ(change->getValue<std::string>("change"), "changed");
    auto aspect = change->getArray("aspects")->getObject(0);
    EXPECT_EQ(aspect->getValue<std::string>("aspect"), "roles");
    EXPECT_EQ(aspect->getValue<std::string>("after"), "reviewer, clerk");

    EXPECT_EQ(auditor.post("/api/v1/workflows", candidate(emergencyV2())).status, 403);
    auto published = admin.post("/api/v1/workflows", candidate(emergencyV2()));
    ASSERT_EQ(published.status, 201) << published.body;
    EXPECT_EQ(published.json()->getValue<int>("version"), bundledV + 1);
    EXPECT_EQ(published.json()->getValue<std::string>("published_by").rfind("admin #", 0), 0u);
    auto again = admin.post("/api/v1/workflows", candidate(emergencyV2()));
    EXPECT_EQ(again.status, 409) << again.body;

    auto after = createEmergencyDraft(association, "Après");
    EXPECT_EQ(after->getValue<int>("workflow_version"), bundledV + 1);
    auto kept = association.get("/api/v1/applications/" +
                                std::to_string(before->getValue<std::int64_t>("id")));
    EXPECT_EQ(kept.json()->getValue<int>("workflow_version"), bundledV);
    auto list = admin.get("/api/v1/workflows").json()->getArray("items");
    EXPECT_EQ(list->getObject(1)->getValue<int>("version_in_force"), bundledV + 1);
}

TEST_P(WorkflowsApi, AnInvalidCandidateIsRefusedNamingThePath) {
    auto admin = as(createStaff(Role::Admin, "root"));
    auto bad =
        admin.post("/api/v1/workflows/diff",
                   candidate(replaced(emergencyV2(), R"("to": "paid")", R"("to": "payed")")));
    ASSERT_EQ(bad.status, 422) << bad.body;
    EXPECT_NE(bad.body.find("unknown state `payed`"), std::string::npos) << bad.body;
    EXPECT_NE(bad.body.find("$.transitions["), std::string::npos) << bad.body;
    auto empty = admin.post("/api/v1/workflows", R"({"definition": ""})");
    EXPECT_EQ(empty.status, 400) << empty.body;
    auto list = admin.get("/api/v1/workflows").json()->getArray("items");
    EXPECT_EQ(list->getObject(1)->getValue<int>("version_in_force"),
              bundledVersion("emergency.json"));
}

GRANTFLOW_INSTANTIATE_BACKENDS(WorkflowsApi);
