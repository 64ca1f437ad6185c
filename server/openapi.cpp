#include "server/openapi.hpp"

#include <Poco/JSON/Array.h>

#include <cctype>
#include <set>
#include <stdexcept>

#include "server/api_schemas.hpp"

namespace grantflow::server {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr obj() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }
Array::Ptr arr() { return new Array; }

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

const char* reasonFor(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No content";
        case 400: return "Malformed request";
        case 401: return "Not signed in";
        case 403: return "Forbidden";
        case 404: return "Not found, or not visible to the caller";
        case 405: return "Method not allowed";
        case 408: return "The body came slower than the minimum rate";
        case 409: return "Conflict (stale version or duplicate)";
        case 413: return "Request too large";
        case 415: return "Unsupported media type";
        case 422: return "Validation or workflow rule failed";
        case 428: return "If-Match required";
        case 429: return "Too many attempts";
        case 500: return "Internal error: only an error_id, the log line has the details";
        case 503:
            return "Unavailable: the database does not answer, or the server is busy; retry after "
                   "Retry-After seconds";
        case 507: return "Insufficient storage: the server's disk is full";
    }
    return "Answer";
}

Object::Ptr schemaRef(const std::string& name) {
    auto ref = obj();
    ref->set("$ref", "#/components/schemas/" + name);
    return ref;
}

Object::Ptr problemResponse(int status) {
    auto r = obj();
    r->set("description", std::string(reasonFor(status)));
    auto content = obj();
    auto media = obj();
    media->set("schema", schemaRef("Problem"));
    content->set("application/problem+json", media);
    r->set("content", content);
    return r;
}

// The named schema, or std::invalid_argument naming the route: a route may
// only name a schema of server/api_schemas.json.
Object::Ptr namedSchema(const Route& route, const std::string& name, const char* member) {
    if (!hasApiSchema(name))
        throw std::invalid_argument(route.method + " " + route.pattern + ": " + member + " `" +
                                    name + "` is not a schema of server/api_schemas.json");
    return schemaRef(name);
}

Object::Ptr successResponse(const Route& route, int status) {
    auto r = obj();
    r->set("description", std::string(reasonFor(status)));
    const std::string& mediaType = route.produces;
    if (status != 204 && !mediaType.empty()) {
        auto content = obj();
        auto media = obj();
        Object::Ptr schema;
        if (mediaType == "application/json") {
            if (route.response.empty()) {
                schema = obj();
                schema->set("type", std::string("object"));
            } else {
                schema = namedSchema(route, route.response, "response");
            }
        } else {
            schema = obj();
            schema->set("type", std::string("string"));
            if (mediaType != "text/plain; version=0.0.4")
                schema->set("format", std::string("binary"));
        }
        media->set("schema", schema);
        content->set(mediaType, media);
        r->set("content", content);
    }
    return r;
}

Object::Ptr components() {
    auto c = obj();
    auto schemes = obj();
    auto bearer = obj();
    bearer->set("type", std::string("http"));
    bearer->set("scheme", std::string("bearer"));
    bearer->set("description", std::string("The `token` returned by POST /api/v1/session"));
    schemes->set("bearer", bearer);
    auto cookie = obj();
    cookie->set("type", std::string("apiKey"));
    cookie->set("in", std::string("cookie"));
    cookie->set("name", std::string("gf_session"));
    cookie->set("description",
                std::string("Session cookie; writes also need the X-CSRF-Token header"));
    schemes->set("cookie", cookie);
    c->set("securitySchemes", schemes);

    auto schemas = obj();
    auto named = apiSchemas();
    for (const auto& name : named->getNames()) schemas->set(name, named->get(name));
    c->set("schemas", schemas);
    return c;
}

}  // namespace

// Path parameters are ids (integers from 1) except the few named otherwise:
// a programme's `code` and a budget `year`.
Poco::JSON::Object::Ptr pathParameterSchema(const std::string& name) {
    auto schema = obj();
    if (name == "code") {
        schema->set("type", std::string("string"));
        schema->set("pattern", std::string("^[A-Z][A-Z0-9_]{0,63}$"));
    } else if (name == "year") {
        schema->set("type", std::string("integer"));
        schema->set("minimum", 2000);
        schema->set("maximum", 2200);
    } else {
        schema->set("type", std::string("integer"));
        schema->set("minimum", 1);
    }
    return schema;
}

