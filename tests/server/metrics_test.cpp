#include "server/metrics.hpp"

#include <gtest/gtest.h>

using grantflow::server::Metrics;

TEST(Metrics, CountsRequestsByRouteAndStatus) {
    Metrics m;
    m.observeRequest("GET", "/api/v1/applications/{id}", 200, std::chrono::milliseconds(3));
    m.observeRequest("GET", "/api/v1/applications/{id}", 200, std::chrono::milliseconds(30));
    m.observeRequest("GET", "/api/v1/applications/{id}", 404, std::chrono::milliseconds(2));
    std::string text = m.render();
    EXPECT_NE(text.find("grantflow_http_requests_total{method=\"GET\",route=\"/api/v1/applications/"
                        "{id}\",status=\"200\"} 2"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("status=\"404\"} 1"), std::string::npos);
    // Buckets are cumulative: 3 ms and 2 ms are under 5 ms, all three under 50 ms.
    EXPECT_NE(text.find("grantflow_http_request_duration_seconds_bucket{route=\"/api/v1/"
                        "applications/{id}\",le=\"0.005\"} 2"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("le=\"0.05\"} 3"), std::string::npos);
    EXPECT_NE(text.find("le=\"+Inf\"} 3"), std::string::npos);
    EXPECT_NE(
        text.find(
            "grantflow_http_request_duration_seconds_count{route=\"/api/v1/applications/{id}\"} 3"),
        std::string::npos);
}

TEST(Metrics, CountsTransitionsAndExtraSamples) {
    Metrics m;
    m.countTransition("EMERGENCY", "submit");
    m.countTransition("EMERGENCY", "submit");
    std::string text = m.render({{"grantflow_db_pool_size", "Sessions in the pool.", "gauge", 8}});
    EXPECT_NE(
        text.find("grantflow_transitions_total{programme=\"EMERGENCY\",transition=\"submit\"} 2"),
        std::string::npos);
    EXPECT_NE(text.find("# TYPE grantflow_db_pool_size gauge\ngrantflow_db_pool_size 8\n"),
              std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
    EXPECT_EQ(Metrics::escapeLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(Metrics, CountsConnectionsRefusedShedAndTimedOutFromZero) {
    Metrics m;
    std::string before = m.render();
    EXPECT_NE(before.find("grantflow_http_connections_refused_total{reason=\"per_address\"} 0"),
              std::string::npos)
        << before;
    m.countRefusedConnection("per_address");
    m.countRefusedConnection("per_address");
    m.countShedConnection();
    m.countTimedOutRequest("body");
    m.setOpenConnections(7);
    std::string text = m.render();
    EXPECT_NE(text.find("grantflow_http_connections_refused_total{reason=\"per_address\"} 2"),
              std::string::npos);
    EXPECT_NE(text.find("grantflow_http_connections_refused_total{reason=\"capacity\"} 0"),
              std::string::npos);
    EXPECT_NE(text.find("grantflow_http_connections_shed_total 1\n"), std::string::npos);
    EXPECT_NE(text.find("grantflow_http_requests_timed_out_total{phase=\"body\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("grantflow_http_requests_timed_out_total{phase=\"head\"} 0"),
              std::string::npos);
    EXPECT_NE(text.find("grantflow_http_connections_open 7\n"), std::string::npos);
}
