#pragma once
// Checks the audit trail's chain (store/audit_chain.hpp): walks the entries
// in seq order, in one snapshot, and recomputes each hash, keyed ones with
// the Database's audit keys. Reports the first broken seq and why:
//   MissingEntry      a seq number is absent (a row was deleted);
//   PrevHashMismatch  an entry's prev_hash is not the previous entry's hash
//                     (rows removed, reordered or replaced), or an entry
//                     verified before no longer has the hash it had;
//   ContentMismatch   the entry's fields do not hash to its stored hash
//                     (a field was edited, or re-hashed without the key);
//   UnknownKey        the entry names a key the keyring does not hold (a
//                     key missing from the configuration, or a forged id);
//   FormatMismatch    an unkeyed entry after the trail's switch to keyed
//                     entries, or a keyed one before it (the head's
//                     keyed_from_seq or the entries' key ids were edited);
//   HeadMismatch      the chain head disagrees with the last entry (the
//                     tail was cut off, or the head was edited).
// Streaming: memory does not grow with the number of entries.
// Thread-safe; may run while the server is writing.

#include <cstdint>
#include <string>

#include "store/audit_chain.hpp"
#include "store/database.hpp"

namespace grantflow::store {

// A point of the chain already verified: the entry `seq` had hash `hash`.
struct AuditCheckpoint {
    std::int64_t seq = 0;  // 0: the start, before any entry
    std::string hash = kGenesisHash;
};

struct AuditVerification {
    enum class Problem {
        None,
        MissingEntry,
        PrevHashMismatch,
        ContentMismatch,
        UnknownKey,
        FormatMismatch,
        HeadMismatch
    };

    bool ok() const { return problem == Problem::None; }

    Problem problem = Problem::None;
    std::int64_t entriesChecked = 0;  // entries found intact before the problem (all when ok)
    std::int64_t brokenSeq = 0;       // 0 when ok
    std::string detail;               // one line for an operator
    AuditCheckpoint verified;         // the last intact entry (where the next run may start)
    std::int64_t keyedFromSeq = 0;    // the first keyed entry; 0 when the trail holds none
};

const char* toString(AuditVerification::Problem p);

class AuditVerifier {
public:
    explicit AuditVerifier(Database& db) : db_(db) {}
    // The whole chain.
    AuditVerification verify() { return verifyFrom(AuditCheckpoint{}); }
    // The entries after `from`, once the entry at from.seq is found to
    // still have from.hash; entriesChecked counts from the start of the
    // trail, as if the whole chain had been walked.
    AuditVerification verifyFrom(const AuditCheckpoint& from);

private:
    Database& db_;
};

}  // namespace grantflow::store
