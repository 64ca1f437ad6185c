#include "server/openapi.hpp"

#include <gtest/gtest.h>

#include "server/exchange.hpp"
#include "server/reply.hpp"

using namespace grantflow::server;

TEST(OpenApi, OperationIdsAreReadable) {
    EXPECT_EQ(operationId("POST", "/api/v1/applications/{id}/transitions"),
              "postApplicationsIdTransitions");
    EXPECT_EQ(operationId("GET", "/healthz"), "getHealthz");
    EXPECT_EQ(operationId("GET", "/api/v1/openapi.json"), "getOpenapiJson");
}

TEST(OpenApi, DescribesEachRouteWithItsParametersAndRoles) {
    Router router;
    Route r;
    r.method = "GET";
    r.pattern = "/api/v1/applications/{id}/attachments/{aid}";
    r.handler = [](Exchange&) { return Reply::noContent(); };
    r.roles = {grantflow::engine::Role::Clerk};
    r.summary = "Download";
    r.tag = "attachments";
    r.produces = "application/octet-stream";
    router.add(r);
    Route anyone = r;
    anyone.method = "POST";
    anyone.pattern = "/api/v1/register";
    anyone.access = Access::Anyone;
    anyone.roles.clear();
    anyone.body = BodyKind::Json;
    anyone.statuses = {201, 409, 422};
    router.add(anyone);

    auto doc = openApiDocument(router, "1.2.3");
    EXPECT_EQ(doc->getValue<std::string>("openapi"), "3.0.3");
    auto paths = doc->getObject("paths");
    auto get = paths->getObject("/api/v1/applications/{id}/attachments/{aid}")->getObject("get");
    ASSERT_TRUE(get);
    EXPECT_EQ(get->getArray("parameters")->size(), 2u);
    EXPECT_EQ(get->getArray("x-roles")->getElement<std::string>(0), "clerk");
    EXPECT_TRUE(get->getObject("responses")->has("401"));
    EXPECT_TRUE(get->getObject("responses")->has("403"));
    EXPECT_EQ(get->getArray("security")->size(), 2u);

    auto post = paths->getObject("/api/v1/register")->getObject("post");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->getArray("security")->size(), 0u);
    EXPECT_TRUE(post->has("requestBody"));
    for (const char* s : {"201", "400", "409", "413", "415", "422"})
        EXPECT_TRUE(post->getObject("responses")->has(s)) << s;
    EXPECT_FALSE(post->getObject("responses")->has("401"));
}
