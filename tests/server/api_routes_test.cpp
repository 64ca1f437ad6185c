// The routing table against the API contract (docs/http-api.md) and
// against the OpenAPI document generated from it: no route
// of the contract is missing, none is undocumented, and every operation of
// the document is a route.
#include "server/api_routes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "app/setup.hpp"
#include "engine/workflow_catalog.hpp"
#include "notify/immediate_mail_sender.hpp"
#include "server/openapi.hpp"
#include "store/adapters.hpp"
#include "store/blob_store.hpp"
#include "tests/store/backend_fixture.hpp"

using namespace grantflow;

namespace {

class ApiRoutes : public ::testing::Test {
protected:
    void SetUp() override {
        scratch_ = std::make_unique<grantflow::testing::ScratchDatabase>("sqlite");
        db_ = std::make_unique<store::Database>(scratch_->connectionString(), log_);
        store_ = std::make_unique<store::SociWorkflowStore>(*db_);
        engine_ = std::make_unique<engine::WorkflowEngine>(catalog_, *store_, clock_, log_);
        blobs_ =
            std::make_unique<store::BlobStore>((std::filesystem::temp_directory_path() /
                                                ("gf-api-routes-" + std::to_string(::getpid())))
                                                   .string());
        adapters_ = std::make_unique<store::Adapters>(*db_);
        services::Ports ports = app::portsOf(*adapters_, *blobs_, noMail_);
        services::ServiceSettings settings;
        settings.templatesFolder = GRANTFLOW_SOURCE_DIR "/templates";
        settings.attachmentQuota = {10, 1 << 20};
        services_ =
            std::make_unique<services::Services>(ports, catalog_, *engine_, clock_, settings);
        ctx_ = std::make_unique<server::ServerContext>(
            server::ServerContext{*services_, metrics_, log_, config_, "test", {}});
        server::addApiRoutes(router_, *ctx_);
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(blobs_->root(), ignored);
    }

    std::ostringstream logText_;
    logging::StreamLogSink log_{logText_};  // first: the database and engine log to it
    std::unique_ptr<grantflow::testing::ScratchDatabase> scratch_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<store::SociWorkflowStore> store_;
    engine::WorkflowCatalog catalog_;
    engine::SystemClock clock_;
    std::unique_ptr<engine::WorkflowEngine> engine_;
    std::unique_ptr<store::BlobStore> blobs_;
    std::unique_ptr<store::Adapters> adapters_;
    notify::ImmediateMailSender noMail_{nullptr};
    std::unique_ptr<services::Services> services_;
    server::Metrics metrics_;
    server::ServerConfig config_;
    std::unique_ptr<server::ServerContext> ctx_;
    server::Router router_;
};

std::set<std::string> tableRoutes(const server::Router& router) {
    std::set<std::string> out;
    for (const auto& r : router.routes()) out.insert(r.method + " " + r.pattern);
    return out;
}

}  // namespace

