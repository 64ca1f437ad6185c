#pragma once
// engine::PaymentStore over SOCI: the `payments` and `recoveries` tables.
// Payments are inserted by the transition writer (insertPayment), in the
// transaction of the transition that carries them.
//
// Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include "engine/payment_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class PaymentRepository final : public engine::PaymentStore {
public:
    explicit PaymentRepository(Database& db) : db_(db) {}

    std::vector<engine::Payment> payments(std::int64_t applicationId) override;
    std::vector<engine::Recovery> recoveries(std::int64_t applicationId) override;
    std::optional<engine::Recovery> findRecovery(std::int64_t recoveryId) override;
    std::vector<engine::Recovery> openRecoveries(std::int64_t organizationId) override;
    std::string budgetLineOf(std::int64_t applicationId) override;
    std::vector<std::int64_t> grantedApplications(const std::string& programme, int year) override;
    engine::Result<engine::Recovery> orderRecovery(const engine::Recovery& recovery,
                                                   const engine::AuditEntry& audit) override;
    engine::Result<engine::Recovery> settleRecovery(std::int64_t recoveryId,
                                                    const std::string& settledOn,
                                                    std::int64_t settledBy,
                                                    const engine::BudgetMovement& back,
                                                    const engine::AuditEntry& audit) override;

private:
    Database& db_;
};

// Inside the transition's write transaction: the payment row, tied to the
// transition's audit entry.
void insertPayment(soci::session& sql, const engine::Payment& payment, std::int64_t applicationId,
                   std::int64_t auditSeq);

}  // namespace grantflow::store
