#include "server/http_server.hpp"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <thread>

#include "server/guarded_socket.hpp"

namespace grantflow::server {

namespace {

Poco::Timespan seconds(std::chrono::seconds s) {
    return Poco::Timespan(static_cast<long>(s.count()), 0);
}

ConnectionLimits connectionLimits(const HttpOptions& options) {
    ConnectionLimits limits;
    limits.perAddress = options.maxConnectionsPerAddress;
    limits.threads = options.maxThreads;
    limits.total = options.maxThreads + options.maxQueued;
    limits.timeouts.header = options.headerTimeout;
    limits.timeouts.bodyGrace = options.bodyGrace;
    limits.timeouts.bodyMinRate = options.bodyMinRate;
    return limits;
}

}  // namespace

HttpServer::HttpServer(Poco::SharedPtr<Dispatcher> dispatcher, const HttpOptions& options,
                       Metrics& metrics, logging::LogSink& log)
    : dispatcher_(std::move(dispatcher)),
      options_(options),
      // Connection threads plus the acceptor's; threads above the minimum
      // end after a minute idle.
      pool_("http", 4, options.maxThreads + 2, 60),
      guard_(new ConnectionGuard(connectionLimits(options), metrics, log)),
      socket_(GuardedServerSocket(guard_)) {
    socket_.bind(Poco::Net::SocketAddress(options.host, static_cast<Poco::UInt16>(options.port)),
                 true);
    socket_.listen(1024);

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.maxThreads);
    params->setMaxQueued(options.maxQueued);
    params->setThreadIdleTime(Poco::Timespan(10, 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(seconds(options.keepAliveTimeout));
    params->setMaxKeepAliveRequests(options.maxKeepAliveRequests);
    params->setTimeout(seconds(options.socketTimeout));
    params->setSoftwareVersion("grantflow");
    server_ = std::make_unique<Poco::Net::HTTPServer>(dispatcher_, pool_, socket_, params);
    server_->setConnectionFilter(guard_);
}

HttpServer::~HttpServer() {
    if (running_) stop();
}

int HttpServer::port() const { return socket_.address().port(); }

void HttpServer::start() {
    server_->start();
    running_ = true;
}

bool HttpServer::stop() {
    if (!running_) return true;
    running_ = false;
    dispatcher_->beginShutdown();
    // Closes the listening socket, drops connections still queued, waits
    // for each in-flight request and shuts the idle connections.
    server_->stopAll(false);
    auto deadline = std::chrono::steady_clock::now() + options_.drainTimeout;
    while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    bool drained = server_->currentConnections() == 0;
    if (!drained) server_->stopAll(true);
    pool_.joinAll();
    return drained;
}

}  // namespace grantflow::server
