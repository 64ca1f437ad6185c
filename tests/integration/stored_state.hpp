#pragma once
// What the durability tests read back from a database after a kill or an
// outage, to compare with what the clients were told: each application's
// state, version and audit entries, and whether the envelopes still match
// their budget ledger. Reads only; SQL kept here so the tests share it.

#include <cstdint>
#include <map>
#include <string>

#include "store/database.hpp"

namespace grantflow::testing {

struct StoredApplication {
    std::string state;
    std::int64_t version = 0;
    // Audit entries of the steps that made its versions (its creation and
    // transitions), not those of files added or messages.
    int stepEntries = 0;
};

// An upload a client was answered 201 for: where it is and the SHA-256 of
// the bytes it sent, to compare with what is stored.
struct AcknowledgedUpload {
    std::int64_t application = 0;
    std::int64_t attachment = 0;
    std::string sha256;
};

// Every application of `db`, by id.
std::map<std::int64_t, StoredApplication> storedApplications(store::Database& db);

// How many envelopes have reserved, committed or paid sums that differ
// from the sums of their ledger rows (0 when the books balance).
int unbalancedEnvelopes(store::Database& db);

}  // namespace grantflow::testing
