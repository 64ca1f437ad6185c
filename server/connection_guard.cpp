#include "server/connection_guard.hpp"

#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <utility>

#include "server/guarded_socket.hpp"
#include "server/problem.hpp"
#include "server/reply.hpp"

namespace grantflow::server {

namespace {

constexpr auto kLogInterval = std::chrono::seconds(10);

std::string refusalResponse() {
    Problem p = makeProblem(ProblemKind::Unavailable,
                            "too many connections from this address, or the server is full; "
                            "retry shortly");
    p.headers["Retry-After"] = "5";
    return closingResponseBytes(Reply::problem(p));
}

std::string headTimeoutResponse(const ClientTimeouts& timeouts) {
    return closingResponseBytes(Reply::problem(makeProblem(
        ProblemKind::RequestTimeout,
        "the request head must arrive within " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(timeouts.header).count()) +
            " s")));
}

}  // namespace

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, Metrics& metrics, logging::LogSink& log)
    : limits_(limits),
      metrics_(metrics),
      log_(log, kLogInterval),
      refusalResponse_(refusalResponse()),
      headTimeoutResponse_(server::headTimeoutResponse(limits.timeouts)) {}

bool ConnectionGuard::accept(const Poco::Net::StreamSocket& socket) {
    auto* guarded = dynamic_cast<GuardedSocketImpl*>(socket.impl());
    if (!guarded) return true;
    const std::string& address = guarded->address();
    const char* refusal = nullptr;
    std::vector<std::string> shed;
    {
        std::lock_guard lock(mutex_);
        if (limits_.perAddress > 0 && liveFromLocked(address) >= limits_.perAddress) {
            // Room from this address's own unused connections, or none.
            shed = shedLocked(1, GuardedSocketImpl::Shedding::Unused, &address);
            if (shed.empty()) refusal = "per_address";
        }
        if (!refusal && static_cast<int>(open_.size()) >= limits_.total) {
            auto more = shedLocked(1);
            if (more.empty()) refusal = "capacity";
            shed.insert(shed.end(), more.begin(), more.end());
        }
        if (!refusal) {
            open_.insert(guarded);
            ++perAddress_[address];
            // Connections past the threads wait in Poco's queue, behind
            // whatever holds the threads: free as many threads as there are
            // connections waiting, this one included, from the slow clients.
            const auto served = static_cast<std::size_t>(limits_.threads) + shedding_.size();
            if (open_.size() > served) {
                auto more = shedLocked(open_.size() - served);
                shed.insert(shed.end(), more.begin(), more.end());
            }
            metrics_.setOpenConnections(static_cast<long>(open_.size()));
        }
    }
    for (const auto& client : shed) {
        metrics_.countShedConnection();
        log_.write(
            "shed",
            logging::LogLine("warn", "connection_shed").add("client", client).add("for", address));
    }
    if (!refusal) return true;
    guarded->sendNow(refusalResponse_);
    metrics_.countRefusedConnection(refusal);
    log_.write(std::string("refused_") + refusal, logging::LogLine("warn", "connection_refused")
                                                      .add("client", address)
                                                      .add("reason", std::string(refusal)));
    return false;
}

int ConnectionGuard::liveFromLocked(const std::string& address) const {
    auto count = perAddress_.find(address);
    int live = count == perAddress_.end() ? 0 : count->second;
    for (const auto* s : shedding_)
        if (s->address() == address) --live;
    return live;
}

std::vector<std::string> ConnectionGuard::shedLocked(std::size_t wanted,
                                                     GuardedSocketImpl::Shedding which,
                                                     const std::string* from) {
    const auto now = GuardedSocketImpl::Clock::now();
    // The connections slow for the longest first.
    std::vector<std::pair<GuardedSocketImpl::TimePoint, GuardedSocketImpl*>> candidates;
    for (auto* s : open_) {
        if (from && s->address() != *from) continue;
        if (auto since = s->sheddableSince(now, which)) candidates.emplace_back(*since, s);
    }
    std::sort(candidates.begin(), candidates.end());
    std::vector<std::string> shed;
    for (const auto& [since, s] : candidates) {
        if (shed.size() == wanted) break;
        // Its state may have changed since the look: shed() looks again.
        if (!s->shed(now, which)) continue;
        shedding_.insert(s);
        shed.push_back(s->address());
    }
    return shed;
}

void ConnectionGuard::forget(GuardedSocketImpl* socket) {
    std::lock_guard lock(mutex_);
    if (!open_.erase(socket)) return;
    shedding_.erase(socket);
    auto count = perAddress_.find(socket->address());
    if (count != perAddress_.end() && --count->second <= 0) perAddress_.erase(count);
    metrics_.setOpenConnections(static_cast<long>(open_.size()));
}

void ConnectionGuard::timedOut(const char* phase, const std::string& address) {
    metrics_.countTimedOutRequest(phase);
    log_.write(std::string("timed_out_") + phase, logging::LogLine("warn", "request_timed_out")
                                                      .add("client", address)
                                                      .add("phase", std::string(phase)));
}

std::size_t ConnectionGuard::openConnections() const {
    std::lock_guard lock(mutex_);
    return open_.size();
}

}  // namespace grantflow::server
