#pragma once
// The named schemas of the API's JSON bodies (components/schemas of the
// OpenAPI document): what every view in server/views.cpp and the Council
// handlers writes, and every request body the handlers' BodyReader accepts.
// Routes name them in the routing table (Route::request, Route::response),
// so the document says, operation by operation, what goes in and out.
//
// The definitions live in server/api_schemas.json, embedded into the library
// at build time. They are parsed once, on first use; the object returned is
// shared and must not be changed. Safe to call from any thread.

#include <Poco/JSON/Object.h>

#include <string>

namespace grantflow::server {

// name -> OpenAPI 3.0 schema object. Throws std::logic_error if the embedded
// text is not a JSON object (a broken build, caught by the unit tests).
Poco::JSON::Object::Ptr apiSchemas();

bool hasApiSchema(const std::string& name);

}  // namespace grantflow::server
