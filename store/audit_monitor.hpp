#pragma once
// The server's watch over the audit chain: each check() verifies only the
// entries appended since the last one (AuditVerifier::verifyFrom, after
// confirming the last verified entry still has its hash), so a run costs
// what was written meanwhile, not the whole trail. A break is logged as an
// error (once, when it appears) and stays reported until a check finds the
// chain whole again, which then starts from the beginning.
//
// check() is called by one periodic task; status() from any thread.

#include <cstdint>
#include <mutex>

#include "logging/log.hpp"
#include "store/audit_verifier.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct AuditMonitorStatus {
    std::int64_t verifiedSeq = 0;  // the last entry found intact
    bool broken = false;
    std::int64_t brokenSeq = 0;  // 0 unless broken
    std::int64_t checks = 0;     // runs so far
};

class AuditMonitor {
public:
    AuditMonitor(Database& db, logging::LogSink& log) : db_(db), log_(log) {}

    void check();
    AuditMonitorStatus status() const;

private:
    Database& db_;
    logging::LogSink& log_;
    mutable std::mutex mutex_;
    AuditCheckpoint checkpoint_;  // used by check() only
    AuditMonitorStatus status_;
};

}  // namespace grantflow::store
