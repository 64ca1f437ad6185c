#pragma once
// The reading port of the audit trail: its entries, newest first, a page at
// a time, and the check of its hash chain (store/audit_chain.hpp says how
// entries are chained). Entries are written only by the stores' own
// transactions, never through this port. store/ implements it
// (store::AuditTrailReader). Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/transition_change.hpp"

namespace grantflow::engine {

struct AuditCheck {
    bool ok = true;
    std::int64_t entriesChecked = 0;  // intact entries before the problem (all when ok)
    std::int64_t brokenSeq = 0;       // 0 when ok
    std::string problem;              // "ok", "missing-entry", "prev-hash-mismatch"...
    std::string detail;               // one line for a person
};

class AuditTrail {
public:
    virtual ~AuditTrail() = default;

    // At most `limit` entries with seq below `beforeSeq` (all when unset),
    // newest first.
    virtual std::vector<AuditEntry> page(std::optional<std::int64_t> beforeSeq, int limit) = 0;
    // Walks the whole chain (streaming) and reports the first broken entry.
    virtual AuditCheck verify() = 0;
};

}  // namespace grantflow::engine
