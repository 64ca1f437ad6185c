#include "server/exchange.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "server/json_body.hpp"
#include "server/problem.hpp"

namespace grantflow::server {

Exchange::Exchange(Poco::Net::HTTPServerRequest& request, RouteParams params, QueryItems query,
                   std::optional<Caller> caller, std::string requestId, std::string clientAddress,
                   const BodyLimits& limits)
    : request_(request),
      params_(std::move(params)),
      caller_(std::move(caller)),
      requestId_(std::move(requestId)),
      clientAddress_(std::move(clientAddress)),
      limits_(limits),
      query_(std::move(query)) {}

const std::string& Exchange::param(const std::string& name) const {
    static const std::string kEmpty;
    auto it = params_.find(name);
    return it == params_.end() ? kEmpty : it->second;
}

std::int64_t Exchange::idParam(const std::string& name) const {
    const std::string& text = param(name);
    if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        throw HttpProblem(ProblemKind::NotFound, "no such resource");
    std::int64_t id = std::stoll(text);
    if (id <= 0) throw HttpProblem(ProblemKind::NotFound, "no such resource");
    return id;
}

std::optional<std::string> Exchange::query(const std::string& name) const {
    return queryValue(query_, name);
}

const Caller& Exchange::caller() const {
    if (!caller_) throw HttpProblem(ProblemKind::Unauthenticated, "sign in first");
    return *caller_;
}

std::string Exchange::mediaType() const {
    std::string type = request_.getContentType();
    type = type.substr(0, type.find(';'));
    type.erase(
        std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
        type.end());
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type;
}

std::string Exchange::readBody(std::size_t limit) {
    // HTTP/1.1: without Content-Length or chunked encoding a request has no
    // body (Poco would otherwise read until the client closes).
    if (!request_.getChunkedTransferEncoding() && !request_.hasContentLength()) {
        bodyRead_ = true;
        return {};
    }
    if (request_.hasContentLength() &&
        request_.getContentLength64() > static_cast<Poco::Int64>(limit))
        throw HttpProblem(ProblemKind::TooLarge,
                          "the request body is larger than " + std::to_string(limit) + " bytes");
    std::string body;
    std::istream& in = request_.stream();
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit)
            throw HttpProblem(ProblemKind::TooLarge, "the request body is larger than " +
                                                         std::to_string(limit) + " bytes");
    }
    if (in.bad())
        throw HttpProblem(ProblemKind::Malformed, "the request body could not be read to its end");
    bodyRead_ = true;
    return body;
}

std::istream& Exchange::bodyStream() { return request_.stream(); }

Poco::JSON::Object::Ptr Exchange::jsonBody() {
    if (mediaType() != "application/json")
        throw HttpProblem(ProblemKind::UnsupportedMediaType,
                          "the request body must be application/json");
    return parseJsonObject(readBody(limits_.json));
}

}  // namespace grantflow::server