std::string operationId(const std::string& method, const std::string& pattern) {
    std::string id = lower(method);
    bool upperNext = true;
    std::string rest = pattern;
    const std::string prefix = "/api/v1";
    if (rest.rfind(prefix, 0) == 0) rest = rest.substr(prefix.size());
    for (char c : rest) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            upperNext = true;
            continue;
        }
        id += upperNext ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upperNext = false;
    }
    return id;
}

Poco::JSON::Object::Ptr openApiDocument(const Router& router, const std::string& version) {
    auto doc = obj();
    doc->set("openapi", std::string("3.0.3"));
    auto info = obj();
    info->set("title", std::string("grantflow API"));
    info->set("version", version);
    info->set("description",
              std::string("Grant applications, reviews and Council decisions. Errors are "
                          "application/problem+json; money is integer cents in members ending "
                          "_cents. See docs/http-api.md."));
    doc->set("info", info);

    auto paths = obj();
    for (const Route& route : router.routes()) {
        if (!route.inOpenApi) continue;  // the web front-end's pages and files
        Object::Ptr item = paths->has(route.pattern) ? paths->getObject(route.pattern) : obj();
        auto op = obj();
        op->set("operationId", operationId(route.method, route.pattern));
        op->set("summary", route.summary);
        Array::Ptr tags = arr();
        tags->add(route.tag);
        op->set("tags", tags);
        Array::Ptr roles = arr();
        if (route.access == Access::Anyone)
            roles->add(std::string("anyone"));
        else if (route.roles.empty())
            roles->add(std::string("signed-in"));
        for (auto r : route.roles) roles->add(std::string(engine::toString(r)));
        op->set("x-roles", roles);

        Array::Ptr parameters = arr();
        for (const auto& segment : Router::split(route.pattern)) {
            if (segment.size() < 3 || segment.front() != '{') continue;
            auto p = obj();
            p->set("name", segment.substr(1, segment.size() - 2));
            p->set("in", std::string("path"));
            p->set("required", true);
            p->set("schema", pathParameterSchema(segment.substr(1, segment.size() - 2)));
            parameters->add(p);
        }
        for (const auto& q : route.query) {
            auto p = obj();
            p->set("name", q.name);
            p->set("in", std::string("query"));
            p->set("required", false);
            p->set("description", q.description);
            auto schema = obj();
            schema->set("type", q.type);
            p->set("schema", schema);
            parameters->add(p);
        }
        if (parameters->size() > 0) op->set("parameters", parameters);

        if (route.body != BodyKind::None) {
            auto body = obj();
            body->set("required", true);
            auto content = obj();
            auto media = obj();
            Object::Ptr schema;
            if (route.request.empty()) {
                schema = obj();
                schema->set("type", std::string("object"));
            } else {
                schema = namedSchema(route, route.request, "request");
            }
            media->set("schema", schema);
            content->set(route.body == BodyKind::Json ? "application/json" : "multipart/form-data",
                         media);
            body->set("content", content);
            op->set("requestBody", body);
        }

        Array::Ptr security = arr();
        if (route.access == Access::SignedIn) {
            auto bearer = obj();
            bearer->set("bearer", arr());
            security->add(bearer);
            auto cookie = obj();
            cookie->set("cookie", arr());
            security->add(cookie);
        }
        op->set("security", security);

        auto responses = obj();
        std::set<int> statuses = answeredStatuses(route);
        for (int status : statuses) {
            responses->set(std::to_string(status),
                           status < 400 ? successResponse(route, status) : problemResponse(status));
        }
        op->set("responses", responses);
        item->set(lower(route.method), op);
        paths->set(route.pattern, item);
    }
    doc->set("paths", paths);
    doc->set("components", components());
    return doc;
}

}  // namespace grantflow::server
