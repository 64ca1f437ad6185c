#pragma once
// The payments and recovery orders of grants (engine/payment.hpp). A
// payment is written with the transition that carries it
// (WorkflowStore::commit, TransitionChange::payment); this port reads them
// and writes the recovery orders, which are not transitions (a grant may be
// closed, or withdrawn, when one is ordered).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/payment.hpp"
#include "engine/result.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

class PaymentStore {
public:
    virtual ~PaymentStore() = default;

    // Oldest first.
    virtual std::vector<Payment> payments(std::int64_t applicationId) = 0;
    virtual std::vector<Recovery> recoveries(std::int64_t applicationId) = 0;
    virtual std::optional<Recovery> findRecovery(std::int64_t recoveryId) = 0;
    // The open recovery orders of an organisation.
    virtual std::vector<Recovery> openRecoveries(std::int64_t organizationId) = 0;
    // The sub-line of the envelope the grant's money sits on (WATER's
    // "water" or "sanitation"; empty for a programme without lines).
    virtual std::string budgetLineOf(std::int64_t applicationId) = 0;
    // The applications of `year` the Council granted (a `commit` on the
    // ledger), of `programme` or of every programme when it is empty, by id.
    virtual std::vector<std::int64_t> grantedApplications(const std::string& programme,
                                                          int year) = 0;

    // Records an open order and `audit` (on the application) in one
    // transaction; the recovery's id is assigned.
    virtual Result<Recovery> orderRecovery(const Recovery& recovery, const AuditEntry& audit) = 0;
    // Settles an open order on `settledOn` by `settledBy`: `back` returns
    // the money to the envelope (paid -> free), with `audit`, in one
    // transaction. Conflict when it was settled already, NotFound.
    virtual Result<Recovery> settleRecovery(std::int64_t recoveryId, const std::string& settledOn,
                                            std::int64_t settledBy, const BudgetMovement& back,
                                            const AuditEntry& audit) = 0;
};

}  // namespace grantflow::engine
