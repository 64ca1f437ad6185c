#include "services/password_gate.hpp"

#include <algorithm>
#include <thread>

#include "security/password.hpp"

namespace grantflow::services {

PasswordGate::PasswordGate(const PasswordGateSettings& settings)
    : slots_(settings.slots > 0 ? settings.slots
                                : std::max<std::size_t>(1, std::thread::hardware_concurrency())),
      wait_(settings.wait),
      cost_(settings.cost) {}

PasswordGate::Slot::~Slot() {
    if (!gate_) return;
    {
        std::lock_guard lock(gate_->mutex_);
        --gate_->busy_;
    }
    gate_->freed_.notify_one();
}

engine::Result<PasswordGate::Slot> PasswordGate::enter() {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, wait_, [&] { return busy_ < slots_; }))
        return engine::makeError(engine::ErrorCode::Unavailable,
                                 "too many sign-ins and registrations at once; try again in a "
                                 "moment");
    ++busy_;
    return Slot(*this);
}

engine::Result<std::string> PasswordGate::hash(const std::string& password) {
    auto slot = enter();
    if (!slot) return slot.error();
    return security::hashPassword(password, cost_);
}

engine::Result<bool> PasswordGate::verify(const std::string& hash, const std::string& password) {
    auto slot = enter();
    if (!slot) return slot.error();
    return security::verifyPassword(hash, password);
}

bool PasswordGate::needsRehash(const std::string& hash) const {
    return security::needsRehash(hash, cost_);
}

const std::string& PasswordGate::decoyHash() {
    std::call_once(decoyMade_, [this] {
        decoy_ = security::hashPassword("grantflow-no-such-account-Xy7!", cost_);
    });
    return decoy_;
}

}  // namespace grantflow::services
