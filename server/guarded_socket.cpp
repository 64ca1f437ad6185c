#include "server/guarded_socket.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "server/connection_guard.hpp"

namespace grantflow::server {

namespace {

// Poco's "no timeout" (0) as a wait that never ends in practice.
constexpr Poco::Timespan::TimeDiff kForever = 86'400LL * 1'000'000;  // a day, in microseconds

// Whether `fd` has something to read (1; or an error or hang-up, which the
// read then reports) within `micros` (0), or -1 with errno set. One
// poll(2): Poco's SocketImpl::poll creates, fills and closes an epoll
// instance for each call, four system calls, and every request of a
// connection waits here at least once.
int readableWithin(int fd, Poco::Timespan::TimeDiff micros) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::microseconds(micros);
    pollfd socket{fd, POLLIN, 0};
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()).count();
        // Rounded up: a wait of 0.4 ms is not a poll that returns at once.
        const int ms = static_cast<int>(std::max<long long>(left + 999, 0) / 1000);
        const int ready = ::poll(&socket, 1, ms);
        if (ready >= 0) return ready > 0 ? 1 : 0;
        if (errno != EINTR) return -1;
    }
}

class GuardedServerSocketImpl final : public Poco::Net::ServerSocketImpl {
public:
    explicit GuardedServerSocketImpl(Poco::AutoPtr<ConnectionGuard> guard)
        : guard_(std::move(guard)) {}

    // SocketImpl::acceptConnection, making a GuardedSocketImpl instead.
    Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& clientAddress) override {
        if (sockfd() == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        int fd;
        do {
            fd = ::accept4(sockfd(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) error();
        clientAddress = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&peer), length);
        return new GuardedSocketImpl(fd, guard_, clientAddress.host().toString());
    }

private:
    Poco::AutoPtr<ConnectionGuard> guard_;
};

}  // namespace

GuardedServerSocket::GuardedServerSocket(Poco::AutoPtr<ConnectionGuard> guard)
    : Poco::Net::ServerSocket(new GuardedServerSocketImpl(std::move(guard)), true) {}

GuardedSocketImpl::GuardedSocketImpl(poco_socket_t fd, Poco::AutoPtr<ConnectionGuard> guard,
                                     std::string address)
    : Poco::Net::StreamSocketImpl(fd),
      guard_(std::move(guard)),
      address_(std::move(address)),
      deadline_(guard_->timeouts(), Clock::now()) {}

GuardedSocketImpl::~GuardedSocketImpl() { guard_->forget(this); }

GuardedSocketImpl* GuardedSocketImpl::of(Poco::Net::HTTPServerRequest& request) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    return impl ? dynamic_cast<GuardedSocketImpl*>(impl->socket().impl()) : nullptr;
}

void GuardedSocketImpl::close() {
    // Out of the guard's table first: from then on no shed can reach the
    // descriptor, which the kernel may hand to the next connection.
    guard_->forget(this);
    Poco::Net::StreamSocketImpl::close();
}

void GuardedSocketImpl::setReceiveTimeout(const Poco::Timespan& timeout) {
    Poco::Net::StreamSocketImpl::setReceiveTimeout(timeout);
    receiveTimeout_ = timeout;
}

GuardedSocketImpl::Wait GuardedSocketImpl::waitReadable(Poco::Timespan timeout, bool reading) {
    std::optional<TimePoint> due;
    {
        std::lock_guard lock(mutex_);
        if (shed_) return Wait::Shed;
        if (reading) deadline_.beforeRead(Clock::now());
        due = deadline_.nextByteDue();
        waiting_ = true;
    }
    Poco::Timespan::TimeDiff wait =
        timeout.totalMicroseconds() > 0 ? timeout.totalMicroseconds() : kForever;
    bool late = false;
    if (due) {
        auto left =
            std::chrono::duration_cast<std::chrono::microseconds>(*due - Clock::now()).count();
        if (left < wait) {
            wait = std::max<Poco::Timespan::TimeDiff>(left, 0);
            late = true;
        }
    }
    bool ready = false;
    try {
        const int polled = readableWithin(sockfd(), wait);
        if (polled < 0) error(errno);
        ready = polled > 0;
    } catch (...) {
        std::lock_guard lock(mutex_);
        waiting_ = false;
        throw;
    }
    std::lock_guard lock(mutex_);
    waiting_ = false;
    if (shed_) return Wait::Shed;
    if (ready) return Wait::Ready;
    return late ? Wait::Late : Wait::TimedOut;
}

