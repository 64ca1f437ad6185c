#include "server/openapi.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "server/api_schemas.hpp"
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
    anyone.success = {201};
    anyone.errors = {grantflow::engine::ErrorCode::Conflict, grantflow::engine::ErrorCode::Invalid};
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
    // 403: a write a browser sent from another origin, signed in or not.
    for (const char* s : {"201", "400", "403", "409", "413", "415", "422"})
        EXPECT_TRUE(post->getObject("responses")->has(s)) << s;
    EXPECT_FALSE(post->getObject("responses")->has("401"));
}

namespace {

Route jsonRoute(std::string request, std::string response) {
    Route r;
    r.method = "POST";
    r.pattern = "/api/v1/applications";
    r.handler = [](Exchange&) { return Reply::noContent(); };
    r.summary = "Create";
    r.tag = "applications";
    r.body = BodyKind::Json;
    r.request = std::move(request);
    r.response = std::move(response);
    r.success = {201};
    r.errors = {grantflow::engine::ErrorCode::Invalid};
    return r;
}

// Every "$ref" below `value`, e.g. "#/components/schemas/Application".
void collectRefs(const Poco::Dynamic::Var& value, std::vector<std::string>& refs) {
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto o = value.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, member] : *o) {
            if (key == "$ref") refs.push_back(member.convert<std::string>());
            collectRefs(member, refs);
        }
    } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>()) collectRefs(item, refs);
    }
}

}  // namespace

TEST(OpenApi, ARouteNamingAnUnknownSchemaCannotBeDocumented) {
    Router responseTypo;
    responseTypo.add(jsonRoute("ApplicationCreate", "Aplication"));
    EXPECT_THROW(openApiDocument(responseTypo, "1"), std::invalid_argument);
    Router requestTypo;
    requestTypo.add(jsonRoute("ApplicationCreat", "Application"));
    EXPECT_THROW(openApiDocument(requestTypo, "1"), std::invalid_argument);
}

TEST(OpenApi, NamedSchemasDescribeTheBodiesOfTheirOperation) {
    Router router;
    router.add(jsonRoute("ApplicationCreate", "Application"));
    auto doc = openApiDocument(router, "1");
    auto post = doc->getObject("paths")->getObject("/api/v1/applications")->getObject("post");
    EXPECT_EQ(post->getObject("requestBody")
                  ->getObject("content")
                  ->getObject("application/json")
                  ->getObject("schema")
                  ->getValue<std::string>("$ref"),
              "#/components/schemas/ApplicationCreate");
    auto responses = post->getObject("responses");
    EXPECT_EQ(responses->getObject("201")
                  ->getObject("content")
                  ->getObject("application/json")
                  ->getObject("schema")
                  ->getValue<std::string>("$ref"),
              "#/components/schemas/Application");
    EXPECT_EQ(responses->getObject("422")
                  ->getObject("content")
                  ->getObject("application/problem+json")
                  ->getObject("schema")
                  ->getValue<std::string>("$ref"),
              "#/components/schemas/Problem");
    // A signed-in write may be refused for want of a CSRF token.
    EXPECT_TRUE(responses->has("403"));
}

TEST(OpenApi, EverySchemaIsDescribedAndEveryReferenceResolves) {
    auto schemas = apiSchemas();
    ASSERT_TRUE(schemas->has("Problem"));
    for (const auto& name : schemas->getNames()) {
        auto schema = schemas->getObject(name);
        ASSERT_TRUE(schema) << name;
        EXPECT_FALSE(schema->optValue<std::string>("description", "").empty()) << name;
    }
    std::vector<std::string> refs;
    collectRefs(Poco::Dynamic::Var(schemas), refs);
    EXPECT_FALSE(refs.empty());
    const std::string prefix = "#/components/schemas/";
    for (const auto& ref : refs) {
        ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
        EXPECT_TRUE(hasApiSchema(ref.substr(prefix.size()))) << ref;
    }
}

TEST(OpenApi, RouteParametersAndWritesListTheirGenericRefusals) {
    Router router;
    Route r;
    r.method = "GET";
    r.pattern = "/api/v1/jobs/{id}";
    r.handler = [](Exchange&) { return Reply::noContent(); };
    r.summary = "A job";
    r.tag = "council";
    r.response = "Job";
    router.add(r);
    auto responses = openApiDocument(router, "1")
                         ->getObject("paths")
                         ->getObject("/api/v1/jobs/{id}")
                         ->getObject("get")
                         ->getObject("responses");
    EXPECT_TRUE(responses->has("200"));
    EXPECT_TRUE(responses->has("401"));
    EXPECT_TRUE(responses->has("404"));
    EXPECT_FALSE(responses->has("403"));  // a read open to every role
}
