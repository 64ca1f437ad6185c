#pragma once
// What a handler answers: a status, headers and either a body held in
// memory or a function that streams it (file downloads). The dispatcher
// writes it, always with a Content-Length, so keep-alive connections stay
// usable (a response without one closes the connection).

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "server/problem.hpp"

namespace grantflow::server {

struct Reply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    // When set, the body is written by this function and is exactly
    // `streamLength` bytes long.
    std::function<void(std::ostream&)> stream;
    std::int64_t streamLength = 0;
    // Set for problem replies, so that the dispatcher can log and count them.
    bool isProblem = false;

    Reply& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    static Reply json(int status, const Poco::JSON::Object& object);
    static Reply json(int status, const Poco::JSON::Object::Ptr& object) {
        return json(status, *object);
    }
    // A body already written as JSON (the direct writers of server/views.hpp).
    static Reply jsonText(int status, std::string body);
    static Reply text(int status, std::string contentType, std::string body);
    static Reply noContent();
    static Reply problem(const Problem& problem);
};

// The whole HTTP/1.1 response for `reply` (a body in memory), closing the
// connection: for what is written straight to a socket before any request
// was read (a refused connection, a request head that came too slowly).
std::string closingResponseBytes(const Reply& reply);

// JSON object text with the keys in insertion order.
std::string stringify(const Poco::JSON::Object& object);
// One value as stringify() writes it (Poco's text, byte for byte).
void appendJsonValue(std::string& out, const Poco::Dynamic::Var& value);

}  // namespace grantflow::server
