#pragma once
// The OpenAPI 3.0 document of the API, generated from the routing table:
// every route is an operation (summary, tag, path parameters, query
// parameters, request body kind, roles as `x-roles`, security), so the
// document cannot miss a route. Served at GET /api/v1/openapi.json.

#include <Poco/JSON/Object.h>

#include <string>

#include "server/router.hpp"

namespace grantflow::server {

Poco::JSON::Object::Ptr openApiDocument(const Router& router, const std::string& version);

// "POST" + "/api/v1/applications/{id}/transitions" -> "postApplicationsIdTransitions"
std::string operationId(const std::string& method, const std::string& pattern);

}  // namespace grantflow::server
