#pragma once
// The audit chain's head as it leaves the database: read, signed with the
// audit key into one line an operator keeps elsewhere, and checked back
// against the trail later (docs/store.md, "Exporting the head").
//
//   grantflow-audit-head seq=<seq> hash=<64 hex> at=<time of the entry> key=<key id> mac=<64 hex>
//
// `mac` is the HMAC-SHA-256, under the key named, of the line up to the
// space before "mac=". Someone who can write the database but does not hold
// the key can neither forge such a line nor rewrite the trail so that a
// kept line still matches it.
// Thread-safe: each call leases its own session.

#include <cstdint>
#include <optional>
#include <string>

#include "store/audit_chain.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct AuditHead {
    std::int64_t seq = 0;  // 0: no entry yet
    std::string hash = kGenesisHash;
    std::string at;                 // the last entry's time as stored; empty when none
    std::int64_t keyedFromSeq = 0;  // the first keyed entry; 0 when none
    std::string lastKeyId;          // the key that signed the last entry; empty when unkeyed
};

AuditHead readAuditHead(Database& db);

// The signed line (no newline).
std::string signAuditHead(const AuditHead& head, const AuditKey& key);

struct ExportedHeadCheck {
    bool ok = false;
    std::int64_t seq = 0;  // the line's seq, when it could be read
    std::string detail;    // one line for an operator
};

// Whether `line` is a head signed with a key of db.auditKeys() and the trail
// still holds that entry with that hash (the rest of the chain is
// AuditVerifier's business).
ExportedHeadCheck checkExportedHead(Database& db, const std::string& line);

// Why this Database cannot write to the trail with its keys: the trail is
// keyed and the key that signed its last entry is not in the keyring (a key
// file lost or replaced, a rotation without the old key). nullopt: fine.
std::optional<std::string> auditKeyProblem(Database& db);

}  // namespace grantflow::store
