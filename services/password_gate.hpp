#pragma once
// Bounds what password hashing may take at once, and hashes at the cost the
// server is set to. Each argon2id hash or check holds its cost's memory
// (64 MiB at the default) and most of a core for tens of milliseconds, and
// signing in or registering needs no account: unbounded, a flood of them
// takes the server's memory (64 parallel registrations took 2.7 GB). At
// most `slots` hashes run at once; a caller waits up to `wait` for a slot,
// then gets Unavailable (503 with Retry-After), having used nothing.
//
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <utility>

#include "engine/result.hpp"
#include "security/password.hpp"

namespace grantflow::services {

struct PasswordGateSettings {
    std::size_t slots = 0;  // 0: one per core
    std::chrono::milliseconds wait{2000};
    security::PasswordCost cost = security::PasswordCost::interactive();
};

class PasswordGate {
public:
    explicit PasswordGate(const PasswordGateSettings& settings);
    PasswordGate(const PasswordGate&) = delete;
    PasswordGate& operator=(const PasswordGate&) = delete;

    engine::Result<std::string> hash(const std::string& password);
    // Whether `password` matches `hash`.
    engine::Result<bool> verify(const std::string& hash, const std::string& password);

    // Whether `hash` was made at another cost than this gate's: a password
    // that matched it is hashed again.
    bool needsRehash(const std::string& hash) const;
    // A hash of no one's password at this gate's cost, made once: checking
    // a password against it when an e-mail has no account takes as long as
    // for one that has.
    const std::string& decoyHash();

    std::size_t slots() const { return slots_; }
    const security::PasswordCost& cost() const { return cost_; }

    // One slot, held until destroyed.
    class Slot {
    public:
        explicit Slot(PasswordGate& gate) : gate_(&gate) {}
        Slot(Slot&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
        Slot& operator=(Slot&&) = delete;
        ~Slot();

    private:
        PasswordGate* gate_;
    };
    // A slot, or Unavailable when none came free within the wait.
    engine::Result<Slot> enter();

private:
    std::size_t slots_;
    std::chrono::milliseconds wait_;
    security::PasswordCost cost_;
    std::once_flag decoyMade_;
    std::string decoy_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::size_t busy_ = 0;
};

}  // namespace grantflow::services
