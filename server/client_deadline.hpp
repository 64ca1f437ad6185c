#pragma once
// How long a client may take to send a request, as a pure function of time:
// the connection's guarded socket (server/guarded_socket.*) asks it before
// every read how long it may wait for the next byte, and the connection
// guard asks it whether the connection may be shed.
//
//   Head  from the accept (or the first byte of a kept-alive request) to the
//         end of the request's headers: at most `header`.
//   Body  while the handler reads the body: after `bodyGrace`, the bytes
//         received must keep up with `bodyMinRate` bytes per second since
//         the body began (0: no minimum).
//   Idle  between two requests of a kept-alive connection: Poco's
//         keep-alive timeout applies, nothing here.
//
// Not thread-safe: its owner serialises the calls. Times are passed in, so
// the rules are tested without waiting.

#include <chrono>
#include <cstdint>
#include <optional>

namespace grantflow::server {

struct ClientTimeouts {
    std::chrono::milliseconds header{10'000};
    std::chrono::milliseconds bodyGrace{10'000};
    std::int64_t bodyMinRate = 500;  // bytes per second; 0: none
};

class ClientDeadline {
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    enum class Phase { Head, Body, Idle };

    // A new connection: its first request's head is due `header` after `accepted`.
    ClientDeadline(const ClientTimeouts& timeouts, TimePoint accepted);

    // A read is about to wait for data: on an idle connection, it is the
    // next request's first byte, so its head clock starts now.
    void beforeRead(TimePoint now);
    void received(std::int64_t bytes) { bytes_ += bytes; }
    void headReceived(TimePoint now);     // the handler starts: Body
    void requestFinished(TimePoint now);  // the response is written: Idle

    // When the next byte must have arrived; nullopt when no deadline applies.
    std::optional<TimePoint> nextByteDue() const;
    // Under pressure, a connection waiting for data may be shed when it is
    // idle, still sending its head, or sending its body below the minimum
    // rate (the grace period is not granted then).
    bool sheddable(TimePoint now) const;
    // No byte of a request has come yet: idle between requests, or a new
    // head not begun. Closing such a connection loses nothing: a browser
    // opens another when it needs one.
    bool awaitingRequest() const {
        return phase_ == Phase::Idle || (phase_ == Phase::Head && bytes_ == 0);
    }

    Phase phase() const { return phase_; }
    TimePoint phaseStarted() const { return started_; }
    // Bytes received in this phase.
    std::int64_t bytes() const { return bytes_; }

private:
    void enter(Phase phase, TimePoint now);

    ClientTimeouts timeouts_;
    Phase phase_ = Phase::Head;
    TimePoint started_;
    std::int64_t bytes_ = 0;
};

}  // namespace grantflow::server
