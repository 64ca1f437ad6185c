#pragma once
// Checks the audit trail's hash chain (store/audit_chain.hpp): walks every
// entry in seq order, in one snapshot, and recomputes each hash. Reports
// the first broken seq and why:
//   MissingEntry      a seq number is absent (a row was deleted);
//   PrevHashMismatch  an entry's prev_hash is not the previous entry's hash
//                     (rows removed, reordered or replaced);
//   ContentMismatch   the entry's fields do not hash to its stored hash
//                     (a field was edited);
//   HeadMismatch      the chain head disagrees with the last entry (the
//                     tail was cut off, or the head was edited).
// Streaming: memory does not grow with the number of entries.
// Thread-safe; may run while the server is writing.

#include <cstdint>
#include <string>

#include "store/database.hpp"

namespace grantflow::store {

struct AuditVerification {
    enum class Problem { None, MissingEntry, PrevHashMismatch, ContentMismatch, HeadMismatch };

    bool ok() const { return problem == Problem::None; }

    Problem problem = Problem::None;
    std::int64_t entriesChecked = 0;  // entries found intact before the problem (all when ok)
    std::int64_t brokenSeq = 0;       // 0 when ok
    std::string detail;               // one line for an operator
};

const char* toString(AuditVerification::Problem p);

class AuditVerifier {
public:
    explicit AuditVerifier(Database& db) : db_(db) {}
    AuditVerification verify();

private:
    Database& db_;
};

}  // namespace grantflow::store