void GuardedSocketImpl::expire() {
    ClientDeadline::Phase phase;
    std::int64_t bytes;
    {
        std::lock_guard lock(mutex_);
        phase = deadline_.phase();
        bytes = deadline_.bytes();
        if (phase == ClientDeadline::Phase::Body)
            bodyTimedOut_ = true;
        else
            writesClosed_ = true;
    }
    if (phase == ClientDeadline::Phase::Body) {
        guard_->timedOut("body", address_);
        throw Poco::TimeoutException("the request body came slower than the minimum rate");
    }
    if (bytes > 0) sendNow(guard_->headTimeoutResponse());
    guard_->timedOut("head", address_);
    throw Poco::TimeoutException("the request head took longer than allowed");
}

int GuardedSocketImpl::receiveBytes(void* buffer, int length, int flags) {
    if (flags != 0 || !getBlocking())
        return Poco::Net::StreamSocketImpl::receiveBytes(buffer, length, flags);
    switch (waitReadable(receiveTimeout_, true)) {
        case Wait::Ready: break;
        case Wait::TimedOut: throw Poco::TimeoutException("no data within the socket timeout");
        case Wait::Shed:
            throw Poco::Net::ConnectionAbortedException("shed to free a thread for another client");
        case Wait::Late: expire();
    }
    int n = Poco::Net::StreamSocketImpl::receiveBytes(buffer, length, flags);
    std::lock_guard lock(mutex_);
    if (n > 0) deadline_.received(n);
    return n;
}

bool GuardedSocketImpl::poll(const Poco::Timespan& timeout, int mode) {
    // Poco's server polls only to wait for the next request.
    if (mode != SELECT_READ) return Poco::Net::StreamSocketImpl::poll(timeout, mode);
    switch (waitReadable(timeout, false)) {
        case Wait::Ready: return true;
        case Wait::TimedOut:
        case Wait::Shed: return false;
        case Wait::Late: break;
    }
    // A new connection that sent nothing by the head's deadline: closed
    // without an answer, as an idle one would be.
    {
        std::lock_guard lock(mutex_);
        writesClosed_ = true;
    }
    guard_->timedOut("head", address_);
    return false;
}

int GuardedSocketImpl::sendBytes(const void* buffer, int length, int flags) {
    {
        std::lock_guard lock(mutex_);
        if (writesClosed_ || shed_)
            throw Poco::Net::ConnectionAbortedException("the connection was cut");
    }
    return Poco::Net::StreamSocketImpl::sendBytes(buffer, length, flags);
}

void GuardedSocketImpl::headReceived() {
    std::lock_guard lock(mutex_);
    deadline_.headReceived(Clock::now());
}

void GuardedSocketImpl::requestFinished() {
    std::lock_guard lock(mutex_);
    deadline_.requestFinished(Clock::now());
}

bool GuardedSocketImpl::bodyTimedOut() {
    std::lock_guard lock(mutex_);
    return bodyTimedOut_;
}

bool GuardedSocketImpl::mayShed(TimePoint now, Shedding which) const {
    if (!waiting_ || shed_) return false;
    return which == Shedding::Slow ? deadline_.sheddable(now) : deadline_.awaitingRequest();
}

std::optional<GuardedSocketImpl::TimePoint> GuardedSocketImpl::sheddableSince(TimePoint now,
                                                                              Shedding which) {
    std::lock_guard lock(mutex_);
    if (!mayShed(now, which)) return std::nullopt;
    return deadline_.phaseStarted();
}

bool GuardedSocketImpl::shed(TimePoint now, Shedding which) {
    std::lock_guard lock(mutex_);
    if (!mayShed(now, which)) return false;
    shed_ = true;
    // Wakes the connection's thread from its wait; the descriptor is still
    // ours (close() must pass the guard's lock, which our caller holds).
    ::shutdown(sockfd(), SHUT_RDWR);
    return true;
}

void GuardedSocketImpl::sendNow(const std::string& bytes) {
    // Best effort: a client that does not read gets nothing.
    (void)::send(sockfd(), bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace grantflow::server
