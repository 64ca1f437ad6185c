#pragma once
// The money of a grant after the Council's vote (docs/payments.md): its
// instalments, from the programme's payment schedule and the City's share;
// the payments a finance officer records, each moving its amount from
// committed to paid in the transaction of the transition that carries it;
// and the recovery orders when less was spent than paid.
//
// Rules, each answered with the figures when broken:
// - a payment is positive, dated (not in the future) and referenced; it
//   never takes the payments beyond the City's share (Invalid), nor beyond
//   the instalments fallen due (GuardFailed: the next one falls due when
//   the application enters the state the schedule names);
// - a grant that needs a convention is paid only once a clerk recorded it
//   signed (GuardFailed);
// - the bank details are the organisation's confirmed IBAN at that moment,
//   recorded with the payment (none: GuardFailed);
// - the first payment fires the schedule's `first` transition (voted ->
//   paid) when it leaves the state; the others are recorded as `payment`
//   events that keep the state;
// - a recovery order is at most what was paid and not yet ordered back; the
//   organisation is flagged while one is open; settling it gives the money
//   back to the envelope.
//
// Finance officers record; whoever may see the application reads its
// ledger, the IBANs masked for those who may not see them.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/council_store.hpp"
#include "engine/grant_document_store.hpp"
#include "engine/payment_store.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "services/application_service.hpp"

namespace grantflow::services {

struct PaymentRequest {
    engine::Money amount;
    std::string paidOn;  // YYYY-MM-DD
    std::string reference;
};

struct RecoveryRequest {
    engine::Money amount;
    std::string reason;
    std::string reference;
    std::string orderedOn;  // YYYY-MM-DD
};

// One instalment of a grant's schedule, with what was paid of it (payments
// count against the instalments in order).
struct InstalmentView {
    int number = 0;
    int percent = 0;
    std::string dueState;  // the state whose entry makes it due
    engine::Money amount;
    engine::Money paid;
    bool due = false;  // the application entered `dueState`
};

struct PaymentLedger {
    engine::Application application;
    engine::Money cityShare;  // what the City pays: the granted amount less the partner's share
    std::vector<InstalmentView> instalments;
    std::vector<engine::Payment> payments;  // IBANs masked unless the caller may see them
    std::vector<engine::Recovery> recoveries;
    engine::Money paid;       // sum of the payments
    engine::Money payable;    // fallen due and not yet paid
    engine::Money recovered;  // ordered back (open or settled)
    bool conventionNeeded = false;
    std::string conventionSignedOn;  // empty: not signed (or none)
};

class PaymentService {
public:
    PaymentService(const engine::WorkflowCatalog& catalog, engine::WorkflowEngine& engine,
                   ApplicationService& applications, engine::WorkflowStore& workflows,
                   engine::PaymentStore& payments, engine::GrantDocumentStore& grantDocuments,
                   const engine::Clock& clock);

    // NotFound as ApplicationService::find; Invalid for an application the
    // Council has not granted.
    engine::Result<PaymentLedger> ledger(const engine::Actor& actor, std::int64_t applicationId);
    engine::Result<PaymentLedger> recordPayment(const engine::Actor& actor,
                                                std::int64_t applicationId,
                                                const PaymentRequest& request);
    engine::Result<PaymentLedger> orderRecovery(const engine::Actor& actor,
                                                std::int64_t applicationId,
                                                const RecoveryRequest& request);
    // NotFound for an order the caller may not see; Conflict once settled.
    engine::Result<PaymentLedger> settleRecovery(const engine::Actor& actor,
                                                 std::int64_t recoveryId,
                                                 const std::string& settledOn);

    // The payment orders workbook (XLSX) of the grants voted for `year`, of
    // `programme` or of every programme: one line per instalment due or
    // paid (docs/payments.md). Finance officers, clerks, auditors and
    // administrators; IBANs masked for those who may not see them.
    engine::Result<std::string> paymentOrders(const engine::Actor& actor,
                                              const std::optional<std::string>& programme,
                                              int year);

    // The open recovery orders of an organisation (the flag on its pages).
    std::vector<engine::Recovery> openRecoveries(std::int64_t organizationId);

    static constexpr std::size_t kMaxReference = 64;
    static constexpr std::size_t kMaxReason = 2000;

private:
    // The ledger of `app`, as `actor` may read it.
    PaymentLedger ledgerOf(const engine::Actor& actor, const engine::Application& app);
    // Forbidden unless `actor` keeps the City's books.
    static engine::Status mayRecord(const engine::Actor& actor);

    const engine::WorkflowCatalog& catalog_;
    engine::WorkflowEngine& engine_;
    ApplicationService& applications_;
    engine::WorkflowStore& workflows_;
    engine::PaymentStore& payments_;
    engine::GrantDocumentStore& grantDocuments_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
