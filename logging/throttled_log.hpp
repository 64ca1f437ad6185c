#pragma once
// A LogSink front for events that can come in floods (connections refused
// or cut during an attack): at most one line per key and interval reaches
// the sink; the next line that does carries `suppressed=N`, the number of
// lines of that key left out since the last one written.
//
// Thread-safe. The time is a parameter so that tests need not wait.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "logging/log.hpp"

namespace grantflow::logging {

class ThrottledLog {
public:
    using Clock = std::chrono::steady_clock;

    ThrottledLog(LogSink& sink, Clock::duration interval) : sink_(sink), interval_(interval) {}

    // True when the line was written.
    bool write(const std::string& key, LogLine line, Clock::time_point now = Clock::now());

private:
    struct Key {
        Clock::time_point lastWritten;
        long long suppressed = 0;
    };

    LogSink& sink_;
    const Clock::duration interval_;
    std::mutex mutex_;
    std::map<std::string, Key> keys_;
};

}  // namespace grantflow::logging
