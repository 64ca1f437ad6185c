#pragma once
// The tamper-evident audit trail: one global hash chain over all audit
// entries, in seq order.
//
//   hash(entry) = lowercase hex SHA-256 of  prev_hash || canonical(entry)
//
// where prev_hash is the previous entry's hash (64 hex characters; 64 zeros
// for seq 1) and canonical(entry) is the text built by canonicalAuditText():
//
//   "grantflow-audit-v1\n" followed by, for each field in this order,
//   "<name>=<byte length>:<value>\n"
//   seq, application_id, actor_id, actor_role, action, from_state, to_state,
//   comment, at, details
//
// Integers are in decimal, `at` is "YYYY-MM-DDTHH:MM:SSZ", text fields are
// their UTF-8 bytes unchanged. The length prefix makes the encoding
// unambiguous whatever the fields contain (newlines, '=' ...).
//
// appendAudit() must run inside a write transaction (Database::write): it
// locks the head row first (UPDATE audit_head ... RETURNING), so appends are
// serialised on PostgreSQL by the row lock and on SQLite by the write lock.

#include <soci/soci.h>

#include <string>

#include "engine/transition_change.hpp"

namespace grantflow::store {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string canonicalAuditText(const engine::AuditEntry& entry);
// The same with `at` given as stored text (the verifier hashes what is in
// the row, so a damaged timestamp shows up as a content mismatch).
std::string canonicalAuditText(const engine::AuditEntry& entry, const std::string& atText);
std::string auditHash(const std::string& prevHash, const engine::AuditEntry& entry);

// One row of audit_entries as stored, for the readers of the trail.
struct AuditRow {
    long long seq = 0;
    long long applicationId = 0;
    soci::indicator applicationInd = soci::i_null;
    long long actorId = 0;
    std::string actorRole, action, fromState, toState, comment, at, details, prevHash, hash;

    static constexpr const char* kColumns =
        "seq, application_id, actor_id, actor_role, action, from_state, to_state, comment, at, "
        "details, "
        "prev_hash, hash";
    void bind(soci::statement& st);
    // The entry with `at` parsed; throws std::runtime_error when it is malformed.
    engine::AuditEntry toEntry() const;
    // SHA-256 of prevHash || canonical text of this row as stored.
    std::string computeHash(const std::string& prevHash) const;
};

// Assigns entry.seq, entry.prevHash and entry.hash and inserts the entry.
void appendAudit(soci::session& sql, engine::AuditEntry& entry);

}  // namespace grantflow::store
