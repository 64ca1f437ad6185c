#pragma once
// The storage port of sign-in attempts, for rate limiting per account
// (e-mail) and per client address. It only records and counts; the caller
// decides the windows and limits. A success does not erase earlier
// failures: the caller chooses `since` (e.g. the later of "15 minutes ago"
// and the last success, which lastSuccessForEmail gives).
//
// E-mails are normalised like engine::normaliseEmail, so "Alice@X.org " and
// "alice@x.org" count together. Addresses are stored as given (the caller
// normalises, e.g. an IPv6 /64 prefix). Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/time.hpp"

namespace grantflow::engine {

// The limits reserve() checks: failures counted from `since` (for the
// e-mail, from its last success when that is later).
struct AttemptLimits {
    Timestamp since{};
    int maxFailuresPerEmail = 0;
    int maxFailuresPerAddress = 0;
};

class LoginAttemptStore {
public:
    virtual ~LoginAttemptStore() = default;

    // Counts and records in one step, atomically also across the processes
    // sharing the database: when both counts are under their limits,
    // records a failed attempt at `at` and returns its id; otherwise
    // records nothing and returns nullopt. The attempt counts as a failure
    // until markSucceeded(), so parallel attempts cannot all pass the count
    // before any of them is recorded.
    virtual std::optional<std::int64_t> reserve(const std::string& email,
                                                const std::string& address,
                                                const AttemptLimits& limits, Timestamp at) = 0;
    virtual void markSucceeded(std::int64_t attempt) = 0;

    virtual void record(const std::string& email, const std::string& address, bool success,
                        Timestamp at) = 0;
    // Failed attempts at or after `since`.
    virtual int failuresForEmail(const std::string& email, Timestamp since) = 0;
    virtual int failuresForAddress(const std::string& address, Timestamp since) = 0;
    // The time of the last successful sign-in of this e-mail, if any.
    virtual std::optional<Timestamp> lastSuccessForEmail(const std::string& email) = 0;
    // Housekeeping: deletes attempts before `before`; returns how many.
    virtual int purgeBefore(Timestamp before) = 0;
};

}  // namespace grantflow::engine
