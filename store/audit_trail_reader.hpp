#pragma once
// engine::AuditTrail over SOCI: pages of audit_entries, newest first, and
// the chain's check by store::AuditVerifier.
// Thread-safe: each call leases its own session.

#include "engine/audit_trail.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class AuditTrailReader final : public engine::AuditTrail {
public:
    explicit AuditTrailReader(Database& db) : db_(db) {}

    std::vector<engine::AuditEntry> page(std::optional<std::int64_t> beforeSeq, int limit) override;
    engine::AuditCheck verify() override;

private:
    Database& db_;
};

}  // namespace grantflow::store
