#include "server/reply.hpp"

#include <sstream>

namespace grantflow::server {

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Reply Reply::json(int status, const Poco::JSON::Object& object) {
    Reply r;
    r.status = status;
    r.body = stringify(object);
    return r;
}

Reply Reply::text(int status, std::string contentType, std::string body) {
    Reply r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

Reply Reply::noContent() {
    Reply r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

Reply Reply::problem(const Problem& problem) {
    Reply r;
    r.status = statusOf(problem.kind);
    r.contentType = "application/problem+json";
    r.body = toJson(problem);
    for (const auto& [name, value] : problem.headers) r.headers.emplace_back(name, value);
    // Every 503 is worth retrying soon (the database back, a password check
    // free): say when, unless the problem said it.
    if (problem.kind == ProblemKind::Unavailable && !problem.headers.count("Retry-After"))
        r.headers.emplace_back("Retry-After", "2");
    r.isProblem = true;
    return r;
}

}  // namespace grantflow::server
