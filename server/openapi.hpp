#pragma once
// The OpenAPI 3.0 document of the API, generated from the routing table:
// every route is an operation (summary, tag, path parameters, query
// parameters, request and response schemas, roles as `x-roles`,
// security, statuses), so the document cannot miss a route. The schemas are
// server/api_schemas.json (server/api_schemas.hpp), named by each route's
// `request` and `response`. Served at GET /api/v1/openapi.json.

#include <Poco/JSON/Object.h>

#include <string>

#include "server/router.hpp"

namespace grantflow::server {

// Throws std::invalid_argument when a route names a schema that does not
// exist.
Poco::JSON::Object::Ptr openApiDocument(const Router& router, const std::string& version);

// "POST" + "/api/v1/applications/{id}/transitions" -> "postApplicationsIdTransitions"
std::string operationId(const std::string& method, const std::string& pattern);

}  // namespace grantflow::server
