#pragma once
// One request as a handler sees it: the Poco request, the route's path
// parameters, the query, the authenticated caller (if any) and the request
// body read under the configured limits. Lives for one request, on the
// thread serving it.

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"
#include "server/query_values.hpp"
#include "server/router.hpp"
#include "server/server_config.hpp"

namespace grantflow::server {

struct Caller {
    engine::User user;
    std::string tokenHash;  // of the session used
    std::string csrfToken;
    engine::Timestamp expiresAt{};
    bool viaCookie = false;

    engine::Actor actor() const { return user.actor(); }
    engine::Role role() const { return user.role; }
};

class Exchange {
public:
    using QueryItems = server::QueryItems;

    Exchange(Poco::Net::HTTPServerRequest& request, RouteParams params, QueryItems query,
             std::optional<Caller> caller, std::string requestId, std::string clientAddress,
             const BodyLimits& limits);

    Poco::Net::HTTPServerRequest& request() { return request_; }
    const std::string& method() const { return request_.getMethod(); }
    const std::string& requestId() const { return requestId_; }
    const std::string& clientAddress() const { return clientAddress_; }

    // Path parameter `{name}`; an id that is not a positive integer is a 404
    // (no such object), never a 400, like any other unknown path.
    const std::string& param(const std::string& name) const;
    std::int64_t idParam(const std::string& name) const;

    // Query parameter; nullopt when absent. Throws HttpProblem(Malformed) for
    // a NUL character or when given more than once.
    std::optional<std::string> query(const std::string& name) const;

    bool signedIn() const { return caller_.has_value(); }
    // Throws HttpProblem(Unauthenticated) when nobody is signed in.
    const Caller& caller() const;

    // The body as a JSON object: Content-Type must be application/json (415),
    // at most limits.json bytes (413), then parseJsonObject (400).
    Poco::JSON::Object::Ptr jsonBody();
    // Reads the whole body into memory, at most `limit` bytes (413).
    std::string readBody(std::size_t limit);
    // The raw body stream, for multipart parsing (the handler enforces its limits).
    std::istream& bodyStream();
    // Whether the handler read the body to its end (else the dispatcher drains it).
    bool bodyRead() const { return bodyRead_; }
    void markBodyRead() { bodyRead_ = true; }

    const BodyLimits& limits() const { return limits_; }

    // The Content-Type's media type, lower-cased, without parameters.
    std::string mediaType() const;

private:
    Poco::Net::HTTPServerRequest& request_;
    RouteParams params_;
    std::optional<Caller> caller_;
    std::string requestId_;
    std::string clientAddress_;
    const BodyLimits& limits_;
    QueryItems query_;
    bool bodyRead_ = false;
};

}  // namespace grantflow::server
