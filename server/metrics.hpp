#pragma once
// Counters and a latency histogram for GET /metrics, in the Prometheus text
// exposition format (version 0.0.4):
//
//   grantflow_http_requests_total{method, route, status}     counter
//   grantflow_http_request_duration_seconds{route}          histogram
//   grantflow_http_requests_in_flight                       gauge
//   grantflow_transitions_total{programme, transition}      counter
//   grantflow_http_connections_open                         gauge
//   grantflow_http_connections_refused_total{reason}        counter
//   grantflow_http_connections_shed_total                   counter
//   grantflow_http_requests_timed_out_total{phase}          counter
//   plus the samples the caller passes to render() (database pool and
//   transactions, outbox), so this class knows nothing of the store.
//
// `route` is the route's pattern ("/api/v1/applications/{id}"), never the
// raw path, so the number of series stays bounded; unknown paths count as
// route="unmatched". Thread-safe: one mutex, held for a map update.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace grantflow::server {

struct MetricSample {
    std::string name;  // grantflow_...
    std::string help;
    std::string type;  // "gauge" or "counter"
    double value = 0;
};

class Metrics {
public:
    static constexpr std::array<double, 12> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,   1,    2.5,   5,    10};

    void observeRequest(const std::string& method, const std::string& route, int status,
                        std::chrono::nanoseconds duration);
    void countTransition(const std::string& programme, const std::string& transition);

    // The connection guard's counts (server/connection_guard.hpp). `reason`
    // is per_address or capacity; `phase` head or body.
    void countRefusedConnection(const std::string& reason);
    void countShedConnection() { ++shed_; }
    void countTimedOutRequest(const std::string& phase);
    void setOpenConnections(long count) { openConnections_ = count; }

    void requestStarted() { ++inFlight_; }
    void requestFinished() { --inFlight_; }
    long inFlight() const { return inFlight_.load(); }

    std::string render(const std::vector<MetricSample>& extra = {}) const;

    // For label values: backslash, double quote and newline escaped.
    static std::string escapeLabel(const std::string& value);

private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> transitions_;
    std::map<std::string, std::uint64_t> refused_{{"capacity", 0}, {"per_address", 0}};
    std::map<std::string, std::uint64_t> timedOut_{{"body", 0}, {"head", 0}};
    std::atomic<long> inFlight_{0};
    std::atomic<long> openConnections_{0};
    std::atomic<std::uint64_t> shed_{0};
};

}  // namespace grantflow::server
