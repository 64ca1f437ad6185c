#include "services/audit_service.hpp"

namespace grantflow::services {

namespace {

bool mayRead(const engine::Actor& actor) {
    return actor.role == engine::Role::Auditor || actor.role == engine::Role::Admin;
}

engine::Error forbidden() {
    return engine::makeError(engine::ErrorCode::Forbidden,
                             "only an auditor or an administrator may read the audit trail");
}

}  // namespace

engine::Result<AuditPage> AuditService::page(const engine::Actor& actor,
                                             std::optional<std::int64_t> beforeSeq, int limit) {
    if (!mayRead(actor)) return forbidden();
    if (limit < 1 || limit > kMaxPage)
        return engine::makeError(engine::ErrorCode::Invalid, "the page size is out of range",
                                 {{"limit", "must be between 1 and 200", ""}});
    AuditPage out;
    // One more than asked says whether a next page exists.
    out.entries = trail_.page(beforeSeq, limit + 1);
    if (out.entries.size() > static_cast<std::size_t>(limit)) {
        out.entries.resize(static_cast<std::size_t>(limit));
        out.nextBeforeSeq = out.entries.back().seq;
    }
    return out;
}

engine::Result<engine::AuditCheck> AuditService::verify(const engine::Actor& actor) {
    if (!mayRead(actor)) return forbidden();
    return trail_.verify();
}

}  // namespace grantflow::services
