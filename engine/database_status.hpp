#pragma once
// The port through which operations ask how the database is doing: whether
// it answers, which backend it is, its pool and transaction counters (for
// /healthz and /metrics), and what a failure that aborted an operation says
// about it (for the HTTP boundary, which cannot see the database's own
// exception types). store::Database implements it.
// Implementations are thread-safe.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "engine/result.hpp"

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
    // Unavailable when `failure` says the database cannot be reached (the
    // connection refused or lost, the server shutting down, a statement over
    // its time limit), InsufficientStorage when it says the database's disk
    // is full; nullopt for any other failure (a bug, to be answered 500).
    virtual std::optional<ErrorCode> outageOf(const std::exception& failure) const noexcept = 0;
};

}  // namespace grantflow::engine
