#include "server/dispatcher.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <string_view>
#include <typeinfo>

#include "security/password.hpp"
#include "server/auth.hpp"
#include "server/guarded_socket.hpp"
#include "server/problem.hpp"
#include "server/reply.hpp"

namespace grantflow::server {

namespace {

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RequestHandler(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        dispatcher_.handle(request, response);
    }

private:
    Dispatcher& dispatcher_;
};

bool hasBody(Poco::Net::HTTPServerRequest& request) {
    return request.getChunkedTransferEncoding() ||
           (request.hasContentLength() && request.getContentLength64() > 0);
}

// Reads and discards what is left of the body. False when it is longer than
// `cap` or could not be read: the connection must then be closed.
bool drainBody(Poco::Net::HTTPServerRequest& request, std::int64_t cap) {
    if (!hasBody(request)) return true;
    if (request.hasContentLength() && request.getContentLength64() > cap) return false;
    std::istream& in = request.stream();
    char buffer[65536];
    std::int64_t total = 0;
    while (in) {
        in.read(buffer, sizeof buffer);
        total += in.gcount();
        if (total > cap) return false;
    }
    return !in.bad();
}

// The headers of an answer besides Poco's own (Date, Connection, Server) and
// the body's type and length, in order: the reply's, then the defaults it
// did not set, then those every answer carries. `add(name, value)` takes
// each.
template <class Add>
void forEachReplyHeader(const Reply& reply, const std::string& requestId, bool https, Add add) {
    bool cacheSet = false;
    bool policySet = false;  // the web front-end's files bring their own (server/static_files.*)
    for (const auto& [name, value] : reply.headers) {
        add(name, value);
        if (Poco::icompare(name, "Cache-Control") == 0) cacheSet = true;
        if (Poco::icompare(name, "Content-Security-Policy") == 0) policySet = true;
    }
    if (!cacheSet) add("Cache-Control", "no-store");
    add("X-Request-Id", requestId);
    add("X-Content-Type-Options", "nosniff");
    add("X-Frame-Options", "DENY");
    add("Referrer-Policy", "no-referrer");
    if (https) add("Strict-Transport-Security", "max-age=31536000");
    if (!policySet) add("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
}

// An answer held in memory, head and body in one buffer and one send on
// the connection's socket. Poco's HTTPServerResponse::send() formats the
// head twice (once only to count its bytes) through std::ostream, after
// each header was set with a search of the list, then copies the body
// through a stream buffer: together a third of the instructions of reading
// an application (callgrind). The head is the one Poco would write
// (HTTPResponse::write): the status line, Poco's own headers as it set
// them (Date, Connection, Server), then the reply's.
void sendWhole(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPResponse& response,
               const Reply& reply, const std::string& requestId, bool headersOnly, bool https) {
    const bool hasBody = reply.status != 204;
    std::string out;
    out.reserve(640 + (hasBody && !headersOnly ? reply.body.size() : 0));
    auto add = [&out](std::string_view name, std::string_view value) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    };
    out += response.getVersion();
    out += ' ';
    out += std::to_string(reply.status);
    out += ' ';
    out += Poco::Net::HTTPResponse::getReasonForStatus(
        static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    out += "\r\n";
    for (const auto& [name, value] : response) add(name, value);
    forEachReplyHeader(reply, requestId, https, add);
    if (hasBody) {
        if (!reply.contentType.empty()) add("Content-Type", reply.contentType);
        add("Content-Length", std::to_string(reply.body.size()));
    }
    out += "\r\n";
    if (hasBody && !headersOnly) out += reply.body;
    const int sent = socket.sendBytes(out.data(), static_cast<int>(out.size()));
    if (sent != static_cast<int>(out.size()))
        throw Poco::Net::NetException("the answer was sent in part: " + std::to_string(sent) +
                                      " of " + std::to_string(out.size()) + " bytes");
}

// `socket`: the connection's, to send an answer held in memory at once
// (null: through Poco's response stream).
void writeReply(Poco::Net::HTTPServerResponse& response, Poco::Net::StreamSocket* socket,
                const Reply& reply, const std::string& requestId, bool headersOnly, bool https) {
    if (socket && !reply.stream) {
        sendWhole(*socket, response, reply, requestId, headersOnly, https);
        return;
    }
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    forEachReplyHeader(reply, requestId, https, [&response](const auto& name, const auto& value) {
        response.add(std::string(name), std::string(value));
    });
    if (reply.status == 204) {
        response.send();
        return;
    }
    if (!reply.contentType.empty()) response.setContentType(reply.contentType);
    if (headersOnly) {
        response.setContentLength64(reply.stream ? reply.streamLength
                                                 : static_cast<Poco::Int64>(reply.body.size()));
        response.send();
    } else if (reply.stream) {
        response.setContentLength64(reply.streamLength);
        std::ostream& out = response.send();
        reply.stream(out);
        out.flush();
    } else {
        response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
        // Flushed here, not when Poco destroys the response: once handle()
        // returns the connection counts as idle and may be shed.
        response.send() << reply.body << std::flush;
    }
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, Authenticator& authenticator, Metrics& metrics,
                       logging::LogSink& log, const ServerConfig& config,
                       const engine::DatabaseStatus* database)
    : router_(router),
      authenticator_(authenticator),
      metrics_(metrics),
      log_(log),
      config_(config),
      database_(database) {}

Poco::Net::HTTPRequestHandler* Dispatcher::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
    return new RequestHandler(*this);
}

std::string Dispatcher::clientAddress(Poco::Net::HTTPServerRequest& request) const {
    if (config_.trustForwardedFor && request.has("X-Forwarded-For")) {
        // The right-most entry is the one our own proxy added.
        std::string chain = request.get("X-Forwarded-For");
        std::string last = chain.substr(
            chain.find_last_of(',') == std::string::npos ? 0 : chain.find_last_of(',') + 1);
        auto b = last.find_first_not_of(" \t");
        auto e = last.find_last_not_of(" \t");
        if (b != std::string::npos) return last.substr(b, e - b + 1);
    }
    return request.clientAddress().host().toString();
}

std::optional<Caller> Dispatcher::authenticate(Poco::Net::HTTPServerRequest& request) {
    if (request.has("Authorization")) {
        auto token = bearerToken(request.get("Authorization"));
        if (!token || !looksLikeToken(*token)) return std::nullopt;
        return authenticator_.authenticate(*token);
    }
    if (request.has("Cookie")) {
        auto cookies = parseCookies(request.get("Cookie"));
        auto it = cookies.find(sessionCookieName(config_.session.secureCookies));
        if (it == cookies.end() || !looksLikeToken(it->second)) return std::nullopt;
        auto caller = authenticator_.authenticate(it->second);
        if (caller) caller->viaCookie = true;
        return caller;
    }
    return std::nullopt;
}

Reply Dispatcher::unhandled(const std::string& requestId, const std::string& method,
                            const std::string& routeLabel, std::string& errorId) {
    // Called inside the catch block: the exception in flight is rethrown
    // to read it.
    errorId = security::randomHex(8);
    std::string type = "unknown", what;
    try {
        throw;
    } catch (const Poco::Exception& e) {
        type = typeid(e).name();
        what = e.displayText();
    } catch (const std::exception& e) {
        type = typeid(e).name();
        what = e.what();
    }
    log_.write(logging::LogLine("error", "unhandled_exception")
                   .add("request_id", requestId)
                   .add("error_id", errorId)
                   .add("method", method)
                   .add("route", routeLabel)
                   .add("exception", type)
                   .add("what", what));
    Problem p =
        makeProblem(ProblemKind::Internal, "an internal error occurred; quote error id " + errorId);
    p.extensions["error_id"] = errorId;
    return Reply::problem(p);
}

void Dispatcher::handle(Poco::Net::HTTPServerRequest& request,
                        Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    metrics_.requestStarted();
    // The head is in; from now on the body's minimum rate applies.
    GuardedSocketImpl* connection = GuardedSocketImpl::of(request);
    if (connection) connection->headReceived();
    // Poco sets the receive timeout on server sockets; the send timeout too,
    // so a client that stops reading cannot hold a thread forever.
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (impl) impl->socket().setSendTimeout(Poco::Timespan(config_.http.socketTimeout.count(), 0));
    const std::string requestId = security::randomHex(8);
    const std::string method = request.getMethod();
    std::string routeLabel = "unmatched";
    const Route* matched = nullptr;
    std::optional<Caller> caller;
    std::optional<Exchange> exchange;
    std::string errorId;
    Reply reply;

    try {
        std::string path;
        Exchange::QueryItems query;
        try {
            Poco::URI uri(request.getURI());
            path = uri.getPath();
            query = uri.getQueryParameters();
        } catch (const Poco::SyntaxException&) {
            throw HttpProblem(ProblemKind::Malformed, "the request target is not a valid URI");
        }
        // HEAD is GET without the body (written by writeReply).
        RouteMatch match = router_.match(method == "HEAD" ? std::string("GET") : method, path);
        if (match.outcome == RouteMatch::Outcome::NotFound)
            throw HttpProblem(ProblemKind::NotFound, "no such resource");
        if (match.outcome == RouteMatch::Outcome::MethodNotAllowed) {
            std::string allow;
            for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
            Problem p = makeProblem(ProblemKind::MethodNotAllowed,
                                    method + " is not allowed here; use " + allow);
            p.headers["Allow"] = allow;
            throw HttpProblem(std::move(p));
        }
        const Route& route = *match.route;
        matched = &route;
        routeLabel = route.pattern;
        // Before anything else: a page of another site may not make a
        // browser write, signed in or not (a sign-in planted by another
        // site included).
        if (!isSafeMethod(method) &&
            isCrossOriginWrite(request.get("Sec-Fetch-Site", ""), request.get("Origin", ""),
                               request.get("Host", "")))
            throw HttpProblem(ProblemKind::CrossOrigin,
                              "a write sent by a page of another origin is refused");
        caller = authenticate(request);
        if (route.access == Access::SignedIn) {
            if (!caller) {
                Problem p = makeProblem(
                    ProblemKind::Unauthenticated,
                    "sign in first: send `Authorization: Bearer <token>` or the session cookie");
                p.headers["WWW-Authenticate"] = "Bearer realm=\"grantflow\"";
                throw HttpProblem(std::move(p));
            }
            if (caller->viaCookie && !isSafeMethod(method) &&
                !constantTimeEquals(request.get(kCsrfHeader, ""), caller->csrfToken))
                throw HttpProblem(ProblemKind::CsrfRejected,
                                  std::string("a cookie-authenticated write needs the ") +
                                      kCsrfHeader + " header with the token given at sign-in");
            if (!route.allows(caller->role()))
                throw HttpProblem(ProblemKind::Forbidden, std::string("the ") +
                                                              engine::toString(caller->role()) +
                                                              " role may not do this");
        }
        exchange.emplace(request, std::move(match.params), std::move(query), caller, requestId,
                         clientAddress(request), config_.limits);
        reply = route.handler(*exchange);
    } catch (const HttpProblem& p) {
        reply = Reply::problem(p.problem());
    } catch (const std::exception& e) {
        if (connection && connection->bodyTimedOut()) {
            // Answered 408 below, whatever the handler was doing.
        } else if (auto outage = problemForOutage(e, database_)) {
            // Not a bug: the client is told to come back, the operator why.
            auto* poco = dynamic_cast<const Poco::Exception*>(&e);
            log_.write(logging::LogLine("warning", "outage")
                           .add("request_id", requestId)
                           .add("method", method)
                           .add("route", routeLabel)
                           .add("status", static_cast<long long>(statusOf(outage->kind)))
                           .add("what", poco ? poco->displayText() : std::string(e.what())));
            reply = Reply::problem(*outage);
        } else {
            reply = unhandled(requestId, method, routeLabel, errorId);
        }
    }

    bool keepAlive = !stopping_;
    try {
        bool bodyRead = exchange && exchange->bodyRead();
        if (!bodyRead && !drainBody(request, config_.limits.drain)) keepAlive = false;
    } catch (const Poco::Exception&) {
        keepAlive = false;  // the client went away or timed out while sending
    }
    if (connection && connection->bodyTimedOut()) {
        // Whatever the handler made of the missing bytes, the answer is that
        // they came too slowly.
        reply = Reply::problem(
            makeProblem(ProblemKind::RequestTimeout, "the request body came slower than " +
                                                         std::to_string(config_.http.bodyMinRate) +
                                                         " bytes per second"));
        keepAlive = false;
    }
    if (!keepAlive) response.setKeepAlive(false);

    bool sent = true;
    try {
        writeReply(response, impl ? &impl->socket() : nullptr, reply, requestId, method == "HEAD",
                   config_.https);
    } catch (const std::exception& e) {
        sent = false;  // the client hung up; nothing more to tell it
        log_.write(logging::LogLine("warn", "response_not_sent")
                       .add("request_id", requestId)
                       .add("what", e.what()));
    }

    auto elapsed = std::chrono::steady_clock::now() - started;
    metrics_.requestFinished();
    metrics_.observeRequest(method, routeLabel, reply.status, elapsed);
    // The routing table says what each route answers (and the OpenAPI
    // document repeats it); an answer outside it is a bug to fix in one or
    // the other.
    if (matched && !matched->answered.count(reply.status))
        log_.write(logging::LogLine("error", "undocumented_status")
                       .add("request_id", requestId)
                       .add("method", method)
                       .add("route", routeLabel)
                       .add("status", static_cast<long long>(reply.status)));
    logging::LogLine line("info", "access");
    line.add("request_id", requestId)
        .add("method", method)
        .add("route", routeLabel)
        .add("status", static_cast<long long>(reply.status))
        .add("duration_ms", std::chrono::duration<double, std::milli>(elapsed).count())
        .add("bytes",
             static_cast<long long>(reply.stream ? reply.streamLength
                                                 : static_cast<long long>(reply.body.size())))
        .add("client",
             exchange ? exchange->clientAddress() : request.clientAddress().host().toString())
        .add("user", caller ? std::to_string(caller->user.id) : std::string("-"));
    if (!errorId.empty()) line.add("error_id", errorId);
    if (!sent) line.add("sent", std::string("no"));
    log_.write(line);
    if (connection) connection->requestFinished();
}

}  // namespace grantflow::server
