#pragma once
// The port through which operations ask how the database is doing: whether
// it answers, which backend it is, and its pool and transaction counters
// (for /healthz and /metrics). store::Database implements it.
// Implementations are thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>

namespace grantflow::engine {

struct DatabaseCounters {
    std::size_t poolSize = 0;
    std::size_t sessionsInUse = 0;        // pooled sessions leased right now
    std::uint64_t writeTransactions = 0;  // committed or rolled back
    std::uint64_t retries = 0;            // transient failures retried
};

class DatabaseStatus {
public:
    virtual ~DatabaseStatus() = default;
    // True when a trivial query answers; never throws.
    virtual bool ping() noexcept = 0;
    // "sqlite" or "postgresql".
    virtual std::string backendName() const = 0;
    virtual DatabaseCounters counters() const = 0;
};

}  // namespace grantflow::engine
