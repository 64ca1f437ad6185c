#pragma once
// The audit trail for those who check it: its entries, newest first, a page
// at a time, and the verification of its hash chain. Auditors and
// administrators only; reading changes nothing.
//
// Thread-safe: no mutable state.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/audit_trail.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"

namespace grantflow::services {

struct AuditPage {
    std::vector<engine::AuditEntry> entries;    // newest first
    std::optional<std::int64_t> nextBeforeSeq;  // the next page's cursor; none at the end
};

class AuditService {
public:
    static constexpr int kMaxPage = 200;

    explicit AuditService(engine::AuditTrail& trail) : trail_(trail) {}

    // Entries with seq below `beforeSeq` (the newest when unset); `limit`
    // 1..kMaxPage (Invalid otherwise). Forbidden but for auditors and admins.
    engine::Result<AuditPage> page(const engine::Actor& actor,
                                   std::optional<std::int64_t> beforeSeq, int limit);
    engine::Result<engine::AuditCheck> verify(const engine::Actor& actor);

private:
    engine::AuditTrail& trail_;
};

}  // namespace grantflow::services
