#include "server/log.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using grantflow::server::LogLine;

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
    grantflow::server::StreamLogSink sink(out);
    sink.write(LogLine("error", "boom").add("error_id", std::string("abc")));
    EXPECT_NE(out.str().find("level=error event=boom error_id=abc\n"), std::string::npos);
}
