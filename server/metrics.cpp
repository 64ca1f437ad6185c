#include "server/metrics.hpp"

#include <iomanip>
#include <sstream>

namespace grantflow::server {

namespace {

std::string number(double v) {
    std::ostringstream out;
    out << std::setprecision(12) << v;
    return out.str();
}

// A counter with one label, one sample per value.
void counterByLabel(std::ostream& out, const std::string& name, const std::string& help,
                    const std::string& label, const std::map<std::string, std::uint64_t>& counts) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n";
    for (const auto& [value, count] : counts)
        out << name << "{" << label << "=\"" << Metrics::escapeLabel(value) << "\"} " << count
            << "\n";
}

}  // namespace

std::string Metrics::escapeLabel(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void Metrics::observeRequest(const std::string& method, const std::string& route, int status,
                             std::chrono::nanoseconds duration) {
    double seconds = std::chrono::duration<double>(duration).count();
    std::lock_guard lock(mutex_);
    ++requests_[{method, route, status}];
    Histogram& h = latency_[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::countTransition(const std::string& programme, const std::string& transition) {
    std::lock_guard lock(mutex_);
    ++transitions_[{programme, transition}];
}

void Metrics::countRefusedConnection(const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++refused_[reason];
}

void Metrics::countTimedOutRequest(const std::string& phase) {
    std::lock_guard lock(mutex_);
    ++timedOut_[phase];
}

std::string Metrics::render(const std::vector<MetricSample>& extra) const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP grantflow_http_requests_total HTTP requests answered, by method, route pattern "
           "and status.\n"
           "# TYPE grantflow_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [method, route, status] = key;
        out << "grantflow_http_requests_total{method=\"" << escapeLabel(method) << "\",route=\""
            << escapeLabel(route) << "\",status=\"" << status << "\"} " << count << "\n";
    }
    out << "# HELP grantflow_http_request_duration_seconds Time from request line to response "
           "sent.\n"
           "# TYPE grantflow_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        std::string label = "route=\"" + escapeLabel(route) + "\"";
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out << "grantflow_http_request_duration_seconds_bucket{" << label << ",le=\""
                << number(kBuckets[i]) << "\"} " << h.buckets[i] << "\n";
        out << "grantflow_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} "
            << h.count << "\n";
        out << "grantflow_http_request_duration_seconds_sum{" << label << "} " << number(h.sum)
            << "\n";
        out << "grantflow_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
    }
    out << "# HELP grantflow_http_requests_in_flight Requests being handled now.\n"
           "# TYPE grantflow_http_requests_in_flight gauge\n"
           "grantflow_http_requests_in_flight "
        << inFlight_.load() << "\n";
    out << "# HELP grantflow_http_connections_open Connections accepted and not yet closed "
           "(served or waiting for a thread).\n"
           "# TYPE grantflow_http_connections_open gauge\n"
           "grantflow_http_connections_open "
        << openConnections_.load() << "\n";
    counterByLabel(out, "grantflow_http_connections_refused_total",
                   "Connections closed at once: too many from one address, or the server full.",
                   "reason", refused_);
    out << "# HELP grantflow_http_connections_shed_total Slow or idle connections closed to free "
           "a thread, or room from their address, for a new one.\n"
           "# TYPE grantflow_http_connections_shed_total counter\n"
           "grantflow_http_connections_shed_total "
        << shed_.load() << "\n";
    counterByLabel(out, "grantflow_http_requests_timed_out_total",
                   "Requests cut because their head took too long or their body came too slowly.",
                   "phase", timedOut_);
    out << "# HELP grantflow_transitions_total Workflow transitions committed by this process.\n"
           "# TYPE grantflow_transitions_total counter\n";
    for (const auto& [key, count] : transitions_)
        out << "grantflow_transitions_total{programme=\"" << escapeLabel(key.first)
            << "\",transition=\"" << escapeLabel(key.second) << "\"} " << count << "\n";
    for (const auto& s : extra) {
        out << "# HELP " << s.name << " " << s.help << "\n# TYPE " << s.name << " " << s.type
            << "\n"
            << s.name << " " << number(s.value) << "\n";
    }
    return out.str();
}

}  // namespace grantflow::server
