#pragma once
// A LogSink that keeps every line's text in memory, in the order written,
// so that tests can check what a component logged. Thread-safe: write() and
// lines() may be called from any thread.

#include <mutex>
#include <string>
#include <vector>

#include "logging/log.hpp"

namespace grantflow::logging {

class MemoryLogSink final : public LogSink {
public:
    void write(const LogLine& line) override;

    // A copy of the lines written so far.
    std::vector<std::string> lines() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

}  // namespace grantflow::logging
