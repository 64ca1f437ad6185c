#include "logging/throttled_log.hpp"

#include <gtest/gtest.h>

#include "logging/memory_log_sink.hpp"

using grantflow::logging::LogLine;
using grantflow::logging::MemoryLogSink;
using grantflow::logging::ThrottledLog;
using namespace std::chrono_literals;

TEST(ThrottledLog, WritesOneLinePerKeyAndIntervalAndCountsTheRest) {
    MemoryLogSink sink;
    ThrottledLog log(sink, 10s);
    const auto t0 = ThrottledLog::Clock::time_point{} + 1h;
    EXPECT_TRUE(log.write("refused", LogLine("warn", "connection_refused"), t0));
    EXPECT_FALSE(log.write("refused", LogLine("warn", "connection_refused"), t0 + 1s));
    EXPECT_FALSE(log.write("refused", LogLine("warn", "connection_refused"), t0 + 9s));
    // Another key has its own interval.
    EXPECT_TRUE(log.write("shed", LogLine("warn", "connection_shed"), t0 + 9s));
    EXPECT_TRUE(log.write("refused", LogLine("warn", "connection_refused"), t0 + 10s));
    EXPECT_TRUE(log.write("refused", LogLine("warn", "connection_refused"), t0 + 25s));

    auto lines = sink.lines();
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].find("suppressed"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("event=connection_shed"), std::string::npos) << lines[1];
    EXPECT_NE(lines[2].find("event=connection_refused suppressed=2"), std::string::npos)
        << lines[2];
    EXPECT_EQ(lines[3].find("suppressed"), std::string::npos) << lines[3];
}
