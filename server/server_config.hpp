#pragma once
// What the HTTP layer can be configured with. `grantflow serve` fills it
// from flags, environment and the config file (app/serve_options.*); the
// defaults here are what a bare `grantflow serve` gets. docs/http-api.md
// lists every key.

#include <chrono>
#include <cstdint>
#include <string>

#include "services/login_throttle.hpp"

namespace grantflow::server {

using namespace std::chrono_literals;

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (the one taken is printed)
    // One thread per kept-alive connection (Poco's model): size for the
    // connections expected, and queue the rest.
    int maxThreads = 256;
    int maxQueued = 1024;
    std::chrono::seconds keepAliveTimeout = 15s;
    int maxKeepAliveRequests = 1000;
    // Receive and send timeout on every socket operation: a client that
    // stops sending or reading for this long is cut off.
    std::chrono::seconds socketTimeout = 30s;
    // Slow clients (server/client_deadline.hpp, server/connection_guard.hpp):
    // a request's head must be complete this long after the accept (or after
    // its first byte on a kept-alive connection), else 408 and closed;
    std::chrono::seconds headerTimeout = 10s;
    // after bodyGrace, a body must keep up with bodyMinRate bytes per second
    // on average since it began (0: no minimum), else 408 and closed;
    std::chrono::seconds bodyGrace = 10s;
    std::int64_t bodyMinRate = 500;
    // at most this many connections open from one peer address (0: no cap;
    // off by default behind a proxy, whose address every client shares).
    int maxConnectionsPerAddress = 32;
    // On SIGTERM: how long in-flight requests may take to finish.
    std::chrono::seconds drainTimeout = 30s;
};

struct BodyLimits {
    std::size_t json = 1024 * 1024;                       // 1 MiB per JSON body
    std::int64_t uploadFile = 20LL * 1024 * 1024;         // 20 MiB per file
    std::int64_t applicationFiles = 100LL * 1024 * 1024;  // all files of one application
    int applicationFileCount = 20;
    // A body past a limit is read and discarded up to this many bytes so the
    // client sees the 413; beyond it the connection is closed.
    std::int64_t drain = 64LL * 1024 * 1024;
};

struct SessionPolicy {
    std::chrono::seconds lifetime = 12h;
    // A session unused this long stops working, before `lifetime` if need be.
    std::chrono::seconds idleTimeout = 2h;
    bool secureCookies = false;  // add `Secure` to cookies (behind HTTPS)
};

// Sign-in rate limits (services/login_throttle.hpp).
using LoginPolicy = services::LoginPolicy;

struct ServerConfig {
    HttpOptions http;
    BodyLimits limits;
    SessionPolicy session;
    LoginPolicy login;
    // Take the client address from X-Forwarded-For (only behind a proxy
    // that sets it; otherwise a client could pick its rate-limit bucket).
    bool trustForwardedFor = false;
    // Reached over HTTPS (directly or through a TLS proxy): every answer
    // carries Strict-Transport-Security, so browsers never use plain HTTP.
    bool https = false;
    // A bearer secret that lets a scraper read /metrics (empty: only an
    // administrator's or auditor's session may).
    std::string metricsToken;
};

}  // namespace grantflow::server
