#pragma once
// Which connections the HTTP server takes, and which it lets go when full.
// Installed as the TCPServer's connection filter, it sees every connection
// its GuardedServerSocket accepted, on the acceptor thread, before Poco
// queues it for a thread:
//
//   - `perAddress` connections already open from one peer address: the one
//     of them waiting the longest for a request not begun (idle between
//     requests, or connected and silent) is closed to make room, so that
//     many browsers behind one NAT keep working; when each of them is
//     inside a request, the new one is refused (a 503 problem with
//     Retry-After, written without reading anything, then closed). The
//     address is the TCP peer's: behind a proxy every client shares the
//     proxy's, so the cap is off there and the proxy must do the capping
//     (docs/http-api.md);
//   - more than `threads` connections open (not counting those already
//     shed): the new one would wait for a thread behind slow clients, so
//     as many connections are shed as would wait, among those waiting for
//     data (idle between requests, sending a head, or sending a body below
//     the minimum rate), the slow for the longest first: healthy requests
//     find a thread;
//   - `total` open and none to shed: refused as full.
//
// A connection counts from its accept until its socket is closed or
// destroyed (GuardedSocketImpl::close calls forget), whatever Poco did
// with it. Refusals, sheds and time-outs are counted in Metrics and logged
// at most once per 10 s per kind (logging::ThrottledLog).
//
// Thread-safe: one mutex over the table of open connections.

#include <Poco/AutoPtr.h>
#include <Poco/Net/TCPServer.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "logging/log.hpp"
#include "logging/throttled_log.hpp"
#include "server/client_deadline.hpp"
#include "server/guarded_socket.hpp"
#include "server/metrics.hpp"

namespace grantflow::server {

struct ConnectionLimits {
    int perAddress = 32;  // 0: no cap
    int threads = 256;
    int total = 256 + 1024;
    ClientTimeouts timeouts;
};

class ConnectionGuard final : public Poco::Net::TCPServerConnectionFilter {
public:
    using Ptr = Poco::AutoPtr<ConnectionGuard>;

    ConnectionGuard(ConnectionLimits limits, Metrics& metrics, logging::LogSink& log);

    // The acceptor thread: false refuses the connection.
    bool accept(const Poco::Net::StreamSocket& socket) override;

    // GuardedSocketImpl's calls.
    void forget(GuardedSocketImpl* socket);
    void timedOut(const char* phase, const std::string& address);
    const ClientTimeouts& timeouts() const { return limits_.timeouts; }
    const std::string& headTimeoutResponse() const { return headTimeoutResponse_; }

    std::size_t openConnections() const;

private:
    // Under mutex_: sheds up to `wanted` connections waiting for data (from
    // `from` only, when given), the slow for the longest first; their
    // addresses.
    std::vector<std::string> shedLocked(
        std::size_t wanted, GuardedSocketImpl::Shedding which = GuardedSocketImpl::Shedding::Slow,
        const std::string* from = nullptr);
    // Under mutex_: connections open from `address`, not counting those shed.
    int liveFromLocked(const std::string& address) const;

    const ConnectionLimits limits_;
    Metrics& metrics_;
    logging::ThrottledLog log_;
    const std::string refusalResponse_;
    const std::string headTimeoutResponse_;
    mutable std::mutex mutex_;
    std::unordered_set<GuardedSocketImpl*> open_;
    std::unordered_set<GuardedSocketImpl*> shedding_;  // shed, not yet closed
    std::unordered_map<std::string, int> perAddress_;
};

}  // namespace grantflow::server
