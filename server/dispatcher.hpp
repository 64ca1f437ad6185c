#pragma once
// The HTTP boundary: turns every request into exactly one response.
//
//   1. match the route (404, or 405 with Allow);
//   2. a write a browser sent from a page of another origin is refused
//      (403 cross-origin-request; server/auth.hpp, isCrossOriginWrite);
//   3. authenticate (bearer token, else session cookie); routes that need a
//      caller answer 401 without one;
//   4. cookie-authenticated writes need X-CSRF-Token (403 csrf-token-missing);
//   5. the route's roles (403);
//   6. the handler. HttpProblem becomes its problem; an exception that says
//      the database does not answer is 503 with Retry-After, one that says a
//      disk is full 507 (server/problem.hpp, problemForOutage), each logged
//      as a warning; any other exception is logged with a fresh error id
//      and answered 500 with that id only;
//   7. a body the handler did not read is drained (up to limits.drain) so the
//      connection stays usable, else the connection is closed; a body that
//      came slower than the minimum rate (server/guarded_socket.hpp) is a
//      408 and the connection is closed, whatever the handler answered;
//   8. the reply is written with a Content-Length, security headers and
//      X-Request-Id; one access-log line and the metrics are recorded.
//
// The factory is shared by every connection thread; handlers are created per
// request. Authenticator implementations must be thread-safe.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "engine/database_status.hpp"
#include "logging/log.hpp"
#include "server/exchange.hpp"
#include "server/metrics.hpp"
#include "server/reply.hpp"
#include "server/router.hpp"
#include "server/server_config.hpp"

namespace grantflow::server {

class Authenticator {
public:
    virtual ~Authenticator() = default;
    // The signed-in caller owning this (plain) token, or nullopt when the
    // token is unknown, revoked or expired.
    virtual std::optional<Caller> authenticate(const std::string& token) = 0;
};

class Dispatcher final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    // `database`, when given, tells which failures are its outages
    // (answered 503 or 507 instead of 500); it must outlive the dispatcher.
    Dispatcher(const Router& router, Authenticator& authenticator, Metrics& metrics,
               logging::LogSink& log, const ServerConfig& config,
               const engine::DatabaseStatus* database = nullptr);

    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

    // Once set, responses ask the client to close its connection.
    void beginShutdown() { stopping_ = true; }
    bool stopping() const { return stopping_; }

    // Handles one request (what the per-request handler calls).
    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

private:
    std::optional<Caller> authenticate(Poco::Net::HTTPServerRequest& request);
    std::string clientAddress(Poco::Net::HTTPServerRequest& request) const;
    // The 500 for an exception a handler let out (call from its catch
    // block): logged with a fresh error id, which `errorId` receives.
    Reply unhandled(const std::string& requestId, const std::string& method,
                    const std::string& routeLabel, std::string& errorId);

    const Router& router_;
    Authenticator& authenticator_;
    Metrics& metrics_;
    logging::LogSink& log_;
    const ServerConfig& config_;
    const engine::DatabaseStatus* database_;
    std::atomic<bool> stopping_{false};
};

}  // namespace grantflow::server
