#include "store/audit_monitor.hpp"

namespace grantflow::store {

void AuditMonitor::check() {
    const AuditVerification v = AuditVerifier(db_).verifyFrom(checkpoint_);
    bool newlyBroken = false;
    {
        std::lock_guard lock(mutex_);
        ++status_.checks;
        newlyBroken = !v.ok() && !status_.broken;
        status_.broken = !v.ok();
        status_.brokenSeq = v.brokenSeq;
        status_.verifiedSeq = v.verified.seq;
    }
    // A broken chain is walked from the start next time: only a whole chain
    // clears the alarm (e.g. after the database was restored).
    checkpoint_ = v.ok() ? v.verified : AuditCheckpoint{};
    if (newlyBroken)
        log_.write(logging::LogLine("error", "audit_chain_broken")
                       .add("seq", static_cast<long long>(v.brokenSeq))
                       .add("problem", std::string(toString(v.problem)))
                       .add("detail", v.detail));
}

AuditMonitorStatus AuditMonitor::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

}  // namespace grantflow::store
