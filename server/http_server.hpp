#pragma once
// The listening side: a Poco HTTPServer on its own thread pool, sized from
// HttpOptions, with the Dispatcher as its request-handler factory.
//
// Slow clients: the listening socket is a GuardedServerSocket and the
// ConnectionGuard its connection filter (server/connection_guard.hpp), so
// every connection is held to the head's deadline and the body's minimum
// rate, a peer address has at most http.max_connections_per_address open,
// and when every thread is taken a new connection sheds a slow one.
//
// stop() is the graceful shutdown SIGTERM triggers: the listening socket is
// closed first (no new connections), responses start asking clients to
// close, then Poco's stopAll(false) waits for each in-flight request to
// finish and closes the idle keep-alive connections; connection threads are
// joined for at most drainTimeout. Call start/stop from one thread.

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/SharedPtr.h>
#include <Poco/ThreadPool.h>

#include <memory>

#include "logging/log.hpp"
#include "server/connection_guard.hpp"
#include "server/dispatcher.hpp"
#include "server/metrics.hpp"
#include "server/server_config.hpp"

namespace grantflow::server {

class HttpServer {
public:
    // Binds the socket now (throws Poco::Net::NetException when the address
    // is taken or invalid), so the caller knows the port before start().
    HttpServer(Poco::SharedPtr<Dispatcher> dispatcher, const HttpOptions& options, Metrics& metrics,
               logging::LogSink& log);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const;
    void start();
    // Returns true when every connection finished within drainTimeout.
    bool stop();

private:
    Poco::SharedPtr<Dispatcher> dispatcher_;
    HttpOptions options_;
    Poco::ThreadPool pool_;
    ConnectionGuard::Ptr guard_;
    Poco::Net::ServerSocket socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    bool running_ = false;
};

}  // namespace grantflow::server
