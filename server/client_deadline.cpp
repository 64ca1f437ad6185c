#include "server/client_deadline.hpp"

namespace grantflow::server {

namespace {

// Time for `bytes` at `rate` bytes per second.
ClientDeadline::Clock::duration timeFor(std::int64_t bytes, std::int64_t rate) {
    return std::chrono::duration_cast<ClientDeadline::Clock::duration>(
        std::chrono::duration<double>(static_cast<double>(bytes) / static_cast<double>(rate)));
}

}  // namespace

ClientDeadline::ClientDeadline(const ClientTimeouts& timeouts, TimePoint accepted)
    : timeouts_(timeouts), started_(accepted) {}

void ClientDeadline::enter(Phase phase, TimePoint now) {
    phase_ = phase;
    started_ = now;
    bytes_ = 0;
}

void ClientDeadline::beforeRead(TimePoint now) {
    if (phase_ == Phase::Idle) enter(Phase::Head, now);
}

void ClientDeadline::headReceived(TimePoint now) { enter(Phase::Body, now); }

void ClientDeadline::requestFinished(TimePoint now) { enter(Phase::Idle, now); }

std::optional<ClientDeadline::TimePoint> ClientDeadline::nextByteDue() const {
    switch (phase_) {
        case Phase::Head: return started_ + timeouts_.header;
        case Phase::Body:
            if (timeouts_.bodyMinRate <= 0) return std::nullopt;
            return started_ + timeouts_.bodyGrace + timeFor(bytes_ + 1, timeouts_.bodyMinRate);
        case Phase::Idle: return std::nullopt;
    }
    return std::nullopt;
}

bool ClientDeadline::sheddable(TimePoint now) const {
    switch (phase_) {
        case Phase::Head:
        case Phase::Idle: return true;
        case Phase::Body:
            return timeouts_.bodyMinRate > 0 &&
                   started_ + timeFor(bytes_, timeouts_.bodyMinRate) < now;
    }
    return false;
}

}  // namespace grantflow::server
