#pragma once
// The sockets of the HTTP server's connections: they hold each connection
// to its ClientDeadline (server/client_deadline.hpp) inside Poco's own
// reads, so a slow client cannot keep a connection thread for long.
//
// Poco's HTTPServerConnection waits for a request (Socket::poll) and reads
// its head and body (receiveBytes) on the connection's thread, through the
// socket's implementation. GuardedSocketImpl overrides those two to wait no
// longer than the deadline allows. Past the head's deadline it writes a 408
// (when part of a head came; a connection that sent nothing is just closed)
// and fails the read; below the body's minimum rate it fails the read and
// remembers it, and the dispatcher answers 408. GuardedServerSocket
// accepts every connection as a GuardedSocketImpl.
//
// Threads: the connection's thread reads and writes. The acceptor thread
// (ConnectionGuard, under its own lock) may shed a connection that is
// waiting for data: the socket is shut down, so the wait ends at once and
// the thread is free. One mutex per socket orders the two; close() leaves
// the guard before the descriptor is closed, so a shed never reaches a
// descriptor reused by a newer connection.

#include <Poco/AutoPtr.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <mutex>
#include <optional>
#include <string>

#include "server/client_deadline.hpp"

namespace Poco::Net {
class HTTPServerRequest;
}

namespace grantflow::server {

class ConnectionGuard;

class GuardedSocketImpl final : public Poco::Net::StreamSocketImpl {
public:
    using Clock = ClientDeadline::Clock;
    using TimePoint = ClientDeadline::TimePoint;

    // Takes ownership of the connected descriptor `fd`.
    GuardedSocketImpl(poco_socket_t fd, Poco::AutoPtr<ConnectionGuard> guard, std::string address);
    ~GuardedSocketImpl() override;

    using Poco::Net::StreamSocketImpl::receiveBytes;
    using Poco::Net::StreamSocketImpl::sendBytes;
    int receiveBytes(void* buffer, int length, int flags = 0) override;
    int sendBytes(const void* buffer, int length, int flags = 0) override;
    bool poll(const Poco::Timespan& timeout, int mode) override;
    void setReceiveTimeout(const Poco::Timespan& timeout) override;
    void close() override;

    // The peer's address as accepted (never looked up again).
    const std::string& address() const { return address_; }

    // The connection behind a request Poco's server read, or null.
    static GuardedSocketImpl* of(Poco::Net::HTTPServerRequest& request);
    // The dispatcher's marks: the head was read (the body's rate applies
    // from now), the response was written (the connection is idle).
    void headReceived();
    void requestFinished();
    // True once the body came slower than the minimum rate.
    bool bodyTimedOut();

    // For ConnectionGuard, under its lock. Which waiting connections may be
    // shed: the slow ones (ClientDeadline::sheddable), or only those no byte
    // of a request has come on (ClientDeadline::awaitingRequest).
    enum class Shedding { Slow, Unused };
    // When the connection is waiting for data and may be shed now, when its
    // current phase began.
    std::optional<TimePoint> sheddableSince(TimePoint now, Shedding which);
    // Shuts the socket down when it may still be shed; true when it was.
    bool shed(TimePoint now, Shedding which);
    // Writes `bytes` if the socket takes them at once; never blocks.
    void sendNow(const std::string& bytes);

private:
    enum class Wait { Ready, TimedOut, Late, Shed };
    Wait waitReadable(Poco::Timespan timeout, bool reading);
    // Under mutex_.
    bool mayShed(TimePoint now, Shedding which) const;
    [[noreturn]] void expire();

    Poco::AutoPtr<ConnectionGuard> guard_;
    const std::string address_;
    Poco::Timespan receiveTimeout_;
    std::mutex mutex_;
    ClientDeadline deadline_;
    bool waiting_ = false;
    bool shed_ = false;
    bool writesClosed_ = false;  // a 408 was written: Poco's own 400 must not follow
    bool bodyTimedOut_ = false;
};

// A listening socket whose accepted connections are GuardedSocketImpl.
class GuardedServerSocket final : public Poco::Net::ServerSocket {
public:
    explicit GuardedServerSocket(Poco::AutoPtr<ConnectionGuard> guard);
};

}  // namespace grantflow::server
