#pragma once
// Checks that the data the audit trail vouches for still agrees with it, in
// one snapshot:
// - each application's current state is the to_state of its last entry
//   that has one (a state written without its entry, or an entry edited
//   away, shows here);
// - each budget_ledger row references an audit entry that exists, about
//   the same application, and whose details record that movement (kind and
//   amount in `budget`, or the `amount_cents` of a recovery) when they
//   record amounts at all.
// Every mismatch is reported with its ids. Streaming over applications
// and ledger rows; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace grantflow::store {

struct AuditMismatch {
    std::string kind;      // "application_state" or "ledger_entry"
    std::int64_t id = 0;   // the application's or the ledger row's id
    std::int64_t seq = 0;  // the audit entry concerned; 0 when none
    std::string detail;    // one line for an operator
};

std::vector<AuditMismatch> crossCheckAuditTrail(Database& db);

}  // namespace grantflow::store
