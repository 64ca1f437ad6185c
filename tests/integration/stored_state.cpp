#include "tests/integration/stored_state.hpp"

#include <soci/soci.h>

namespace grantflow::testing {

std::map<std::int64_t, StoredApplication> storedApplications(store::Database& db) {
    std::map<std::int64_t, StoredApplication> stored;
    auto s = db.session();
    long long id = 0, version = 0;
    std::string state;
    soci::statement rows = (s->prepare << "SELECT id, state, version FROM applications",
                            soci::into(id), soci::into(state), soci::into(version));
    rows.execute();
    while (rows.fetch()) stored[id] = {state, version, 0};
    int n = 0;
    soci::statement audit =
        (s->prepare << "SELECT application_id, COUNT(*) FROM audit_entries "
                       "WHERE application_id IS NOT NULL "
                       "AND action NOT IN ('attachment_added', 'message_posted') "
                       "GROUP BY application_id",
         soci::into(id), soci::into(n));
    audit.execute();
    while (audit.fetch()) stored[id].stepEntries = n;
    return stored;
}

int unbalancedEnvelopes(store::Database& db) {
    auto s = db.session();
    int unbalanced = -1;
    *s << "SELECT COUNT(*) FROM envelopes e WHERE "
          "e.reserved_cents <> (SELECT COALESCE(SUM(CASE l.kind WHEN 'reserve' THEN l.amount_cents "
          "WHEN 'release_reservation' THEN -l.amount_cents WHEN 'commit' THEN -l.amount_cents "
          "ELSE 0 END), 0) FROM budget_ledger l WHERE l.programme = e.programme AND l.year = "
          "e.year) "
          "OR e.committed_cents <> (SELECT COALESCE(SUM(CASE l.kind WHEN 'commit' THEN "
          "l.amount_cents WHEN 'release_commitment' THEN -l.amount_cents WHEN 'pay' THEN "
          "-l.amount_cents ELSE 0 END), 0) FROM budget_ledger l WHERE l.programme = e.programme "
          "AND l.year = e.year) "
          "OR e.paid_cents <> (SELECT COALESCE(SUM(CASE l.kind WHEN 'pay' THEN l.amount_cents "
          "WHEN 'recover' THEN -l.amount_cents ELSE 0 END), 0) FROM budget_ledger l "
          "WHERE l.programme = e.programme AND l.year = e.year)",
        soci::into(unbalanced);
    return unbalanced;
}

}  // namespace grantflow::testing
