#pragma once
// Structured logs: one line per event, key=value pairs, time in UTC. Every
// component that logs (engine, store, server, notifications, app) writes
// to a LogSink it was given in its constructor; `grantflow serve` builds one
// sink from --log and hands the same one to all of them.
//
//   ts=2026-03-01T09:30:00.123Z level=info event=access request_id=5f0c… method=GET
//   route=/api/v1/applications/{id} status=200 duration_ms=3.1 user=12 bytes=812
//
// Values with spaces, quotes, '=' or control characters are quoted and
// escaped, so a line always parses back. Callers never pass passwords,
// tokens or IBANs: the access log records the route pattern (not the raw
// path or query) and the user id (not the e-mail).
//
// LogSink is the destination; write() may be called from any thread.
// StreamLogSink writes whole lines under a mutex and flushes each, so
// another process can follow it. NullLogSink drops every line (for callers
// whose output would be noise); MemoryLogSink (memory_log_sink.hpp) keeps
// them for tests.
//
// This library links nothing but the standard library, so every component
// may depend on it.

#include <mutex>
#include <ostream>
#include <string>

namespace grantflow::logging {

class LogLine {
public:
    LogLine(const char* level, const char* event);
    LogLine& add(const std::string& key, const std::string& value);
    LogLine& add(const std::string& key, long long value);
    LogLine& add(const std::string& key, double value);
    const std::string& text() const { return text_; }

    static std::string quote(const std::string& value);
    static std::string nowUtc();  // 2026-03-01T09:30:00.123Z

private:
    std::string text_;
};

class LogSink {
public:
    virtual ~LogSink() = default;
    virtual void write(const LogLine& line) = 0;
};

class StreamLogSink final : public LogSink {
public:
    explicit StreamLogSink(std::ostream& out) : out_(out) {}
    void write(const LogLine& line) override;

private:
    std::mutex mutex_;
    std::ostream& out_;
};

class NullLogSink final : public LogSink {
public:
    void write(const LogLine&) override {}
};

}  // namespace grantflow::logging
