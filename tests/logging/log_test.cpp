#include "logging/log.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "logging/memory_log_sink.hpp"

using grantflow::logging::LogLine;

TEST(Log, LinesAreKeyValueInUtc) {
    LogLine line("info", "access");
    line.add("route", std::string("/api/v1/applications/{id}"))
        .add("status", 200LL)
        .add("duration_ms", 1.5);
    EXPECT_TRUE(std::regex_match(
        line.text(),
        std::regex(R"(ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info event=access )"
                   R"(route=/api/v1/applications/\{id\} status=200 duration_ms=1\.500)")))
        << line.text();
}

TEST(Log, QuotesValuesThatWouldBreakTheLine) {
    EXPECT_EQ(LogLine::quote("plain"), "plain");
    EXPECT_EQ(LogLine::quote(""), "\"\"");
    EXPECT_EQ(LogLine::quote("two words"), "\"two words\"");
    EXPECT_EQ(LogLine::quote("a=b"), "\"a=b\"");
    EXPECT_EQ(LogLine::quote("say \"hi\"\nbye"), "\"say \\\"hi\\\"\\nbye\"");
    EXPECT_EQ(LogLine::quote(std::string("x\x01", 2)), "\"x\\x01\"");
}

TEST(Log, StreamSinkWritesWholeLines) {
    std::ostringstream out;
    grantflow::logging::StreamLogSink sink(out);
    sink.write(LogLine("error", "boom").add("error_id", std::string("abc")));
    EXPECT_NE(out.str().find("level=error event=boom error_id=abc\n"), std::string::npos);
}

TEST(Log, NullSinkDropsEveryLine) {
    grantflow::logging::NullLogSink sink;
    sink.write(LogLine("info", "ignored"));  // nothing to observe: it must simply not fail
}

TEST(Log, MemorySinkKeepsLinesInOrderFromAnyThread) {
    grantflow::logging::MemoryLogSink sink;
    sink.write(LogLine("info", "first"));
    std::vector<std::thread> writers;
    for (int i = 0; i < 4; ++i)
        writers.emplace_back([&sink, i] {
            for (int n = 0; n < 100; ++n)
                sink.write(LogLine("info", "many").add("writer", static_cast<long long>(i)));
        });
    for (auto& w : writers) w.join();
    const auto lines = sink.lines();
    ASSERT_EQ(lines.size(), 401u);
    EXPECT_NE(lines.front().find("level=info event=first"), std::string::npos);
    for (std::size_t i = 1; i < lines.size(); ++i)
        EXPECT_NE(lines[i].find("level=info event=many writer="), std::string::npos) << lines[i];
}