TEST_F(ApiRoutes, ServeEveryRouteOfTheContract) {
    // The HTTP API of docs/http-api.md, Council sessions and deliberations
    // included; the web front-end's pages and static files are not part of
    // the API contract.
    const std::set<std::string> contract{
        "POST /api/v1/register",
        "POST /api/v1/session",
        "DELETE /api/v1/session",
        "POST /api/v1/session/password",
        "POST /api/v1/password-reset",
        "POST /api/v1/password-reset/confirm",
        "POST /api/v1/email-verification",
        "POST /api/v1/email-verification/confirm",
        "POST /api/v1/organizations/{id}/members/invitations",
        "GET /api/v1/programmes",
        "POST /api/v1/applications",
        "GET /api/v1/applications",
        "GET /api/v1/applications/{id}",
        "PATCH /api/v1/applications/{id}",
        "POST /api/v1/applications/{id}/transitions",
        "POST /api/v1/applications/{id}/attachments",
        "GET /api/v1/applications/{id}/attachments/{aid}",
        "GET /api/v1/applications/{id}/history",
        "GET /api/v1/applications/{id}/messages",
        "POST /api/v1/applications/{id}/messages",
        "GET /api/v1/budget",
        "GET /api/v1/organizations",
        "GET /api/v1/organizations/{id}",
        "PATCH /api/v1/organizations/{id}",
        "PUT /api/v1/organizations/{id}/third-party-number",
        "POST /api/v1/organizations/{id}/iban-change",
        "GET /api/v1/iban-changes",
        "POST /api/v1/iban-changes/{id}/confirm",
        "POST /api/v1/iban-changes/{id}/reject",
        "GET /api/v1/organizations/{id}/members",
        "DELETE /api/v1/organizations/{id}/members/{userId}",
        "GET /api/v1/organizations/{id}/join-requests",
        "POST /api/v1/organizations/{id}/join-requests/{requestId}/approve",
        "POST /api/v1/organizations/{id}/join-requests/{requestId}/refuse",
        "POST /api/v1/council-sessions",
        "GET /api/v1/council-sessions",
        "GET /api/v1/council-sessions/{id}",
        "PATCH /api/v1/council-sessions/{id}",
        "POST /api/v1/council-sessions/{id}/deliberations",
        "GET /api/v1/deliberations/{id}",
        "POST /api/v1/deliberations/{id}/documents",
        "GET /api/v1/deliberations/{id}/document.pdf",
        "GET /api/v1/deliberations/{id}/annex.xlsx",
        "GET /api/v1/deliberations/{id}/pack.zip",
        "POST /api/v1/deliberations/{id}/vote",
        "GET /api/v1/jobs/{id}",
        "GET /api/v1/exports/applications.xlsx",
        "GET /api/v1/exports/budget.xlsx",
        "GET /api/v1/statistics",
        "GET /api/v1/statistics.xlsx",
        "GET /api/v1/open-data/subventions.csv",
        "GET /api/v1/users",
        "POST /api/v1/users",
        "PATCH /api/v1/users/{id}",
        "POST /api/v1/users/{id}/invitation",
        "POST /api/v1/invitations/check",
        "POST /api/v1/invitations/accept",
        "GET /api/v1/audit",
        "GET /api/v1/audit/verification",
        "GET /healthz",
        "GET /metrics",
        "GET /api/v1/openapi.json",
    };
    auto table = tableRoutes(router_);
    std::set<std::string> missing;
    for (const auto& route : contract)
        if (!table.count(route)) missing.insert(route);
    for (const auto& route : missing) ADD_FAILURE() << "missing from the routing table: " << route;
}

TEST_F(ApiRoutes, OpenApiDocumentsExactlyTheRoutingTable) {
    auto doc = server::openApiDocument(router_, "test");
    auto paths = doc->getObject("paths");
    std::set<std::string> documented;
    std::set<std::string> operationIds;
    for (const auto& [path, item] : *paths) {
        auto operations = item.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [method, op] : *operations) {
            std::string upper = method;
            for (auto& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            documented.insert(upper + " " + path);
            auto operation = op.extract<Poco::JSON::Object::Ptr>();
            EXPECT_TRUE(operationIds.insert(operation->getValue<std::string>("operationId")).second)
                << "duplicate operationId for " << upper << " " << path;
            EXPECT_FALSE(operation->getValue<std::string>("summary").empty())
                << upper << " " << path;
            EXPECT_TRUE(operation->has("responses"));
        }
    }
    EXPECT_EQ(documented, tableRoutes(router_));
}

TEST_F(ApiRoutes, EveryRouteSaysWhoMayCallIt) {
    for (const auto& r : router_.routes()) {
        EXPECT_FALSE(r.summary.empty()) << r.pattern;
        EXPECT_FALSE(r.tag.empty()) << r.pattern;
        // Only these need no session.
        static const std::set<std::string> open{"POST /api/v1/register",
                                                "POST /api/v1/session",
                                                "POST /api/v1/invitations/check",
                                                "POST /api/v1/invitations/accept",
                                                "POST /api/v1/password-reset",
                                                "POST /api/v1/password-reset/confirm",
                                                "POST /api/v1/email-verification/confirm",
                                                "GET /healthz",
                                                "GET /metrics",
                                                "GET /api/v1/openapi.json",
                                                "GET /api/v1/open-data/subventions.csv"};
        EXPECT_EQ(r.access == server::Access::Anyone, open.count(r.method + " " + r.pattern) == 1)
            << r.method << " " << r.pattern;
    }
}

// Every body the API reads or writes as JSON is described by a named schema,
// so the document tells a generated client what goes in and out.
TEST_F(ApiRoutes, EveryJsonBodyOfTheApiHasANamedSchema) {
    for (const auto& r : router_.routes()) {
        if (!r.inOpenApi) continue;
        const std::string route = r.method + " " + r.pattern;
        if (r.body != server::BodyKind::None) {
            EXPECT_FALSE(r.request.empty()) << route << " reads a body but names no schema";
        }
        bool answersJson =
            r.produces == "application/json" &&
            (r.success.empty() || std::any_of(r.success.begin(), r.success.end(), [](int s) {
                 return s >= 200 && s < 300 && s != 204;
             }));
        if (answersJson) {
            EXPECT_FALSE(r.response.empty()) << route << " answers JSON but names no schema";
        }
    }
    EXPECT_NO_THROW(server::openApiDocument(router_, "test"));
}
