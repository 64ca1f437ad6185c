#include "logging/memory_log_sink.hpp"

namespace grantflow::logging {

void MemoryLogSink::write(const LogLine& line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(line.text());
}

std::vector<std::string> MemoryLogSink::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

}  // namespace grantflow::logging
