#include "logging/throttled_log.hpp"

namespace grantflow::logging {

bool ThrottledLog::write(const std::string& key, LogLine line, Clock::time_point now) {
    long long suppressed = 0;
    {
        std::lock_guard lock(mutex_);
        auto [it, fresh] = keys_.try_emplace(key);
        if (!fresh && now - it->second.lastWritten < interval_) {
            ++it->second.suppressed;
            return false;
        }
        suppressed = it->second.suppressed;
        it->second = Key{now, 0};
    }
    if (suppressed > 0) line.add("suppressed", suppressed);
    sink_.write(line);
    return true;
}

}  // namespace grantflow::logging
