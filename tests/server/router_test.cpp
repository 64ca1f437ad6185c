#include "server/router.hpp"

#include <gtest/gtest.h>

#include "server/exchange.hpp"
#include "server/reply.hpp"

using grantflow::server::Reply;
using grantflow::server::Route;
using grantflow::server::RouteMatch;
using grantflow::server::Router;

namespace {

Route route(const std::string& method, const std::string& pattern) {
    Route r;
    r.method = method;
    r.pattern = pattern;
    r.handler = [](grantflow::server::Exchange&) { return Reply::noContent(); };
    return r;
}

Router sample() {
    Router router;
    router.add(route("GET", "/api/v1/applications"));
    router.add(route("POST", "/api/v1/applications"));
    router.add(route("GET", "/api/v1/applications/{id}"));
    router.add(route("PATCH", "/api/v1/applications/{id}"));
    router.add(route("GET", "/api/v1/applications/{id}/attachments/{aid}"));
    return router;
}

}  // namespace

TEST(Router, MatchesLiteralAndParameterSegments) {
    Router router = sample();
    auto m = router.match("GET", "/api/v1/applications/42/attachments/7");
    ASSERT_EQ(m.outcome, RouteMatch::Outcome::Found);
    EXPECT_EQ(m.route->pattern, "/api/v1/applications/{id}/attachments/{aid}");
    EXPECT_EQ(m.params.at("id"), "42");
    EXPECT_EQ(m.params.at("aid"), "7");

    auto list = router.match("GET", "/api/v1/applications");
    ASSERT_EQ(list.outcome, RouteMatch::Outcome::Found);
    EXPECT_TRUE(list.params.empty());
}

TEST(Router, UnknownPathsAreNotFound) {
    Router router = sample();
    for (const char* path :
         {"/", "", "/api/v1", "/api/v1/applications/", "/api/v1/applications//attachments/1",
          "/api/v1/applications/1/attachments", "/api/v1/applications/1/../2",
          "/API/V1/APPLICATIONS", "api/v1/applications"}) {
        EXPECT_EQ(router.match("GET", path).outcome, RouteMatch::Outcome::NotFound) << path;
    }
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
    Router router = sample();
    auto m = router.match("DELETE", "/api/v1/applications/3");
    ASSERT_EQ(m.outcome, RouteMatch::Outcome::MethodNotAllowed);
    EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "PATCH"}));
    auto put = router.match("PUT", "/api/v1/applications");
    ASSERT_EQ(put.outcome, RouteMatch::Outcome::MethodNotAllowed);
    EXPECT_EQ(put.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, RefusesDuplicateAndMalformedPatterns) {
    Router router = sample();
    EXPECT_THROW(router.add(route("GET", "/api/v1/applications")), std::invalid_argument);
    EXPECT_THROW(router.add(route("GET", "no-slash")), std::invalid_argument);
    EXPECT_THROW(router.add(route("GET", "/a//b")), std::invalid_argument);
    EXPECT_THROW(router.add(route("GET", "/a/{id")), std::invalid_argument);
    Route noHandler = route("GET", "/x");
    noHandler.handler = nullptr;
    EXPECT_THROW(router.add(noHandler), std::invalid_argument);
}

TEST(Router, RolesNarrowARoute) {
    Route r = route("POST", "/x");
    EXPECT_TRUE(r.allows(grantflow::engine::Role::Clerk));
    r.roles = {grantflow::engine::Role::Applicant};
    EXPECT_TRUE(r.allows(grantflow::engine::Role::Applicant));
    EXPECT_FALSE(r.allows(grantflow::engine::Role::Reviewer));
}

TEST(Router, ATailParameterMatchesTheRestOfThePath) {
    Router router = sample();
    router.add(route("GET", "/static/{path+}"));
    auto m = router.match("GET", "/static/i18n/fr.js");
    ASSERT_EQ(m.outcome, RouteMatch::Outcome::Found);
    EXPECT_EQ(m.route->pattern, "/static/{path+}");
    EXPECT_EQ(m.params.at("path"), "i18n/fr.js");
    EXPECT_EQ(router.match("GET", "/static/app.js").params.at("path"), "app.js");
    // At least one segment, and no empty one anywhere in the rest.
    for (const char* path :
         {"/static", "/static/", "/static//app.js", "/static/a//b", "/static/a/"})
        EXPECT_EQ(router.match("GET", path).outcome, RouteMatch::Outcome::NotFound) << path;
    EXPECT_EQ(router.match("POST", "/static/app.js").outcome,
              RouteMatch::Outcome::MethodNotAllowed);
    // The API's routes are unaffected.
    EXPECT_EQ(router.match("GET", "/api/v1/applications/4").route->pattern,
              "/api/v1/applications/{id}");
}

TEST(Router, ATailParameterMustComeLast) {
    Router router;
    EXPECT_THROW(router.add(route("GET", "/static/{path+}/x")), std::invalid_argument);
}

TEST(Router, TheRootIsARouteLikeAnyOther) {
    Router router = sample();
    EXPECT_EQ(router.match("GET", "/").outcome, RouteMatch::Outcome::NotFound);
    router.add(route("GET", "/"));
    EXPECT_EQ(router.match("GET", "/").outcome, RouteMatch::Outcome::Found);
    EXPECT_EQ(router.match("GET", "//").outcome, RouteMatch::Outcome::NotFound);
    EXPECT_EQ(router.match("GET", "").outcome, RouteMatch::Outcome::NotFound);
}

TEST(Router, TheStatusesOfARouteComeFromTheProblemTable) {
    using grantflow::engine::ErrorCode;
    using grantflow::server::ProblemKind;
    using grantflow::server::problemKindOf;
    using grantflow::server::statusOf;
    Route upload = route("POST", "/api/v1/applications/{id}/attachments");
    upload.success = {201};
    upload.errors = {ErrorCode::TooLarge, ErrorCode::Conflict, ErrorCode::Invalid};
    upload.problems = {ProblemKind::UnsupportedMediaType};
    auto answered = grantflow::server::answeredStatuses(upload);
    for (int status : {201, 413, 409, 422, 415, 401, 403, 404, 500})
        EXPECT_TRUE(answered.count(status)) << status;
    EXPECT_FALSE(answered.count(200)) << "201 is its success";
    EXPECT_FALSE(answered.count(429));
    // The same table answers the requests.
    EXPECT_EQ(statusOf(problemKindOf(ErrorCode::TooLarge)), 413);
    EXPECT_EQ(statusOf(problemKindOf(ErrorCode::Unavailable)), 503);
    EXPECT_EQ(statusOf(problemKindOf(ErrorCode::InsufficientStorage)), 507);

    Route health = route("GET", "/healthz");
    health.access = grantflow::server::Access::Anyone;
    EXPECT_EQ(grantflow::server::answeredStatuses(health), (std::set<int>{200, 500, 503, 507}))
        << "nothing implied by a session, a body or a path parameter";

    Router router;
    router.add(upload);
    EXPECT_EQ(router.routes().back().answered, answered)
        << "kept with the route for the dispatcher";
}
