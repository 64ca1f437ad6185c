#pragma once
// The routing table of the API: one list of routes, each a method, a path
// pattern with `{name}` parameters, the handler, who may call it and a
// summary. The same table drives dispatch (match), authorisation by role
// (checked by the dispatcher before the handler runs) and the OpenAPI
// document (server/openapi.hpp), so no route can be served undocumented.
//
// Matching is exact on literal segments; a `{name}` segment matches any one
// non-empty segment. A last segment `{name+}` (a prefix route, e.g. the web
// front-end's `/static/{path+}`) matches one or more remaining non-empty
// segments, given joined by '/'; handlers must still check what they get.
// A path that matches some pattern but not with the request's method is a
// 405 with the allowed methods; no pattern at all is a 404. Built at
// start-up on one thread; read-only (and thread-safe) after.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/role.hpp"
#include "server/problem.hpp"

namespace grantflow::server {

class Exchange;
struct Reply;

using Handler = std::function<Reply(Exchange&)>;

enum class Access {
    Anyone,    // no session needed (a valid one is still recognised)
    SignedIn,  // a session or bearer token; `roles` narrows it further
};

enum class BodyKind { None, Json, Multipart };

// A query parameter, for the OpenAPI document.
struct QueryParameter {
    std::string name;
    std::string type;  // "string" or "integer"
    std::string description;
};

struct Route {
    std::string method{};   // "GET", "POST", "PATCH", "DELETE"
    std::string pattern{};  // "/api/v1/applications/{id}"
    Handler handler{};
    Access access = Access::SignedIn;
    std::vector<engine::Role> roles{};  // empty: every signed-in role
    std::string summary{};              // one line, for the OpenAPI document
    std::string tag{};                  // OpenAPI grouping, e.g. "applications"
    BodyKind body = BodyKind::None;
    // Names of schemas of server/api_schemas.json, for the OpenAPI document:
    // the request body (JSON or multipart form) and the body of a successful
    // JSON answer. openApiDocument refuses a name that is not a schema.
    std::string request{};
    std::string response{};
    // What the route answers besides what every route of its kind may answer
    // (answeredStatuses below): its success statuses (200 when none), the
    // service outcomes its handler maps to problems, and the HTTP-level
    // problems it raises itself. Statuses come from the one table of
    // server/problem.cpp that the answers come from, so the OpenAPI
    // document and the answers cannot disagree; the dispatcher logs
    // event=undocumented_status for an answer outside the set.
    std::vector<int> success{};
    std::vector<engine::ErrorCode> errors{};
    std::vector<ProblemKind> problems{};
    std::set<int> answered{};  // answeredStatuses(*this), filled by Router::add
    std::vector<QueryParameter> query{};
    std::string produces = "application/json";  // media type of a successful answer
    bool inOpenApi = true;  // false for the web front-end's pages and files (not API)

    bool allows(engine::Role role) const;
};

// Every status `route` may answer: its own (above), 401 and 403 for a
// signed-in route (roles, CSRF), 404 for a path with parameters, 400, 413
// and 415 for a JSON body, 408 for any body, and 500, 503 and 507 (a bug,
// the database not answering, a full disk).
std::set<int> answeredStatuses(const Route& route);

using RouteParams = std::map<std::string, std::string>;

struct RouteMatch {
    enum class Outcome { Found, NotFound, MethodNotAllowed };
    Outcome outcome = Outcome::NotFound;
    const Route* route = nullptr;
    RouteParams params;
    std::vector<std::string> allowed;  // for MethodNotAllowed, sorted
};

class Router {
public:
    // Throws std::invalid_argument for a malformed pattern or a duplicate
    // (method, pattern).
    void add(Route route);

    // `path` is the decoded path without the query string.
    RouteMatch match(const std::string& method, const std::string& path) const;

    const std::vector<Route>& routes() const { return routes_; }

    // "/a/{id}/b" -> {"a", "{id}", "b"}; empty segments are kept, so "/a//b"
    // and "/a/" never match "/a/b" or "/a".
    static std::vector<std::string> split(const std::string& path);

private:
    std::vector<Route> routes_;
    std::vector<std::vector<std::string>> segments_;  // parallel to routes_
};

}  // namespace grantflow::server
